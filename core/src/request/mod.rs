//! The bottom of the JSON contract: reading request objects strictly (unknown
//! fields rejected, missing ones named, paths to every problem) and parsing
//! request text with duplicate keys rejected. Every domain's op glue reads
//! its fields through here; nothing here knows any domain.

mod read;
pub(crate) mod strict;

pub(crate) use read::*;
