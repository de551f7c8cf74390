//! The bottom of the JSON contract: reading request text strictly and
//! writing responses. Every domain's op glue reads its fields through here;
//! nothing here knows any domain.
//!
//! - [`Node`]: a value of the request text, parsed only as far as asked
//!   (the text is checked for syntax once; no tree is built).
//! - [`Record`] / [`Obj`]: an object split into its known fields, with
//!   typed accessors, paths and the contract's codes (`unknown_field`,
//!   `missing_field`, `invalid_value`, `invalid_date`); batch arrays are
//!   read row by row in one pass ([`Obj::each_record`]).
//! - [`strict`]: the whole-text check for repeated keys, run when a
//!   response would carry an error or a value was left unread.
//! - [`Out`], [`Batch`], [`Rows`]: what an op writes its result into, and
//!   how an op with a batch array takes its rows (the interface between
//!   the op table at the top and each domain's op glue).
//! - [`write`]: what responses are written with (dates, errors).

mod node;
mod path;
mod record;
mod response;
pub(crate) mod strict;
pub(crate) mod write;

pub(crate) use node::{Kind, Node};
pub(crate) use path::Path;
pub(crate) use record::{Hook, Obj, Record, RowId, nested_mask, read_rows, take_unread};
pub(crate) use response::{Batch, Out, Rows};

/// Reads a whole data file (a policy, rule set, catalogue …): its syntax and
/// keys are checked at once, since a data file is small and every value of it
/// must be sound.
///
/// Errors: `invalid_json` naming `what`.
pub(crate) fn parse_data<'t>(text: &'t str, what: &str) -> Result<Node<'t>, crate::Error> {
    strict::check(text, what)?;
    Node::parse(text, what)
}
