//! Opening the input and output files (`-` is standard input or output).

use crate::fail::Failure;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// An input named on the command line: `-` is standard input.
pub fn open_input(path: &Path) -> Result<Box<dyn Read>, Failure> {
    if path == Path::new("-") {
        return Ok(Box::new(io::stdin()));
    }
    if path.is_dir() {
        return Err(Failure::Usage(format!(
            "cannot open {}: it is a directory",
            path.display()
        )));
    }
    match File::open(path) {
        Ok(f) => Ok(Box::new(f)),
        Err(e) => Err(Failure::opening(path, &e)),
    }
}

/// The name to use for an input in messages.
pub fn input_name(path: &Path) -> String {
    if path == Path::new("-") {
        "standard input".to_owned()
    } else {
        path.display().to_string()
    }
}

/// Reads a whole data file named by an option (`--policy`, `--catalog`,
/// `--rules`) as text, without a leading byte order mark.
///
/// Errors: a usage failure when it cannot be opened or is not UTF-8.
pub fn read_data_file(option: &str, path: &Path) -> Result<String, Failure> {
    let mut bytes = Vec::new();
    open_input(path)?
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::reading(&path.display().to_string(), &e))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        Failure::Usage(format!(
            "{option} {}: the file is not UTF-8 text",
            path.display()
        ))
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// Where a command writes: a file (`-o FILE`) or standard output.
pub struct Output {
    /// The name for messages.
    pub name: String,
    /// The writer.
    pub w: BufWriter<Box<dyn Write>>,
}

impl Output {
    /// Creates `path` (`None` or `-`: standard output).
    ///
    /// Errors: an I/O failure when the file cannot be created.
    pub fn create(path: Option<&PathBuf>) -> Result<Output, Failure> {
        let (name, w): (String, Box<dyn Write>) = match path {
            None => ("standard output".to_owned(), Box::new(io::stdout())),
            Some(p) if p.as_path() == Path::new("-") => {
                ("standard output".to_owned(), Box::new(io::stdout()))
            }
            Some(p) => {
                let name = p.display().to_string();
                match File::create(p) {
                    Ok(f) => (name, Box::new(f)),
                    Err(e) => {
                        return Err(Failure::Io(format!(
                            "cannot create {name}: {}",
                            crate::fail::describe(&e)
                        )));
                    }
                }
            }
        };
        Ok(Output {
            name,
            w: BufWriter::with_capacity(1 << 16, w),
        })
    }

    /// A CSV writer over this output (LF line ends; a UTF-8 byte order mark
    /// first when `bom`, for spreadsheet programs that need one to read
    /// UTF-8).
    ///
    /// Errors: an I/O failure writing the mark.
    pub fn csv(self, bom: bool) -> Result<CsvOut, Failure> {
        let Output { name, mut w } = self;
        if bom {
            w.write_all("\u{feff}".as_bytes())
                .map_err(|e| Failure::writing(&name, &e))?;
        }
        let w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(w);
        Ok(CsvOut { name, w })
    }
}

/// A CSV output.
pub struct CsvOut {
    name: String,
    w: csv::Writer<BufWriter<Box<dyn Write>>>,
}

impl CsvOut {
    /// Writes one record.
    ///
    /// Errors: an I/O failure.
    pub fn row<I, T>(&mut self, cells: I) -> Result<(), Failure>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.w.write_record(cells).map_err(|e| self.failed(e))
    }

    /// Flushes everything written.
    ///
    /// Errors: an I/O failure.
    pub fn finish(mut self) -> Result<(), Failure> {
        self.w.flush().map_err(|e| Failure::writing(&self.name, &e))
    }

    fn failed(&self, e: csv::Error) -> Failure {
        match e.into_kind() {
            csv::ErrorKind::Io(e) => Failure::writing(&self.name, &e),
            _ => Failure::Io(format!("cannot write {}", self.name)),
        }
    }
}
