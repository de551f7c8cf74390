//! `wangshi`: the command line of the wangshi rules library (网事).
//!
//! - `wangshi eval [FILE|-]` answers JSON requests: one request, or NDJSON
//!   (one request per line, one response per line, streamed).
//! - `wangshi visits residents.csv --as-of YYYY-MM-DD` turns a county
//!   clerk's CSV of residents into today's visit worklist (CSV) and a
//!   summary per grid worker.
//! - `wangshi triage cases.csv` turns a CSV of reported cases into their
//!   triage decisions (CSV).
//!
//! Every rule, check and message comes from the core: the CSV commands
//! build one JSON request from the rows and write the response's rows back
//! out, so a CSV row gets exactly the answer (and error code) the same row
//! gets through `evaluate_json` in any other language. What is the
//! command's own is reading the CSV (header, line numbers, cells), the
//! tier labels it reads through the policy (`VisitPolicy::tier_by_label`)
//! and the wording of its summaries.
//!
//! Exit status: 0 when every request or row was answered (errors included,
//! in the output), 1 on an I/O error, 2 on bad arguments or an input that
//! cannot be read at all (one line on stderr).

mod csvin;
mod eval;
mod fail;
mod json;
mod output;
mod report;
mod triage;
mod visits;

use clap::{Parser, Subcommand};
use std::io::Write;
use std::process::ExitCode;

/// 网事 wangshi: rules for community grid governance, on the command line.
///
/// Answers JSON requests (the same contract as `evaluate_json` in Rust, C,
/// Java, PHP and Python) and turns a county clerk's CSV of residents or
/// cases into today's visit worklist or the cases' triage decisions.
///
/// Exit status: 0 when everything was answered (requests and rows with
/// errors included: the errors are in the output), 1 on an I/O error, 2 on
/// bad arguments or an input that cannot be read at all.
#[derive(Parser)]
#[command(name = "wangshi", version, subcommand_required = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Eval(eval::Args),
    Visits(visits::Args),
    Triage(triage::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return fail::clap_error(&e, &["eval", "visits", "triage"]),
    };
    let done = match cli.command {
        Command::Eval(a) => eval::run(a),
        Command::Visits(a) => visits::run(a),
        Command::Triage(a) => triage::run(a),
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            let code = f.exit_code();
            if let Some(m) = f.message() {
                let _ = writeln!(std::io::stderr(), "wangshi: {m}");
            }
            code
        }
    }
}

/// Reads a `YYYY-MM-DD` date argument with the core's own date rule.
fn parse_day(s: &str) -> Result<String, String> {
    match wangshi::date::parse_date(s) {
        Ok(_) => Ok(s.to_owned()),
        Err(e) => Err(e.message().to_owned()),
    }
}
