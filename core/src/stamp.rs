//! Audit stamps: which library and which rules decided.
//!
//! Every `ok` response of the JSON entry point carries
//! `"stamp": {"library": "<version>", "data": {"<field>": {"version",
//! "sha256"}}}`: the library's version and, for each rule data set the op
//! used — the embedded default or the request's own — its version label and
//! the SHA-256 of its canonical JSON. `<field>` is the request field through
//! which a request can bring its own data set (`policy`, `catalog`, `rules`,
//! `norm`, `calendar`, `handling`, `scheme`). An auditor who keeps the
//! response can tell exactly which rules produced it; two texts of the same
//! rules (keys in another order, other spacing, defaults left out) have the
//! same digest.
//!
//! The canonical JSON of a data set is its data-file shape as the library
//! holds it after loading (defaults filled in), written with object keys in
//! code-point order and no insignificant whitespace, strings and numbers as
//! `serde_json` writes them.
//!
//! # Example
//! ```
//! use wangshi::stamp::{RuleData, canonical_json};
//! let p = wangshi::visit::VisitPolicy::default();
//! let s = p.stamp();
//! assert_eq!(s.version, p.version());
//! assert_eq!(s.sha256.len(), 64);
//! assert_eq!(canonical_json(&serde_json::json!({"b": [1, {"d": 0, "c": 1}], "a": "x"})),
//!            r#"{"a":"x","b":[1,{"c":1,"d":0}]}"#);
//! ```

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// The version label and digest of one rule data set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataStamp {
    /// The data set's version label (empty when its source gave none).
    pub version: String,
    /// SHA-256 of its canonical JSON, 64 lower-case hex digits.
    pub sha256: String,
}

impl DataStamp {
    /// The stamp as the JSON object a response carries,
    /// `{"version": "...", "sha256": "..."}`.
    ///
    /// # Example
    /// ```
    /// use wangshi::stamp::RuleData;
    /// let s = wangshi::visit::VisitPolicy::default().stamp().to_json();
    /// assert!(s.starts_with(r#"{"version":"2026.2","sha256":""#));
    /// ```
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a stamp serializes")
    }
}

/// `impl RuleData` for a data type with a `version` field and a
/// `to_value()` in its data-file shape: its request field and the
/// expression of its embedded default (stamped once, on first use).
macro_rules! rule_data {
    ($ty:ty, $field:literal, $default:expr) => {
        impl $crate::stamp::RuleData for $ty {
            const FIELD: &'static str = $field;

            fn data_version(&self) -> &str {
                &self.version
            }

            fn to_data(&self) -> serde_json::Value {
                self.to_value()
            }

            fn default_stamp() -> &'static $crate::stamp::DataStamp {
                static STAMP: std::sync::OnceLock<$crate::stamp::DataStamp> =
                    std::sync::OnceLock::new();
                STAMP.get_or_init(|| $crate::stamp::RuleData::stamp($default))
            }
        }
    };
}
pub(crate) use rule_data;

/// A rule data set that can be stamped.
pub trait RuleData {
    /// The request field through which a request brings its own data set.
    const FIELD: &'static str;

    /// The version label.
    fn data_version(&self) -> &str;

    /// The data set in its data-file shape, as the library holds it.
    fn to_data(&self) -> Value;

    /// The stamp of the embedded default data set of this kind (computed
    /// once).
    fn default_stamp() -> &'static DataStamp
    where
        Self: Sized;

    /// The stamp of this data set.
    fn stamp(&self) -> DataStamp {
        let digest = Sha256::digest(canonical_json(&self.to_data()).as_bytes());
        let mut sha256 = String::with_capacity(64);
        for b in digest {
            let _ = write!(sha256, "{b:02x}");
        }
        DataStamp {
            version: self.data_version().to_owned(),
            sha256,
        }
    }
}

/// The canonical JSON text of a value: object keys in code-point order, no
/// insignificant whitespace.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut entries: Vec<(&String, &Value)> = m.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::from(k.as_str()).to_string());
                out.push(':');
                write_canonical(v, out);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(v, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}
