//! `wangshi visits`: a clerk's CSV of residents → today's visit worklist.

use crate::csvin::{self, Columns, Problem, Row};
use crate::fail::Failure;
use crate::json::{Request, RowError};
use crate::output::{Output, input_name, open_input, read_data_file};
use crate::{json, report};
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::PathBuf;
use wangshi::visit::VisitPolicy;

/// Today's visit worklist from a CSV of residents
///
/// Reads a CSV of residents (a header row naming the columns, in any order:
/// id, tier, tier_since, last_visit, worker and, if you have it, grid; one
/// resident per row; UTF-8 with or without a byte order mark) and writes
/// the worklist of --as-of as CSV: every resident with an alert, in the
/// order of the visit.worklist op (the most urgent first), with the visit
/// state, the current period, the due date, the days left, the missed
/// periods and the alert. A summary per grid worker goes to standard error
/// (or to --summary).
///
/// The tier is its code or one of the policy's labels, ignoring case (see
/// below). last_visit is empty for a resident never visited. Dates are
/// YYYY-MM-DD.
///
/// A row that cannot be evaluated (an unknown tier, a bad date, a missing
/// cell, the wrong number of cells) is reported on standard error with its
/// line number and written after the alerts, with its line, its error code
/// (error), the column to blame (error_column) and what was wrong
/// (error_message): no row is dropped silently.
#[derive(clap::Args)]
#[command(verbatim_doc_comment, after_long_help = tier_help())]
pub struct Args {
    /// The residents: a CSV file, or - for standard input
    #[arg(value_name = "RESIDENTS.CSV")]
    residents: PathBuf,

    /// The day of the worklist
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::parse_day)]
    as_of: String,

    /// A visit policy of the locality (JSON, the shape of the built-in one)
    #[arg(long, value_name = "POLICY.JSON")]
    policy: Option<PathBuf>,

    /// Write the worklist to this file instead of standard output
    #[arg(short, long, value_name = "WORKLIST.CSV")]
    output: Option<PathBuf>,

    /// Write the summary per worker to this file (CSV) instead of standard error
    #[arg(long, value_name = "SUMMARY.CSV")]
    summary: Option<PathBuf>,

    /// Start the output with a UTF-8 byte order mark (for Excel)
    #[arg(long)]
    bom: bool,
}

/// The tiers of the built-in policy with their labels, for `--help`.
fn tier_help() -> String {
    let mut s = String::from("Tiers of the built-in policy (code: labels):");
    for t in wangshi::visit::default_policy().tiers() {
        s.push_str(&format!("\n  {}: {}", t.code, t.labels.join(", ")));
    }
    s
}

/// The columns of the residents' CSV (the resident fields of the JSON
/// contract).
const COLUMNS: Columns = Columns {
    all: &["id", "tier", "tier_since", "last_visit", "grid", "worker"],
    required: &["id", "tier", "tier_since", "last_visit", "worker"],
};
const ID: usize = 0;
const TIER: usize = 1;
const GRID: usize = 4;
const WORKER: usize = 5;

/// The worklist's columns: the row's line, then the fields of a
/// `visit.worklist` alert, then the error of a row that has one.
const HEADER: &[&str] = &[
    "line",
    "id",
    "tier",
    "grid",
    "worker",
    "state",
    "period_start",
    "period_end",
    "due",
    "days_left",
    "missed_periods",
    "alert",
    "error",
    "error_column",
    "error_message",
];

/// `visit.worklist`'s result, as the command reads it.
#[derive(Deserialize)]
struct Worklist<'a> {
    #[serde(borrow)]
    alerts: Vec<Alert<'a>>,
    #[serde(borrow)]
    by_worker: BTreeMap<Cow<'a, str>, Counts>,
    #[serde(borrow)]
    errors: Vec<RowError<'a>>,
}

/// One alert of the worklist.
#[derive(Deserialize)]
struct Alert<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    tier: Cow<'a, str>,
    #[serde(borrow)]
    grid: Option<Cow<'a, str>>,
    #[serde(borrow)]
    worker: Cow<'a, str>,
    state: &'a str,
    period_start: Option<&'a str>,
    period_end: Option<&'a str>,
    due: &'a str,
    days_left: i64,
    missed_periods: u64,
    alert: &'a str,
}

/// A worker's alert counts.
#[derive(Deserialize, Default)]
struct Counts {
    reminder: u64,
    warning: u64,
    escalation: u64,
}

/// Runs `wangshi visits`.
pub fn run(args: Args) -> Result<(), Failure> {
    let (policy, policy_text) = match &args.policy {
        None => (VisitPolicy::default(), None),
        Some(path) => {
            let text = read_data_file("--policy", path)?;
            let policy = VisitPolicy::from_json(&text)
                .map_err(|e| Failure::Usage(format!("--policy {}: {}", path.display(), e)))?;
            (policy, Some(text))
        }
    };
    let name = input_name(&args.residents);
    let mut rows = csvin::read(&COLUMNS, open_input(&args.residents)?, &name)?;

    // One visit.worklist request with every row that could be read.
    let mut request = Request::new("visit.worklist", rows.len() * 128);
    request.key(true, "as_of");
    request.string(&args.as_of);
    if let Some(text) = &policy_text {
        request.key(true, "policy");
        request.raw(text);
    }
    request.key(true, "residents");
    request.raw("[");
    let mut sent: Vec<usize> = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        if row.problem.is_some() {
            continue;
        }
        if !sent.is_empty() {
            request.raw(",");
        }
        sent.push(i);
        resident(&mut request, row, &policy);
    }
    request.raw("]}");

    let response = json::answer(&request.finish(), &name)?;
    let result: Worklist = json::result(&response)?;
    for e in result.errors {
        let id = e.id;
        let (k, problem) = Problem::of_row_error(e.error, "residents");
        let i = json::row_of(k, &sent, &rows, id.as_deref(), ID)?;
        rows[i].problem = Some(problem);
    }

    // The line of each answered row, by id, for the alerts.
    let mut lines: HashMap<&str, Vec<u64>> = HashMap::with_capacity(sent.len());
    for &i in &sent {
        if rows[i].problem.is_none() {
            lines
                .entry(rows[i].cell(ID))
                .or_default()
                .push(rows[i].line);
        }
    }
    let mut csv = Output::create(args.output.as_ref())?.csv(args.bom)?;
    csv.row(HEADER)?;
    let mut line = String::new();
    for a in &result.alerts {
        line.clear();
        for (k, l) in lines.get(a.id.as_ref()).into_iter().flatten().enumerate() {
            if k > 0 {
                line.push(' ');
            }
            line.push_str(&l.to_string());
        }
        let days_left = a.days_left.to_string();
        let missed = a.missed_periods.to_string();
        csv.row([
            line.as_str(),
            &a.id,
            &a.tier,
            a.grid.as_deref().unwrap_or_default(),
            &a.worker,
            a.state,
            a.period_start.unwrap_or_default(),
            a.period_end.unwrap_or_default(),
            a.due,
            &days_left,
            &missed,
            a.alert,
            "",
            "",
            "",
        ])?;
    }
    let bad: Vec<&Row> = rows.iter().filter(|r| r.problem.is_some()).collect();
    for row in &bad {
        let p = row.problem.as_ref().expect("a bad row");
        let line = row.line.to_string();
        csv.row([
            line.as_str(),
            row.cell(ID),
            row.cell(TIER),
            row.cell(GRID),
            row.cell(WORKER),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            &p.code,
            p.column.as_deref().unwrap_or_default(),
            &p.message,
        ])?;
    }
    csv.finish()?;

    // What happened, in words, and the counts per worker.
    let mut err = std::io::stderr().lock();
    report::bad_rows(&mut err, &name, &bad);
    // The op's own counts per worker, summed.
    let total = result
        .by_worker
        .values()
        .fold(Counts::default(), |t, c| Counts {
            reminder: t.reminder + c.reminder,
            warning: t.warning + c.warning,
            escalation: t.escalation + c.escalation,
        });
    let _ = writeln!(
        err,
        "{name}: worklist for {}: {} of {} residents have an alert ({} escalation, {} warning, {} reminder) across {} grid workers{}",
        args.as_of,
        result.alerts.len(),
        rows.len(),
        total.escalation,
        total.warning,
        total.reminder,
        result.by_worker.len(),
        report::bad_note(bad.len()),
    );
    let table: Vec<[String; 4]> = result
        .by_worker
        .iter()
        .map(|(w, c)| {
            [
                w.to_string(),
                c.escalation.to_string(),
                c.warning.to_string(),
                c.reminder.to_string(),
            ]
        })
        .collect();
    let summary_header = ["worker", "escalation", "warning", "reminder"];
    match &args.summary {
        Some(path) => {
            let mut csv = Output::create(Some(path))?.csv(args.bom)?;
            csv.row(summary_header)?;
            for r in &table {
                csv.row(r)?;
            }
            csv.finish()?;
        }
        None => report::table(&mut err, &summary_header, &table),
    }
    Ok(())
}

/// Writes one resident of the request: the row's cells as strings (an
/// empty cell is left out: absent, as in the contract), the tier read
/// through the policy's labels.
fn resident(out: &mut Request, row: &Row, policy: &VisitPolicy) {
    out.raw("{");
    let mut first = true;
    for (i, name) in COLUMNS.all.iter().enumerate() {
        let cell = row.cell(i);
        if cell.is_empty() {
            continue;
        }
        let value = if i == TIER {
            policy.tier_by_label(cell).map_or(cell, |t| t.code.as_str())
        } else {
            cell
        };
        out.key(!first, name);
        first = false;
        out.string(value);
    }
    out.raw("}");
}
