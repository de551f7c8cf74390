//! What an op writes its result into, and how an op with a batch array
//! takes its rows: the interface between the op table (`crate::ops`, at the
//! top) and each domain's op glue. Nothing here knows any domain.

use crate::error::Error;
use crate::request::write::RowError;
use crate::request::{Obj, Record};
use crate::stamp::{DataStamp, RuleData};
use serde::Serialize;
use serde_json::Value;
use std::borrow::Cow;

/// What an op with a batch array does with its rows: one at a time, as they
/// are read, then once at the end.
pub(crate) trait Rows<'t> {
    /// One row of the batch array, with its index.
    fn row(&mut self, i: usize, rec: &Record<'t>, out: &mut Out);

    /// After the last row.
    ///
    /// Errors: the op's error, if it has one after seeing every row.
    fn finish(self: Box<Self>, out: &mut Out) -> Result<(), Error>;
}

/// Starts a batch op from its request object (every field but the batch
/// array): reads the other fields, writes what comes before the rows.
pub(crate) type Begin =
    for<'t, 'p> fn(&Obj<'t, 'p>, &mut Out) -> Result<Box<dyn Rows<'t> + 't>, Error>;

/// An op with a batch array: the array's field, whether it is required, the
/// fields of its rows (and which of them are nested) and how to begin.
///
/// When the array comes after the fields its op needs first (as requests
/// are usually written: `{"op", "as_of", "residents"}`), its rows are read
/// and answered in the same pass as the rest of the request; otherwise the
/// array's text is kept and read afterwards. Either way the answer is the
/// same.
pub(crate) struct Batch {
    pub(crate) field: &'static str,
    pub(crate) required: bool,
    pub(crate) rows: &'static [&'static str],
    pub(crate) nested: &'static [&'static str],
    pub(crate) begin: Begin,
}

/// Where an op writes its result: the response text being built, the data
/// sets it used (for the stamp) and whether a row carried an error.
pub(crate) struct Out {
    buf: Vec<u8>,
    row_errors: bool,
    data: Vec<(&'static str, DataStamp)>,
    /// Recently written dates: the day number and its quoted text (length
    /// first).
    days: Box<[(i32, [u8; 24]); 64]>,
}

const OK_PREFIX: &str = r#"{"ok":true,"result":"#;

impl Out {
    pub(crate) fn new(request_len: usize) -> Out {
        let mut buf = Vec::with_capacity(OK_PREFIX.len() + request_len + 256);
        buf.extend_from_slice(OK_PREFIX.as_bytes());
        Out {
            buf,
            row_errors: false,
            data: Vec::new(),
            days: Box::new([(crate::date::NO_DATE, [0; 24]); 64]),
        }
    }

    /// Forgets everything written (to answer the request another way).
    pub(crate) fn reset(&mut self) {
        self.buf.truncate(OK_PREFIX.len());
        self.row_errors = false;
        self.data.clear();
    }

    /// Writes a value.
    pub(crate) fn json<T: Serialize + ?Sized>(&mut self, v: &T) {
        serde_json::to_writer(&mut self.buf, v).expect("a result serializes");
    }

    /// Writes JSON text as it is.
    #[inline]
    pub(crate) fn raw(&mut self, text: &str) {
        self.buf.extend_from_slice(text.as_bytes());
    }

    /// Writes a string as a JSON string (escaped).
    #[inline]
    pub(crate) fn str(&mut self, s: &str) {
        self.json(s);
    }

    /// Writes a code of the contract (ASCII snake_case, never escaped) as a
    /// JSON string.
    #[inline]
    pub(crate) fn code(&mut self, code: &str) {
        debug_assert!(
            code.bytes()
                .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\')
        );
        self.buf.push(b'"');
        self.buf.extend_from_slice(code.as_bytes());
        self.buf.push(b'"');
    }

    /// Writes an integer.
    #[inline]
    pub(crate) fn int(&mut self, n: i64) {
        let mut b = [0u8; 20];
        let mut i = b.len();
        let mut m = n.unsigned_abs();
        loop {
            i -= 1;
            b[i] = b'0' + (m % 10) as u8;
            m /= 10;
            if m == 0 {
                break;
            }
        }
        if n < 0 {
            self.buf.push(b'-');
        }
        self.buf.extend_from_slice(&b[i..]);
    }

    /// Writes a day number as a `"YYYY-MM-DD"` string, or `null` for
    /// [`NO_DATE`](crate::date::NO_DATE).
    #[inline]
    pub(crate) fn day(&mut self, d: i32) {
        if d == crate::date::NO_DATE {
            self.raw("null");
            return;
        }
        // Batch results repeat few dates (a period's ends, due dates): the
        // text of recent ones is kept, by day number.
        let slot = &mut self.days[(d as u32 & 63) as usize];
        if slot.0 != d {
            *slot = (d, crate::request::write::Day(d).quoted());
        }
        let (len, b) = (usize::from(slot.1[0]), &slot.1[1..]);
        self.buf.extend_from_slice(&b[..len]);
    }

    /// Writes a timestamp (seconds) as a `"YYYY-MM-DDTHH:MM:SS"` string.
    #[inline]
    pub(crate) fn timestamp(&mut self, t: i64) {
        crate::request::write::Timestamp(t).write_to(&mut self.buf);
    }

    /// Writes the `{"id", "error"}` entry of a failed row.
    pub(crate) fn row_error(&mut self, id: &Value, e: &Error) {
        self.row_errors = true;
        self.json(&RowError::new(id, e));
    }

    /// Whether a row carried an error.
    pub(crate) fn has_row_errors(&self) -> bool {
        self.row_errors
    }

    /// Notes a rule data set the op used, for the stamp (the embedded
    /// default when borrowed — every op borrows only the defaults —, the
    /// request's own when owned).
    // The `Cow` itself is the point: borrowed is the embedded default (its
    // stamp computed once), owned the request's own.
    #[allow(clippy::ptr_arg)]
    pub(crate) fn uses<T: RuleData + Clone + 'static>(&mut self, data: &Cow<'static, T>) {
        if self.data.iter().any(|(f, _)| *f == T::FIELD) {
            return;
        }
        let stamp = match data {
            Cow::Borrowed(_) => T::default_stamp().clone(),
            Cow::Owned(d) => d.stamp(),
        };
        self.data.push((T::FIELD, stamp));
    }

    /// Notes a rule data set the caller gave as a value (not through the
    /// request): its stamp is the embedded default's when it equals
    /// `default`, else computed.
    pub(crate) fn uses_data<T: RuleData + PartialEq + 'static>(&mut self, data: &T, default: &T) {
        if self.data.iter().any(|(f, _)| *f == T::FIELD) {
            return;
        }
        let stamp = if data == default {
            T::default_stamp().clone()
        } else {
            data.stamp()
        };
        self.data.push((T::FIELD, stamp));
    }

    /// The `ok` envelope.
    pub(crate) fn finish(mut self) -> String {
        #[derive(Serialize)]
        struct Stamp<'a> {
            library: &'static str,
            data: std::collections::BTreeMap<&'static str, &'a DataStamp>,
        }
        self.buf.extend_from_slice(br#","stamp":"#);
        let stamp = Stamp {
            library: env!("CARGO_PKG_VERSION"),
            data: self.data.iter().map(|(f, s)| (*f, s)).collect(),
        };
        serde_json::to_writer(&mut self.buf, &stamp).expect("a stamp serializes");
        self.buf.push(b'}');
        String::from_utf8(self.buf).expect("serde_json writes UTF-8")
    }
}
