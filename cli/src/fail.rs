//! How the command fails: one line on stderr and an exit status (1 for an
//! I/O error, 2 for bad arguments or an input that cannot be read at all).

use std::io;
use std::path::Path;
use std::process::ExitCode;

/// Why the command stopped before it answered everything.
#[derive(Debug)]
pub enum Failure {
    /// Bad arguments, a missing input file, an input that is not what the
    /// command reads (exit 2).
    Usage(String),
    /// Reading or writing failed part-way (exit 1).
    Io(String),
    /// The output was closed by its reader (`| head`): nothing to say
    /// (exit 1).
    Closed,
}

impl Failure {
    /// The exit status.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Usage(_) => ExitCode::from(2),
            Failure::Io(_) | Failure::Closed => ExitCode::from(1),
        }
    }

    /// The line for stderr, if any.
    pub fn message(&self) -> Option<&str> {
        match self {
            Failure::Usage(m) | Failure::Io(m) => Some(m),
            Failure::Closed => None,
        }
    }

    /// A failure to write `what` (the output file's name or "standard
    /// output").
    pub fn writing(what: &str, e: &io::Error) -> Failure {
        if e.kind() == io::ErrorKind::BrokenPipe {
            Failure::Closed
        } else {
            Failure::Io(format!("cannot write {what}: {}", describe(e)))
        }
    }

    /// A failure to read `what` after it was opened.
    pub fn reading(what: &str, e: &io::Error) -> Failure {
        Failure::Io(format!("cannot read {what}: {}", describe(e)))
    }

    /// A file named on the command line that cannot be opened.
    pub fn opening(path: &Path, e: &io::Error) -> Failure {
        Failure::Usage(format!("cannot open {}: {}", path.display(), describe(e)))
    }
}

/// An I/O error in words, without the OS error number.
pub fn describe(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        io::ErrorKind::IsADirectory => "it is a directory".to_owned(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_owned(),
                None => s,
            }
        }
    }
}

/// Handles an argument error of clap: `--help` and `--version` print and
/// exit 0, no command at all prints the help and exits 2; anything else is
/// one line on stderr and exit 2, with clap's tip (a similar argument) and
/// the command whose `--help` to read.
pub fn clap_error(e: &clap::Error, commands: &[&str]) -> ExitCode {
    use clap::error::ErrorKind;
    use std::io::Write;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::from(2)
        }
        _ => {
            // The command the arguments were for, if one was named.
            let command = std::env::args()
                .skip(1)
                .find(|a| commands.contains(&a.as_str()))
                .map_or("wangshi".to_owned(), |c| format!("wangshi {c}"));
            let _ = writeln!(
                io::stderr(),
                "wangshi: {}",
                one_line(&e.to_string(), &command)
            );
            ExitCode::from(2)
        }
    }
}

/// clap's several-line error text as one line: the error with the items it
/// lists, its tips, and where to read more.
pub fn one_line(text: &str, command: &str) -> String {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or("invalid arguments").trim();
    let mut out = first.strip_prefix("error: ").unwrap_or(first).to_owned();
    let mut items: Vec<&str> = Vec::new();
    let mut tips: Vec<&str> = Vec::new();
    for l in lines {
        if !l.starts_with(char::is_whitespace) {
            // `Usage: …`, `For more information, try '--help'.`
            continue;
        }
        let l = l.trim();
        match l.strip_prefix("tip: ") {
            Some(tip) => tips.push(tip),
            None => items.push(l),
        }
    }
    if !items.is_empty() {
        out.push(' ');
        out.push_str(&items.join(", "));
    }
    for tip in tips {
        out.push_str("; ");
        out.push_str(tip);
    }
    out.push_str(&format!(" (see '{command} --help')"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_errors_become_one_line_with_the_command() {
        let text = "error: unexpected argument '--as_of' found\n\n  tip: a similar argument exists: '--as-of'\n\nUsage: wangshi visits --as-of <YYYY-MM-DD> <RESIDENTS.CSV>\n\nFor more information, try '--help'.\n";
        assert_eq!(
            one_line(text, "wangshi visits"),
            "unexpected argument '--as_of' found; a similar argument exists: '--as-of' (see 'wangshi visits --help')"
        );
        let text = "error: the following required arguments were not provided:\n  --as-of <YYYY-MM-DD>\n  <RESIDENTS.CSV>\n\nUsage: wangshi visits --as-of <YYYY-MM-DD> <RESIDENTS.CSV>\n";
        assert_eq!(
            one_line(text, "wangshi visits"),
            "the following required arguments were not provided: --as-of <YYYY-MM-DD>, <RESIDENTS.CSV> (see 'wangshi visits --help')"
        );
        assert_eq!(
            one_line("", "wangshi"),
            "invalid arguments (see 'wangshi --help')"
        );
    }

    #[test]
    fn io_errors_are_described_without_os_numbers() {
        let e = io::Error::from_raw_os_error(28); // ENOSPC on Linux
        assert!(!describe(&e).contains("os error"), "{}", describe(&e));
        assert_eq!(
            describe(&io::Error::from(io::ErrorKind::NotFound)),
            "no such file"
        );
    }
}
