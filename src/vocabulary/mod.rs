//! The Chinese budget vocabulary in one place: the patterns and word lists that recognise
//! table titles, 单位 / 注 / 续表 / page-number lines, total / 其中 labels, the cover
//! wording document metadata is read from, and the 说明 figure statements the checks read.
//!
//! Every stage (layout, tables, records, checks, meta) may import this module; it imports
//! no stage, only [`crate::contract`] for the kinds a title classifies into. Each item says
//! what it matches with an example from a real document, so a new county's wording is
//! added here rather than hunted for across the stages.
//!
//! Not here: the measure vocabulary (which header label is which measure word) lives with
//! its logic in `records::measures`.

pub mod document;
pub mod labels;
pub mod lines;
pub mod prose;
pub mod titles;
