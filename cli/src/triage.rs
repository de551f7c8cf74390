//! `wangshi triage`: a CSV of reported cases → their triage decisions.

use crate::csvin::{self, Columns, Problem, Row};
use crate::fail::Failure;
use crate::json::{ErrorBody, Request};
use crate::output::{Output, input_name, open_input, read_data_file};
use crate::{json, report};
use serde::Deserialize;
use std::borrow::Cow;
use std::io::Write;
use std::path::PathBuf;
use wangshi::{CaseRouter, Catalog, TriageRules};

/// Triage decisions for a CSV of reported cases
///
/// Reads a CSV of cases (a header row naming the columns, in any order: id,
/// item, reported_on and, when you have them, parties, repeat_count,
/// amount, flags; one case per row; UTF-8 with or without a byte order
/// mark) and writes, for every row in the same order, the decision of the
/// case.classify op: the class, the centre, the level, the department
/// that reports for duty and within how many minutes (社区吹哨、部门报到),
/// whether pre-litigation mediation applies and the days for judicial
/// confirmation, whether to report at once, and every rule that matched.
///
/// item is a code of the task catalogue (MD-02); reported_on is
/// YYYY-MM-DD; an empty parties, repeat_count or amount takes its default;
/// flags are separated by ; or | (emergency;needs_department).
///
/// A row that cannot be classified (an unknown item, an item not in force,
/// a bad date, an unknown flag, the wrong number of cells) is reported on
/// standard error with its line number and kept in its place in the output,
/// with its error code (error), the column to blame (error_column) and what
/// was wrong (error_message): no row is dropped silently.
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The cases: a CSV file, or - for standard input
    #[arg(value_name = "CASES.CSV")]
    cases: PathBuf,

    /// A task catalogue of the locality (JSON, the shape of the built-in one)
    #[arg(long, value_name = "CATALOG.JSON")]
    catalog: Option<PathBuf>,

    /// Triage rules of the locality (JSON, the shape of the built-in ones)
    #[arg(long, value_name = "RULES.JSON")]
    rules: Option<PathBuf>,

    /// Write the decisions to this file instead of standard output
    #[arg(short, long, value_name = "OUT.CSV")]
    output: Option<PathBuf>,

    /// Start the output with a UTF-8 byte order mark (for Excel)
    #[arg(long)]
    bom: bool,
}

/// The columns of the cases' CSV (the case fields of the JSON contract).
const COLUMNS: Columns = Columns {
    all: &[
        "id",
        "item",
        "reported_on",
        "parties",
        "repeat_count",
        "amount",
        "flags",
    ],
    required: &["id", "item", "reported_on"],
};
const ID: usize = 0;
const ITEM: usize = 1;
/// The columns sent as numbers when the cell is one (else as the text, for
/// the library to refuse).
const NUMBERS: &[usize] = &[3, 4, 5];
const FLAGS: usize = 6;

const HEADER: &[&str] = &[
    "line",
    "id",
    "item",
    "class",
    "center",
    "level",
    "whistle_department",
    "whistle_minutes",
    "mediation",
    "judicial_confirmation_within_days",
    "immediate_report",
    "matched_rules",
    "error",
    "error_column",
    "error_message",
];

/// Runs `wangshi triage`.
pub fn run(args: Args) -> Result<(), Failure> {
    // A locality's data, checked before any row is read.
    let load = |option: &str, path: &Option<PathBuf>| -> Result<Option<String>, Failure> {
        path.as_ref().map(|p| read_data_file(option, p)).transpose()
    };
    let catalog_text = load("--catalog", &args.catalog)?;
    let rules_text = load("--rules", &args.rules)?;
    let refused = |option: &str, path: &Option<PathBuf>, e: wangshi::Error| {
        let file = path
            .as_ref()
            .map_or(String::new(), |p| format!(" {}", p.display()));
        Failure::Usage(format!("{option}{file}: {}", e))
    };
    let catalog = match &catalog_text {
        Some(t) => Catalog::from_json(t).map_err(|e| refused("--catalog", &args.catalog, e))?,
        None => Catalog::default_catalog().clone(),
    };
    let rules = match &rules_text {
        Some(t) => TriageRules::from_json(t).map_err(|e| refused("--rules", &args.rules, e))?,
        None => TriageRules::default(),
    };
    if catalog_text.is_some() || rules_text.is_some() {
        CaseRouter::new(&rules, &catalog).map_err(|e| {
            let which = if catalog_text.is_some() {
                "--catalog"
            } else {
                "--rules"
            };
            let path = if catalog_text.is_some() {
                &args.catalog
            } else {
                &args.rules
            };
            refused(which, path, e)
        })?;
    }

    let name = input_name(&args.cases);
    let mut rows = csvin::read(&COLUMNS, open_input(&args.cases)?, &name)?;

    // One case.classify request with every row that could be read (the
    // locality's data first, so the rows are read in the same pass).
    let mut request = Request::new("case.classify", rows.len() * 128);
    if let Some(t) = &catalog_text {
        request.key(true, "catalog");
        request.raw(t);
    }
    if let Some(t) = &rules_text {
        request.key(true, "rules");
        request.raw(t);
    }
    request.key(true, "cases");
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
        case(&mut request, row);
    }
    request.raw("]}");

    let response = json::answer(&request.finish(), &name)?;
    let result: Classified = json::result(&response)?;
    if result.results.len() != sent.len() {
        return Err(Failure::Io(format!(
            "the library answered {} of {} cases; please report it",
            result.results.len(),
            sent.len()
        )));
    }
    // The decision of each CSV row, by row.
    let mut decision: Vec<Option<Decision>> = Vec::new();
    decision.resize_with(rows.len(), || None);
    for (k, a) in result.results.into_iter().enumerate() {
        let i = sent[k];
        match a.error {
            Some(e) => rows[i].problem = Some(Problem::of_row_error(e, "cases").1),
            None => decision[i] = Some(a),
        }
    }

    let mut csv = Output::create(args.output.as_ref())?.csv(args.bom)?;
    csv.row(HEADER)?;
    let mut classes: Vec<(&str, usize)> = Vec::new();
    let mut whistled = 0;
    for (row, d) in rows.iter().zip(&decision) {
        let line = row.line.to_string();
        match (d, &row.problem) {
            (Some(d), _) => {
                let class = d.class.as_deref().unwrap_or_default();
                match classes.iter_mut().find(|(c, _)| *c == class) {
                    Some((_, n)) => *n += 1,
                    None => classes.push((class, 1)),
                }
                whistled += usize::from(d.whistle.is_some());
                let minutes = d
                    .whistle
                    .as_ref()
                    .map_or(String::new(), |w| w.report_within_minutes.to_string());
                let days = d.mediation.as_ref().map_or(String::new(), |m| {
                    m.judicial_confirmation_within_days.to_string()
                });
                csv.row([
                    line.as_str(),
                    row.cell(ID),
                    row.cell(ITEM),
                    class,
                    d.center.as_deref().unwrap_or_default(),
                    d.level.as_deref().unwrap_or_default(),
                    d.whistle.as_ref().map_or("", |w| w.department.as_ref()),
                    &minutes,
                    if d.mediation.is_some() {
                        "true"
                    } else {
                        "false"
                    },
                    &days,
                    if d.immediate_report == Some(true) {
                        "true"
                    } else {
                        "false"
                    },
                    &d.matched_rules.join(";"),
                    "",
                    "",
                    "",
                ])?;
            }
            (None, Some(p)) => {
                csv.row([
                    line.as_str(),
                    row.cell(ID),
                    row.cell(ITEM),
                    "",
                    "",
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
            (None, None) => unreachable!("every row sent has an answer, every other a problem"),
        }
    }
    csv.finish()?;

    let bad: Vec<&Row> = rows.iter().filter(|r| r.problem.is_some()).collect();
    let mut err = std::io::stderr().lock();
    report::bad_rows(&mut err, &name, &bad);
    let classified = rows.len() - bad.len();
    let by_class: Vec<String> = classes.iter().map(|(c, n)| format!("{n} {c}")).collect();
    let _ = writeln!(
        err,
        "{name}: {classified} of {} cases classified{}; {whistled} call a department to report for duty{}",
        rows.len(),
        if by_class.is_empty() {
            String::new()
        } else {
            format!(" ({})", by_class.join(", "))
        },
        report::bad_note(bad.len()),
    );
    Ok(())
}

/// `case.classify`'s result for a batch, as the command reads it.
#[derive(Deserialize)]
struct Classified<'a> {
    #[serde(borrow)]
    results: Vec<Decision<'a>>,
}

/// One answer of the batch: a decision, or (with `error`) a row error.
#[derive(Deserialize)]
struct Decision<'a> {
    #[serde(default)]
    error: Option<ErrorBody>,
    #[serde(borrow, default)]
    class: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    center: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    level: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    whistle: Option<Whistle<'a>>,
    #[serde(default)]
    mediation: Option<Mediation>,
    #[serde(default)]
    immediate_report: Option<bool>,
    #[serde(borrow, default)]
    matched_rules: Vec<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct Whistle<'a> {
    #[serde(borrow)]
    department: Cow<'a, str>,
    report_within_minutes: u64,
}

#[derive(Deserialize)]
struct Mediation {
    judicial_confirmation_within_days: u64,
}

/// Writes one case of the request: text cells as strings, the count and
/// amount cells as numbers when they are numbers (else as the text, which
/// the library refuses with its own message), the flags as a list; an
/// empty cell is left out (absent: the default).
fn case(out: &mut Request, row: &Row) {
    out.raw("{");
    let mut first = true;
    for (i, name) in COLUMNS.all.iter().enumerate() {
        let cell = row.cell(i);
        if cell.is_empty() {
            continue;
        }
        out.key(!first, name);
        first = false;
        if i == FLAGS {
            out.raw("[");
            let flags = cell
                .split([';', '|'])
                .map(str::trim)
                .filter(|f| !f.is_empty());
            for (k, f) in flags.enumerate() {
                if k > 0 {
                    out.raw(",");
                }
                out.string(f);
            }
            out.raw("]");
        } else if NUMBERS.contains(&i) && serde_json::from_str::<serde_json::Number>(cell).is_ok() {
            out.raw(cell);
        } else {
            out.string(cell);
        }
    }
    out.raw("}");
}
