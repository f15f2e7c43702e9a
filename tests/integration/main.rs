//! The one integration-test binary: golden samples, the command line, bad input, bulk
//! runs and the warehouse outputs.

// Skip notices (a corpus or ../shared that is absent) go to stderr by design.
#![allow(clippy::print_stderr)]

mod bad_input;
mod bad_pdf;
mod bulk;
mod cli;
mod corpus;
mod golden;
mod inspect;
mod serve;
mod summary;
mod support;
mod warehouse;
mod xlsx;
