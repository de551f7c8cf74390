//! Reading a clerk's CSV: a header row naming the columns (in any order),
//! then one row per record, each with the line it starts on.
//!
//! UTF-8 with or without a byte order mark, CRLF or LF line ends, quoted
//! fields (with commas, quotes or line breaks inside). Cells are trimmed. A
//! header that names an unknown column, names one twice or lacks a required
//! one is a usage failure (a typo in a column name must not pass silently);
//! a row with the wrong number of cells or bytes that are not UTF-8 is kept
//! with its problem, and every other row is still read.

use crate::fail::Failure;
use crate::json::ErrorBody;
use std::io::Read;

/// The columns a command reads.
pub struct Columns {
    /// Every column the command knows, in its order.
    pub all: &'static [&'static str],
    /// The columns the header must name.
    pub required: &'static [&'static str],
}

/// One row of the CSV.
pub struct Row {
    /// The line of the file the row starts on (the header is line 1).
    pub line: u64,
    /// The row's cells, one per column of [`Columns::all`] (empty when the
    /// header does not name the column).
    cells: Vec<String>,
    /// Why the row could not be answered, when it could not.
    pub problem: Option<Problem>,
}

impl Row {
    /// The trimmed cell of column `i` of [`Columns::all`].
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", String::as_str)
    }
}

/// Why a row could not be answered: an error code of the contract, the
/// column to blame (when one is) and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The error code (`invalid_date`, `unknown_tier` …).
    pub code: String,
    /// The column to blame, when one is.
    pub column: Option<String>,
    /// What was wrong.
    pub message: String,
}

impl Problem {
    /// A problem of the CSV itself (not of the library's reading of a row).
    fn of_csv(message: String) -> Problem {
        Problem {
            code: wangshi::ErrorCode::InvalidValue.as_str().to_owned(),
            column: None,
            message,
        }
    }

    /// The problem a response gives for a batch row, with the index of the
    /// row in the request's `field` array, read from the error's path
    /// (`residents[12].tier` → 12, column `tier`).
    pub fn of_row_error(error: ErrorBody, field: &str) -> (Option<usize>, Problem) {
        let (index, column) = match error
            .path
            .as_deref()
            .and_then(|p| p.strip_prefix(field))
            .and_then(|p| p.strip_prefix('['))
            .and_then(|p| p.split_once(']'))
        {
            Some((i, rest)) => {
                let column = rest
                    .strip_prefix('.')
                    .map(|c| c.split(['.', '[']).next().unwrap_or(c).to_owned())
                    .filter(|c| !c.is_empty());
                (i.parse().ok(), column)
            }
            None => (None, None),
        };
        let problem = Problem {
            code: error.code,
            column,
            message: error.message,
        };
        (index, problem)
    }
}

/// Reads the CSV `name` from `input`.
///
/// Errors: a usage failure for an empty file or a header that is not the
/// command's (not UTF-8, an unknown, repeated or missing column); an I/O
/// failure when reading fails.
pub fn read(columns: &Columns, mut input: impl Read, name: &str) -> Result<Vec<Row>, Failure> {
    // Read whole, to count lines exactly: the position the csv reader gives
    // for a record can lie before the line end (or the blank lines) that
    // precede it.
    let mut bytes = Vec::new();
    input
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::reading(name, &e))?;
    let mut lines = LineCounter::default();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[..]);
    let mut record = csv::ByteRecord::new();
    let failed = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(e) => Failure::reading(name, &e),
        _ => Failure::Io(format!("cannot read {name} as CSV")),
    };
    let expected = || columns.all.join(", ");
    if !reader.read_byte_record(&mut record).map_err(failed)? {
        return Err(Failure::Usage(format!(
            "{name} is empty: its first row must name the columns ({})",
            expected()
        )));
    }
    // Header cell k → column of `columns.all`.
    let mut slots: Vec<usize> = Vec::with_capacity(record.len());
    for (k, raw) in record.iter().enumerate() {
        let raw = if k == 0 {
            raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)
        } else {
            raw
        };
        let Ok(cell) = std::str::from_utf8(raw) else {
            return Err(Failure::Usage(format!(
                "{name} is not UTF-8 text: save it as \"CSV UTF-8\" (in Excel: 另存为 → CSV UTF-8)"
            )));
        };
        let cell = cell.trim();
        let Some(slot) = columns.all.iter().position(|c| *c == cell) else {
            return Err(Failure::Usage(if cell.is_empty() {
                format!(
                    "{name} line 1: column {} has no name; the columns are {}",
                    k + 1,
                    expected()
                )
            } else {
                format!(
                    "{name} line 1: unknown column {cell:?}; the columns are {}",
                    expected()
                )
            }));
        };
        if slots.contains(&slot) {
            return Err(Failure::Usage(format!(
                "{name} line 1: column {cell:?} is named twice"
            )));
        }
        slots.push(slot);
    }
    let missing: Vec<&str> = columns
        .required
        .iter()
        .filter(|c| !slots.iter().any(|&s| columns.all[s] == **c))
        .copied()
        .collect();
    if !missing.is_empty() {
        return Err(Failure::Usage(format!(
            "{name} line 1: no column {}; the columns are {} (only {} may be left out)",
            missing
                .iter()
                .map(|c| format!("{c:?}"))
                .collect::<Vec<_>>()
                .join(", "),
            expected(),
            columns
                .all
                .iter()
                .filter(|c| !columns.required.contains(c))
                .copied()
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }

    let mut rows = Vec::new();
    while reader.read_byte_record(&mut record).map_err(failed)? {
        let line = lines.line_of(&bytes, record.position().map_or(0, |p| p.byte()));
        let mut cells = vec![String::new(); columns.all.len()];
        let mut problem = None;
        for (k, raw) in record.iter().enumerate().take(slots.len()) {
            match std::str::from_utf8(raw) {
                Ok(s) => cells[slots[k]] = s.trim().to_owned(),
                Err(_) => {
                    problem.get_or_insert_with(|| {
                        Problem::of_csv(format!(
                            "column {} of the row is not UTF-8 text: save the file as \"CSV UTF-8\"",
                            columns.all[slots[k]]
                        ))
                    });
                }
            }
        }
        if record.len() != slots.len() {
            problem = Some(Problem::of_csv(format!(
                "the row has {} cells where the header has {} (a comma in a cell that is not in quotes?)",
                record.len(),
                slots.len()
            )));
        }
        rows.push(Row {
            line,
            cells,
            problem,
        });
    }
    Ok(rows)
}

/// The line numbers of records, in the order they are read.
#[derive(Default)]
struct LineCounter {
    /// Where counting stopped.
    at: usize,
    /// Line breaks before `at`.
    breaks: u64,
}

impl LineCounter {
    /// The line (from 1) of the record the csv reader placed at byte
    /// `start`: its first byte is the first one there that is not a line
    /// end.
    fn line_of(&mut self, bytes: &[u8], start: u64) -> u64 {
        let mut start = usize::try_from(start)
            .unwrap_or(bytes.len())
            .min(bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > self.at {
            self.breaks += bytes[self.at..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            self.at = start;
        }
        self.breaks + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: Columns = Columns {
        all: &["id", "tier", "grid"],
        required: &["id", "tier"],
    };

    fn rows(text: &str) -> Result<Vec<Row>, Failure> {
        read(&COLUMNS, text.as_bytes(), "t.csv")
    }

    fn usage(text: &str) -> String {
        match rows(text) {
            Err(Failure::Usage(m)) => m,
            Err(other) => panic!("{other:?}"),
            Ok(_) => panic!("read"),
        }
    }

    #[test]
    fn header_in_any_order_with_a_bom_crlf_and_quoted_cells() {
        let r = rows("\u{feff}tier, id\r\n\"绿\",\"a,1\"\r\n\r\n红,\"b\"\"2\"\r\n").unwrap();
        // (A blank line between rows is skipped, and counted.)
        assert_eq!(r.len(), 2);
        assert_eq!((r[0].line, r[0].cell(0), r[0].cell(1)), (2, "a,1", "绿"));
        assert_eq!((r[1].line, r[1].cell(0), r[1].cell(1)), (4, "b\"2", "红"));
        assert_eq!(r[1].cell(2), "");
    }

    #[test]
    fn a_quoted_line_break_keeps_the_line_numbers_right() {
        let r = rows("id,tier\n\"a\nb\",x\nc,y\n").unwrap();
        assert_eq!((r[0].line, r[0].cell(0)), (2, "a\nb"));
        assert_eq!((r[1].line, r[1].cell(0)), (4, "c"));
    }

    #[test]
    fn rows_with_the_wrong_number_of_cells_or_bad_bytes_are_kept_with_their_problem() {
        let r = read(&COLUMNS, &b"id,tier\na\nb,x,y\nc,\xff\nd,z\n"[..], "t.csv").unwrap();
        assert_eq!(r.len(), 4);
        let p = |i: usize| r[i].problem.as_ref().map(|p| p.message.clone());
        assert!(p(0).unwrap().contains("1 cells where the header has 2"));
        assert!(p(1).unwrap().contains("3 cells"));
        assert!(p(2).unwrap().contains("not UTF-8"));
        assert_eq!(p(3), None);
        assert_eq!(r[0].cell(0), "a");
        assert_eq!(r[2].line, 4);
    }

    #[test]
    fn headers_that_are_not_the_commands_are_usage_failures() {
        assert!(usage("").contains("t.csv is empty"));
        assert!(usage("id,tier,grdi\n").contains(r#"unknown column "grdi""#));
        assert!(usage("id,tier,\n").contains("column 3 has no name"));
        assert!(usage("id,tier,id\n").contains(r#"column "id" is named twice"#));
        let m = usage("id,grid\n");
        assert!(
            m.contains(r#"no column "tier""#) && m.contains("only grid may be left out"),
            "{m}"
        );
        assert!(match read(&COLUMNS, &b"id,t\xffer\n"[..], "t.csv") {
            Err(Failure::Usage(m)) => m.contains("not UTF-8"),
            _ => false,
        });
    }

    #[test]
    fn row_errors_of_a_response_name_their_row_and_column() {
        let e = |path: Option<&str>| ErrorBody {
            code: "invalid_date".into(),
            message: "bad".into(),
            path: path.map(str::to_owned),
        };
        let (i, p) = Problem::of_row_error(e(Some("residents[12].tier_since")), "residents");
        assert_eq!(
            (i, p.column.as_deref(), p.code.as_str()),
            (Some(12), Some("tier_since"), "invalid_date")
        );
        let (i, p) = Problem::of_row_error(e(Some("cases[3].flags[1]")), "cases");
        assert_eq!((i, p.column.as_deref()), (Some(3), Some("flags")));
        let (i, p) = Problem::of_row_error(e(Some("cases[3]")), "cases");
        assert_eq!((i, p.column), (Some(3), None));
        let (i, p) = Problem::of_row_error(e(None), "cases");
        assert_eq!((i, p.column), (None, None));
    }
}
