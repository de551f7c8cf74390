//! What the CSV commands say on standard error: the bad rows with their
//! line numbers, one line of what happened, a small table.

use crate::csvin::Row;
use std::io::Write;

/// The most bad rows listed on standard error (all are in the output).
const LISTED: usize = 20;

/// Lists the bad rows (at most [`LISTED`]) with their line numbers.
pub fn bad_rows(err: &mut impl Write, name: &str, bad: &[&Row]) {
    for row in bad.iter().take(LISTED) {
        let p = row.problem.as_ref().expect("a bad row");
        let column = p
            .column
            .as_ref()
            .map_or(String::new(), |c| format!(", column {c}"));
        let _ = writeln!(
            err,
            "{name} line {}{column}: {}: {}",
            row.line, p.code, p.message
        );
    }
    if bad.len() > LISTED {
        let _ = writeln!(
            err,
            "{name}: … and {} more bad rows (every one is in the output with its error)",
            bad.len() - LISTED
        );
    }
}

/// The end of the line saying what happened: how many rows were bad.
pub fn bad_note(bad: usize) -> String {
    match bad {
        0 => "; no bad rows".to_owned(),
        1 => "; 1 bad row, kept in the output with its error".to_owned(),
        n => format!("; {n} bad rows, kept in the output with their errors"),
    }
}

/// A table with aligned columns (the first left-aligned, the others
/// right-aligned).
pub fn table<const N: usize>(err: &mut impl Write, header: &[&str; N], rows: &[[String; N]]) {
    let mut width = header.map(columns);
    for r in rows {
        for (w, c) in width.iter_mut().zip(r) {
            *w = (*w).max(columns(c));
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (k, (c, w)) in cells.iter().zip(width).enumerate() {
            let pad = " ".repeat(w - columns(c));
            if k == 0 {
                s.push_str(c);
                s.push_str(&pad);
            } else {
                s.push_str("  ");
                s.push_str(&pad);
                s.push_str(c);
            }
        }
        s
    };
    let _ = writeln!(err, "{}", line(header.to_vec()));
    for r in rows {
        let _ = writeln!(err, "{}", line(r.iter().map(String::as_str).collect()));
    }
}

/// How many columns of a terminal `s` takes: two for the wide characters of
/// Chinese, Japanese and Korean (and full-width forms), one for others.
fn columns(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let wide = matches!(u32::from(c),
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
                | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
            if wide { 2 } else { 1 }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_chinese_names() {
        let mut out = Vec::new();
        table(
            &mut out,
            &["worker", "n"],
            &[
                ["张敏".to_owned(), "1".to_owned()],
                ["w12345".to_owned(), "10".to_owned()],
            ],
        );
        let text = String::from_utf8(out).unwrap();
        let widths: Vec<usize> = text.lines().map(columns).collect();
        assert_eq!(widths, [10, 10, 10], "{text}");
        assert_eq!(columns("绿 green"), 8);
    }
}
