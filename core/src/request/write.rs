//! Writing responses: the values every op's result shares, serialized
//! straight into the response text (no tree is built).

use crate::date;
use crate::error::Error;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

/// Implements `Serialize` for enums of the contract as their `as_str()`
/// code, so each code is written in one place.
macro_rules! serialize_as_str {
    ($($t:ty),* $(,)?) => {$(
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    )*};
}
pub(crate) use serialize_as_str;

/// Serializes a [`chrono::NaiveDate`] as `YYYY-MM-DD` (for
/// `#[serde(serialize_with)]` on data-file shapes).
pub(crate) fn ser_date<S: Serializer>(d: &chrono::NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&d.format("%Y-%m-%d"))
}

/// [`ser_date`] of an optional date (`null` when absent).
pub(crate) fn ser_opt_date<S: Serializer>(
    d: &Option<chrono::NaiveDate>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => ser_date(d, s),
        None => s.serialize_none(),
    }
}

/// [`ser_date`] of a list of dates.
pub(crate) fn ser_dates<S: Serializer>(ds: &[chrono::NaiveDate], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(ds.iter().map(|d| d.format("%Y-%m-%d").to_string()))
}

/// A day number written as `YYYY-MM-DD` (without allocating).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Day(pub(crate) i32);

impl Day {
    /// The `YYYY-MM-DD` text of a day of years 0–9999 (every supported day),
    /// without allocating.
    pub(crate) fn ymd(self) -> Option<[u8; 10]> {
        let (y, m, d) = date::civil_from_days(self.0);
        if !(0..=9999).contains(&y) {
            return None;
        }
        let y = y as u32;
        let digit = |v: u32| b'0' + (v % 10) as u8;
        Some([
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ])
    }

    /// The day as a JSON string: its length, then its bytes (any `i32`:
    /// the longest, `"-5877641-06-23"`, has 16).
    pub(crate) fn quoted(self) -> [u8; 24] {
        let mut out = [0u8; 24];
        let mut buf = Vec::with_capacity(18);
        self.write_to(&mut buf);
        out[0] = buf.len() as u8;
        out[1..=buf.len()].copy_from_slice(&buf);
        out
    }

    /// Appends the day as a JSON string.
    pub(crate) fn write_to(self, buf: &mut Vec<u8>) {
        match self.ymd() {
            Some(b) => {
                buf.push(b'"');
                buf.extend_from_slice(&b);
                buf.push(b'"');
            }
            None => {
                let s = date::format_date(self.0);
                buf.push(b'"');
                buf.extend_from_slice(s.as_bytes());
                buf.push(b'"');
            }
        }
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.ymd() {
            Some(b) => s.serialize_str(std::str::from_utf8(&b).expect("ASCII digits")),
            None => s.serialize_str(&date::format_date(self.0)),
        }
    }
}

/// A timestamp (seconds since 1970-01-01T00:00 local) written as
/// `YYYY-MM-DDTHH:MM:SS`, without allocating for years 0–9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timestamp(pub(crate) i64);

impl Timestamp {
    /// Appends the timestamp as a JSON string.
    pub(crate) fn write_to(self, buf: &mut Vec<u8>) {
        let secs = self.0.rem_euclid(86_400) as u32;
        let ymd = i32::try_from(self.0.div_euclid(86_400))
            .ok()
            .and_then(|d| Day(d).ymd());
        let Some(ymd) = ymd else {
            let s = crate::timestamp::format_timestamp(self.0);
            buf.push(b'"');
            buf.extend_from_slice(s.as_bytes());
            buf.push(b'"');
            return;
        };
        let two = |v: u32| [b'0' + (v / 10) as u8, b'0' + (v % 10) as u8];
        let (h, m, s) = (two(secs / 3600), two(secs / 60 % 60), two(secs % 60));
        buf.push(b'"');
        buf.extend_from_slice(&ymd);
        buf.extend_from_slice(&[b'T', h[0], h[1], b':', m[0], m[1], b':', s[0], s[1], b'"']);
    }
}

/// The `{"code", "message", "path"?}` object of an error.
pub(crate) struct ErrorBody<'a>(pub(crate) &'a Error);

impl Serialize for ErrorBody<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.0;
        let mut m = s.serialize_map(Some(if e.path().is_some() { 3 } else { 2 }))?;
        m.serialize_entry("code", e.code().as_str())?;
        m.serialize_entry("message", e.message())?;
        if let Some(p) = e.path() {
            m.serialize_entry("path", p)?;
        }
        m.end()
    }
}

/// The `{"id", "error": {...}}` entry of a failed batch row.
#[derive(serde::Serialize)]
pub(crate) struct RowError<'a> {
    pub(crate) id: &'a Value,
    pub(crate) error: ErrorBody<'a>,
}

impl<'a> RowError<'a> {
    pub(crate) fn new(id: &'a Value, e: &'a Error) -> RowError<'a> {
        RowError {
            id,
            error: ErrorBody(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_write_like_format_timestamp() {
        for t in [
            crate::timestamp::MIN_TIMESTAMP,
            -1,
            0,
            1_795_687_199,
            crate::timestamp::MAX_TIMESTAMP,
            crate::timestamp::MAX_TIMESTAMP + 86_400 * 365 * 16,
            i64::MIN,
            i64::MAX,
        ] {
            let mut buf = Vec::new();
            Timestamp(t).write_to(&mut buf);
            let want = format!("\"{}\"", crate::timestamp::format_timestamp(t));
            assert_eq!(String::from_utf8(buf).unwrap(), want, "{t}");
        }
    }

    #[test]
    fn days_write_like_format_date() {
        for d in [
            date::MIN_DAY,
            -1,
            0,
            20_783,
            date::MAX_DAY,
            -800_000,
            3_000_000,
        ] {
            let s = serde_json::to_string(&Day(d)).unwrap();
            assert_eq!(s, format!("\"{}\"", date::format_date(d)));
            let mut buf = Vec::new();
            Day(d).write_to(&mut buf);
            assert_eq!(buf, s.as_bytes());
            let q = Day(d).quoted();
            assert_eq!(&q[1..=usize::from(q[0])], s.as_bytes());
        }
    }
}
