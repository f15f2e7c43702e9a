//! The contract's table kinds and classification of a printed title into one.
//!
//! The title patterns and the words that pick a kind live in [`crate::vocabulary::titles`];
//! this module keeps the stage's old names so callers read `kinds::classify_title`.

pub use crate::contract::TableKind;
pub use crate::vocabulary::titles::{
    classify_title, is_continuation, is_table_number, looks_like_title,
};
