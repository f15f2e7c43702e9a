//! Types the output contract and every stage share, at the bottom of the crate: exact
//! amounts, the grid hand-off between the front ends and the table stage, and (with the
//! serde types in [`crate::model`]) what a table and its columns mean. No module here
//! imports a pipeline stage, so a stage never reaches up to a later one for a type.

mod amount;
mod grid;
mod kind;

pub use amount::{is_dash, Amount};
pub use grid::{Block, Geometry, Indent, Item, Merge, Reader};
pub use kind::TableKind;
