//! `wangshi eval`: JSON requests in, response envelopes out.

use crate::fail::Failure;
use crate::output::{input_name, open_input};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;

/// Answer JSON requests: one request, or NDJSON (one per line)
///
/// Every request gets its response envelope, `{"ok": true, "result", "stamp"}`
/// or `{"ok": false, "error"}`, on one line of standard output, exactly as
/// `evaluate_json` gives it. A request the library refuses (bad JSON, an
/// unknown op, a bad field) is answered with its error envelope like any
/// other: it never stops the stream.
///
/// One request or NDJSON: when the first non-blank line of the input is a
/// whole JSON value by itself, the input is NDJSON: every non-blank line is
/// one request, answered in order as it is read (a blank line is skipped;
/// the output is flushed whenever the command would wait for more input).
/// Otherwise the whole input is one request (such as a pretty-printed
/// one). `--lines` and `--whole` decide instead.
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The requests: a file, or - for standard input
    #[arg(value_name = "FILE|-", default_value = "-")]
    input: PathBuf,

    /// NDJSON whatever the first line: every non-blank line is one request
    #[arg(long, conflicts_with = "whole")]
    lines: bool,

    /// The whole input is one request, however many lines it has
    #[arg(long)]
    whole: bool,
}

/// Runs `wangshi eval`.
pub fn run(args: Args) -> Result<(), Failure> {
    let name = input_name(&args.input);
    let mut input = BufReader::with_capacity(1 << 16, open_input(&args.input)?);
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let written = |e: io::Error| Failure::writing("standard output", &e);
    let read_failed = |e: io::Error| Failure::reading(&name, &e);

    if args.whole {
        let mut all = Vec::new();
        input.read_to_end(&mut all).map_err(read_failed)?;
        answer(strip_bom(&all), &mut out).map_err(written)?;
        return out.flush().map_err(written);
    }

    let mut line = Vec::new();
    let mut first_line = true;
    let mut decided = args.lines;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line).map_err(read_failed)? == 0 {
            break;
        }
        let start = if first_line { bom_len(&line) } else { 0 };
        first_line = false;
        let text = trim_line_end(&line[start..]);
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if !decided {
            decided = true;
            if !is_whole_value(text) {
                // One request over several lines: this line and the rest.
                let mut all = line[start..].to_vec();
                input.read_to_end(&mut all).map_err(read_failed)?;
                answer(&all, &mut out).map_err(written)?;
                return out.flush().map_err(written);
            }
        }
        answer(text, &mut out).map_err(written)?;
        if input.buffer().is_empty() {
            // The next read may wait: let the reader see the answers so far.
            out.flush().map_err(written)?;
        }
    }
    out.flush().map_err(written)
}

/// Writes the response envelope of one request and a line end.
fn answer(request: &[u8], out: &mut impl Write) -> io::Result<()> {
    let response = match std::str::from_utf8(request) {
        Ok(text) => wangshi::respond(text),
        Err(e) => wangshi::Response::from_error(wangshi::Error::new(
            wangshi::ErrorCode::InvalidJson,
            format!("the request is not valid UTF-8: {e}"),
        )),
    };
    out.write_all(response.text.as_bytes())?;
    out.write_all(b"\n")
}

/// Whether a line is one JSON value by itself (what makes the input NDJSON).
fn is_whole_value(line: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(line).is_ok()
}

/// The length of a UTF-8 byte order mark at the start of `b` (0 or 3).
fn bom_len(b: &[u8]) -> usize {
    if b.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 }
}

fn strip_bom(b: &[u8]) -> &[u8] {
    &b[bom_len(b)..]
}

/// A line without its `\n` or `\r\n`.
fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_decides_ndjson_only_when_it_is_a_whole_value() {
        assert!(is_whole_value(br#"{"op": "tier.suggest", "tags": []}"#));
        assert!(is_whole_value(b"  [1, 2]  "));
        assert!(!is_whole_value(b"{"));
        assert!(!is_whole_value(br#"{"op": "tier.suggest","#));
        assert!(!is_whole_value(b"{} {}"));
        assert!(!is_whole_value(b"\xff"));
    }

    #[test]
    fn line_ends_and_marks_are_removed() {
        assert_eq!(trim_line_end(b"{}\r\n"), b"{}");
        assert_eq!(trim_line_end(b"{}\n"), b"{}");
        assert_eq!(trim_line_end(b"{}"), b"{}");
        assert_eq!(strip_bom(b"\xEF\xBB\xBF{}"), b"{}");
        assert_eq!(strip_bom(b"{}"), b"{}");
    }
}
