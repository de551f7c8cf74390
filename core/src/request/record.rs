//! Reading request objects field by field, with paths and the error codes of
//! the contract: unknown fields are rejected, missing ones named, wrong types
//! reported where they are.
//!
//! A [`Record`] is one JSON object split into the values of its known fields
//! in a single pass over its text (keys compared against the field list, no
//! map built); an [`Obj`] is a record at a path, with typed accessors. Batch
//! fields are read with [`Obj::each_record`], which reads every row of an
//! array into a record in the same single pass: a row's scalar values
//! (strings, numbers, booleans) are taken as the parser reads them, and only
//! the fields named as nested keep their text for a later look.

use super::node::{Key, Kind, Node, duplicate_key, invalid_json};
use super::path::Path;
use crate::date;
use crate::error::{Error, ErrorCode};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Number, Value};
use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

/// The most fields a record's field list may have.
const MAX_FIELDS: usize = 64;
/// Field lists up to this length keep their values inline.
const INLINE: usize = 8;

thread_local! {
    /// Set when a record held a value no accessor read: such a value was
    /// never checked for repeated keys, so the whole request is (see
    /// `crate::ops`).
    static UNREAD: Cell<bool> = const { Cell::new(false) };
}

/// Clears the unread flag (at the start of a request) and returns its value
/// (at the end).
pub(crate) fn take_unread() -> bool {
    UNREAD.with(|u| u.replace(false))
}

/// One field's value as a record holds it.
#[derive(Debug, Clone)]
pub(crate) enum Slot<'t> {
    /// The value's text (nested values, and every value of a record read
    /// without a scalar fast path).
    Raw(Node<'t>),
    /// A string without escapes, borrowed from the text.
    Str(&'t str),
    /// A string with escapes, unescaped.
    Owned(Box<str>),
    /// A number.
    Num(Number),
    /// A boolean.
    Bool(bool),
    /// `null`.
    Null,
    /// An array or object where a scalar was expected (skipped).
    Other(Kind),
}

impl<'t> Slot<'t> {
    pub(crate) fn kind(&self) -> Kind {
        match self {
            Slot::Raw(n) => n.kind(),
            Slot::Str(_) | Slot::Owned(_) => Kind::String,
            Slot::Num(_) => Kind::Number,
            Slot::Bool(_) => Kind::Bool,
            Slot::Null => Kind::Null,
            Slot::Other(k) => *k,
        }
    }

    pub(crate) fn is_null(&self) -> bool {
        self.kind() == Kind::Null
    }

    pub(crate) fn as_str(&self) -> Option<Cow<'t, str>> {
        match self {
            Slot::Str(s) => Some(Cow::Borrowed(s)),
            Slot::Owned(s) => Some(Cow::Owned(s.to_string())),
            Slot::Raw(n) => n.as_str(),
            _ => None,
        }
    }

    fn as_number(&self) -> Result<Option<Number>, Error> {
        match self {
            Slot::Num(n) => Ok(Some(n.clone())),
            Slot::Raw(n) => n.as_number(),
            _ => Ok(None),
        }
    }

    fn as_bool(&self) -> Option<bool> {
        match self {
            Slot::Bool(b) => Some(*b),
            Slot::Raw(n) => n.as_bool(),
            _ => None,
        }
    }
}

impl fmt::Display for Slot<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Slot::Raw(n) => write!(f, "{n}"),
            Slot::Str(s) => write!(f, "{}", Value::from(*s)),
            Slot::Owned(s) => write!(f, "{}", Value::from(s.as_ref())),
            Slot::Num(n) => write!(f, "{n}"),
            Slot::Bool(b) => write!(f, "{b}"),
            Slot::Null => f.write_str("null"),
            Slot::Other(k) => f.write_str(k.name()),
        }
    }
}

#[derive(Debug, Clone)]
enum Slots<'t> {
    Inline([Option<Slot<'t>>; INLINE]),
    Heap(Vec<Option<Slot<'t>>>),
}

impl<'t> Slots<'t> {
    fn new(n: usize) -> Slots<'t> {
        if n <= INLINE {
            Slots::Inline(Default::default())
        } else {
            Slots::Heap(vec![None; n])
        }
    }

    fn get(&self, i: usize) -> Option<&Slot<'t>> {
        match self {
            Slots::Inline(a) => a[i].as_ref(),
            Slots::Heap(v) => v[i].as_ref(),
        }
    }

    fn clear(&mut self) {
        match self {
            Slots::Inline(a) => a.iter_mut().for_each(|s| *s = None),
            Slots::Heap(v) => v.iter_mut().for_each(|s| *s = None),
        }
    }

    fn slot(&mut self, i: usize) -> &mut Option<Slot<'t>> {
        match self {
            Slots::Inline(a) => &mut a[i],
            Slots::Heap(v) => &mut v[i],
        }
    }
}

/// The `id` of a batch row, kept for its error entry.
#[derive(Debug, Clone)]
pub(crate) struct RowId<'t>(Option<Slot<'t>>);

impl RowId<'_> {
    /// The id as the error entry writes it: the string or number given, else
    /// null (so a row without a usable id still reports its error).
    pub(crate) fn value(&self) -> Value {
        match &self.0 {
            Some(s) => match s.kind() {
                Kind::String => s.as_str().map_or(Value::Null, |s| s.into_owned().into()),
                Kind::Number => s
                    .as_number()
                    .ok()
                    .flatten()
                    .map_or(Value::Null, Value::Number),
                _ => Value::Null,
            },
            None => Value::Null,
        }
    }
}

/// One JSON value read as an object of known fields: the value of each
/// field, the first unknown key (in code-point order, so the error does not
/// depend on key order), or the type it had instead of an object.
#[derive(Clone)]
pub(crate) struct Record<'t> {
    names: &'static [&'static str],
    slots: Slots<'t>,
    unknown: Option<Cow<'t, str>>,
    kind: Kind,
}

impl<'t> Record<'t> {
    /// Splits `node` into the values of `names`.
    ///
    /// Errors: `invalid_json` when the object repeats a key.
    pub(crate) fn parse(
        node: Node<'t>,
        names: &'static [&'static str],
    ) -> Result<Record<'t>, Error> {
        if node.kind() != Kind::Object {
            return Ok(Record::other(names, node.kind()));
        }
        let mut de = serde_json::Deserializer::from_str(node.text());
        RecordSeed::raw(names, &mut NoHook)
            .deserialize(&mut de)
            .map_err(|e| invalid_json("the request", e))
    }

    /// Splits a whole text, checking its syntax, into the values of `names`.
    ///
    /// Errors: `invalid_json` naming `what` for a syntax error or a repeated
    /// key.
    pub(crate) fn parse_text(
        text: &'t str,
        names: &'static [&'static str],
        what: &str,
    ) -> Result<Record<'t>, Error> {
        Record::parse_text_with(text, names, what, &mut NoHook)
    }

    /// [`Record::parse_text`], offering each field to `hook` first: a field
    /// the hook reads is not kept (its slot only says it was there).
    ///
    /// Errors: as [`Record::parse_text`].
    pub(crate) fn parse_text_with<H: Hook<'t>>(
        text: &'t str,
        names: &'static [&'static str],
        what: &str,
        hook: &mut H,
    ) -> Result<Record<'t>, Error> {
        let mut de = serde_json::Deserializer::from_str(text);
        RecordSeed::raw(names, hook)
            .deserialize(&mut de)
            .and_then(|r| de.end().map(|()| r))
            .map_err(|e| invalid_json(what, e))
    }

    fn other(names: &'static [&'static str], kind: Kind) -> Record<'t> {
        Record {
            names,
            slots: Slots::new(0),
            unknown: None,
            kind,
        }
    }

    fn index(&self, name: &str) -> Option<usize> {
        find(self.names, name)
    }

    /// The row's `id`, kept for its error entry.
    pub(crate) fn id(&self) -> RowId<'t> {
        if self.kind != Kind::Object {
            return RowId(None);
        }
        RowId(self.index("id").and_then(|i| self.slots.get(i).cloned()))
    }

    /// The value of field `name` (a `null` included) without reading the
    /// record as an object first (the top level's `op`, to find the op).
    pub(crate) fn peek(&self, name: &str) -> Option<Slot<'t>> {
        self.slots.get(self.index(name)?).cloned()
    }

    /// The JSON type the value had (an object, or what it was instead).
    pub(crate) fn kind(&self) -> Kind {
        self.kind
    }

    /// Whether the object had a key outside its field list.
    pub(crate) fn has_unknown(&self) -> bool {
        self.unknown.is_some()
    }

    /// Marks field `name` as present, its value taken by a hook (the batch
    /// array an op is about to read).
    pub(crate) fn take(&mut self, name: &str) {
        if let Some(i) = self.index(name) {
            *self.slots.slot(i) = Some(Slot::Other(Kind::Array));
        }
    }

    /// The fields present, one bit per position in the field list.
    pub(crate) fn present_mask(&self) -> u64 {
        (0..self.names.len())
            .filter(|&i| self.slots.get(i).is_some())
            .fold(0, |m, i| m | 1 << i)
    }

    /// The record as an object located at `path`.
    ///
    /// Errors: `invalid_value` when the value was not an object,
    /// `unknown_field` for an unknown key.
    pub(crate) fn at<'p>(self, path: Path<'p>) -> Result<Obj<'t, 'p>, Error> {
        let names = self.names;
        self.within(path, names)
    }

    /// A lent record (a batch row) as an object located at `path`.
    ///
    /// Errors: as [`Record::at`].
    pub(crate) fn view<'p>(&'p self, path: Path<'p>) -> Result<Obj<'t, 'p>, Error> {
        self.view_within(path, self.names)
    }

    /// A lent record as an object at `path` whose fields are only those of
    /// `allowed` (a part of its field list: a row whose fields depend on its
    /// kind, such as an event).
    ///
    /// Errors: as [`Record::within`].
    pub(crate) fn view_within<'p>(
        &'p self,
        path: Path<'p>,
        allowed: &'static [&'static str],
    ) -> Result<Obj<'t, 'p>, Error> {
        let present = self.check(path, allowed)?;
        Ok(Obj {
            rec: Held::Lent(self),
            path,
            present,
            read: Cell::new(0),
        })
    }

    /// The record as an object at `path` that ignores unknown keys (for a
    /// reader that reports every unknown key itself and reads on).
    ///
    /// Errors: `invalid_value` when the value was not an object.
    pub(crate) fn lenient<'p>(mut self, path: Path<'p>) -> Result<Obj<'t, 'p>, Error> {
        self.unknown = None;
        self.at(path)
    }

    /// The record as an object located at `path` whose fields are only
    /// those of `allowed` (a part of its field list): the top level of a
    /// request is split once with the fields of every op, then each op takes
    /// its own.
    ///
    /// Errors: as [`Record::at`]; a field of the list outside `allowed` is
    /// unknown too.
    pub(crate) fn within<'p>(
        self,
        path: Path<'p>,
        allowed: &'static [&'static str],
    ) -> Result<Obj<'t, 'p>, Error> {
        let present = self.check(path, allowed)?;
        Ok(Obj {
            rec: Held::Owned(Box::new(self)),
            path,
            present,
            read: Cell::new(0),
        })
    }

    /// The fields present (a bit per position in the field list), or why
    /// the value is not an object of the `allowed` fields.
    fn check(&self, path: Path<'_>, allowed: &'static [&'static str]) -> Result<u64, Error> {
        if self.kind != Kind::Object {
            return Err(path.error(
                ErrorCode::InvalidValue,
                format!("expected an object, found {}", self.kind.name()),
            ));
        }
        let mut unknown: Option<&str> = self.unknown.as_deref();
        let mut present = 0u64;
        let all = std::ptr::eq(allowed, self.names);
        for (i, name) in self.names.iter().enumerate() {
            if self.slots.get(i).is_some() {
                if all || find(allowed, name).is_some() {
                    present |= 1 << i;
                } else if unknown.is_none_or(|u| *name < u) {
                    unknown = Some(name);
                }
            }
        }
        if let Some(k) = unknown {
            let mut names = allowed.to_vec();
            names.sort_unstable();
            return Err(path.field(k).error(
                ErrorCode::UnknownField,
                format!("unknown field {k:?}; expected one of: {}", names.join(", ")),
            ));
        }
        Ok(present)
    }
}

/// The position of `key` in a field list. Lists are short and their names
/// mostly differ in length or first letter, which are compared first.
#[inline]
fn find(names: &[&str], key: &str) -> Option<usize> {
    let key = key.as_bytes();
    names.iter().position(|n| same(n.as_bytes(), key))
}

/// Byte equality of two short strings, compared inline: a call to `memcmp`
/// for each of a batch row's few keys costs more than the comparison.
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i + 8 <= a.len() {
        let x = u64::from_ne_bytes(a[i..i + 8].try_into().expect("8 bytes"));
        let y = u64::from_ne_bytes(b[i..i + 8].try_into().expect("8 bytes"));
        if x != y {
            return false;
        }
        i += 8;
    }
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// A hook on the fields of a record being read (the top level of a
/// request): offered each field before its value is kept, it may read the
/// value straight from the parser — the batch array of a request, read in
/// the same pass as the rest of it.
pub(crate) trait Hook<'t> {
    /// Whether to read field `name` now, given the fields read before it.
    fn wants(&mut self, name: &str, before: &Record<'t>) -> bool;

    /// Reads the value of the field it wanted.
    fn read<D: Deserializer<'t>>(&mut self, d: D) -> Result<(), D::Error>;
}

/// The hook that wants nothing.
pub(crate) struct NoHook;

impl<'t> Hook<'t> for NoHook {
    fn wants(&mut self, _: &str, _: &Record<'t>) -> bool {
        false
    }

    fn read<D: Deserializer<'t>>(&mut self, _: D) -> Result<(), D::Error> {
        Ok(())
    }
}

/// Gives one value to a hook.
struct HookSeed<'h, H>(&'h mut H);

impl<'de, H: Hook<'de>> DeserializeSeed<'de> for HookSeed<'_, H> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.0.read(d)
    }
}

/// Reads an object into a [`Record`]: the fields whose bit is set in `raw`
/// keep their text, the others are read as scalars.
struct RecordSeed<'h, H> {
    names: &'static [&'static str],
    raw: u64,
    hook: &'h mut H,
}

impl<'h, H> RecordSeed<'h, H> {
    fn raw(names: &'static [&'static str], hook: &'h mut H) -> RecordSeed<'h, H> {
        RecordSeed {
            names,
            raw: u64::MAX,
            hook,
        }
    }

    /// Reads an object's fields into `rec` (empty, of this seed's names).
    fn fill<'de, A: MapAccess<'de>>(self, rec: &mut Record<'de>, mut map: A) -> Result<(), A::Error>
    where
        H: Hook<'de>,
    {
        let names = self.names;
        while let Some(key) = map.next_key_seed(Key)? {
            let Some(i) = find(names, &key) else {
                // Its value is never read: a repeated key inside it is
                // found by the whole-request check every error triggers.
                map.next_value::<IgnoredAny>()?;
                if rec.unknown.as_ref().is_none_or(|u| key < *u) {
                    rec.unknown = Some(key);
                }
                continue;
            };
            if rec.slots.get(i).is_none() && self.hook.wants(&key, rec) {
                map.next_value_seed(HookSeed(&mut *self.hook))?;
                rec.take(&key);
                continue;
            }
            let value = if self.raw & (1 << i) != 0 {
                Slot::Raw(Node::from_raw(map.next_value::<&'de RawValue>()?))
            } else {
                map.next_value_seed(ScalarSeed)?
            };
            let slot = rec.slots.slot(i);
            if slot.is_some() {
                return Err(de::Error::custom(duplicate_key(&key)));
            }
            *slot = Some(value);
        }
        Ok(())
    }
}

impl<'de, H: Hook<'de>> DeserializeSeed<'de> for RecordSeed<'_, H> {
    type Value = Record<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Record<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, H: Hook<'de>> Visitor<'de> for RecordSeed<'_, H> {
    type Value = Record<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Record<'de>, A::Error> {
        let names = self.names;
        debug_assert!(names.len() <= MAX_FIELDS, "{names:?}");
        let mut rec = Record {
            names,
            slots: Slots::new(names.len()),
            unknown: None,
            kind: Kind::Object,
        };
        self.fill(&mut rec, map)?;
        Ok(rec)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Record<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Record::other(self.names, Kind::Array))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Record<'de>, E> {
        Ok(Record::other(self.names, Kind::Bool))
    }

    fn visit_i64<E>(self, _: i64) -> Result<Record<'de>, E> {
        Ok(Record::other(self.names, Kind::Number))
    }

    fn visit_u64<E>(self, _: u64) -> Result<Record<'de>, E> {
        Ok(Record::other(self.names, Kind::Number))
    }

    fn visit_f64<E>(self, _: f64) -> Result<Record<'de>, E> {
        Ok(Record::other(self.names, Kind::Number))
    }

    fn visit_str<E>(self, _: &str) -> Result<Record<'de>, E> {
        Ok(Record::other(self.names, Kind::String))
    }

    fn visit_unit<E>(self) -> Result<Record<'de>, E> {
        Ok(Record::other(self.names, Kind::Null))
    }
}

/// Reads a scalar value as the parser gives it; an array or object is
/// skipped and only its type kept.
struct ScalarSeed;

impl<'de> DeserializeSeed<'de> for ScalarSeed {
    type Value = Slot<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Slot<'de>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ScalarSeed {
    type Value = Slot<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Slot<'de>, E> {
        Ok(Slot::Str(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Slot<'de>, E> {
        Ok(Slot::Owned(v.into()))
    }

    fn visit_string<E>(self, v: String) -> Result<Slot<'de>, E> {
        Ok(Slot::Owned(v.into_boxed_str()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Slot<'de>, E> {
        Ok(Slot::Num(v.into()))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Slot<'de>, E> {
        Ok(Slot::Num(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Slot<'de>, E> {
        // serde_json gives no NaN or infinity.
        Ok(Number::from_f64(v).map_or(Slot::Other(Kind::Number), Slot::Num))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Slot<'de>, E> {
        Ok(Slot::Bool(v))
    }

    fn visit_unit<E>(self) -> Result<Slot<'de>, E> {
        Ok(Slot::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Slot<'de>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Slot::Other(Kind::Array))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Slot<'de>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Slot::Other(Kind::Object))
    }
}

/// A request object whose fields have been checked against its field list,
/// located at a path.
///
/// Every accessor treats a `null` value like an absent field. A value no
/// accessor read is noted when the object is dropped (see [`take_unread`]).
pub(crate) struct Obj<'t, 'p> {
    rec: Held<'p, 't>,
    path: Path<'p>,
    present: u64,
    read: Cell<u64>,
}

/// The record an [`Obj`] reads: its own (a nested object, read once), or a
/// batch row lent by the reader, which reuses one record for every row.
enum Held<'p, 't> {
    Owned(Box<Record<'t>>),
    Lent(&'p Record<'t>),
}

impl<'t> std::ops::Deref for Held<'_, 't> {
    type Target = Record<'t>;

    fn deref(&self) -> &Record<'t> {
        match self {
            Held::Owned(r) => r,
            Held::Lent(r) => r,
        }
    }
}

impl fmt::Debug for Obj<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Obj")
            .field("path", &self.path.render())
            .finish_non_exhaustive()
    }
}

impl Drop for Obj<'_, '_> {
    fn drop(&mut self) {
        if self.present & !self.read.get() != 0 {
            UNREAD.with(|u| u.set(true));
        }
    }
}

impl<'t, 'p> Obj<'t, 'p> {
    /// Reads `node` as an object with only the `allowed` fields.
    ///
    /// Errors: `invalid_value` when `node` is not an object, `unknown_field`
    /// for the first unknown key (in code-point order), `invalid_json` for a
    /// repeated key.
    pub(crate) fn new(
        node: Node<'t>,
        path: Path<'p>,
        allowed: &'static [&'static str],
    ) -> Result<Obj<'t, 'p>, Error> {
        Record::parse(node, allowed)?.at(path)
    }

    /// This object's path.
    pub(crate) fn path(&self) -> Path<'p> {
        self.path
    }

    /// An error located at field `name`.
    pub(crate) fn error(&self, name: &str, code: ErrorCode, message: impl Into<String>) -> Error {
        self.path.field(name).error(code, message)
    }

    /// The field's value as held, `null` included; `None` when absent.
    fn slot(&self, name: &str) -> Option<&Slot<'t>> {
        let i = self.rec.index(name)?;
        self.read.set(self.read.get() | 1 << i);
        self.rec.slots.get(i)
    }

    /// The field's value as held; `None` when absent or null.
    fn value(&self, name: &str) -> Option<&Slot<'t>> {
        self.slot(name).filter(|v| !v.is_null())
    }

    /// Whether the field is present at all (`null` included).
    pub(crate) fn present(&self, name: &str) -> bool {
        self.slot(name).is_some()
    }

    /// The text of a nested field (`None` when absent or null). Only fields
    /// read as nested have one: asking for another is a bug of the op,
    /// reported as `internal_error`.
    pub(crate) fn get(&self, name: &str) -> Option<Node<'t>> {
        match self.value(name)? {
            Slot::Raw(n) => Some(*n),
            _ => None,
        }
    }

    /// The text of a nested field; `missing_field` when absent or null.
    pub(crate) fn req(&self, name: &str) -> Result<Node<'t>, Error> {
        match self.value(name) {
            None => Err(self.missing(name)),
            Some(Slot::Raw(n)) => Ok(*n),
            Some(_) => Err(self.not_nested(name)),
        }
    }

    fn missing(&self, name: &str) -> Error {
        self.error(
            name,
            ErrorCode::MissingField,
            format!("missing required field {name:?}"),
        )
    }

    fn not_nested(&self, name: &str) -> Error {
        self.error(
            name,
            ErrorCode::InternalError,
            format!("field {name:?} was read as a scalar but is used as nested (a bug)"),
        )
    }

    fn req_value(&self, name: &str) -> Result<&Slot<'t>, Error> {
        self.value(name).ok_or_else(|| self.missing(name))
    }

    fn wrong(&self, name: &str, want: &str, v: &Slot<'_>) -> Error {
        self.error(
            name,
            ErrorCode::InvalidValue,
            format!("{name:?} must be {want}, found {}", v.kind().name()),
        )
    }

    /// A required string field.
    pub(crate) fn str(&self, name: &str) -> Result<Cow<'t, str>, Error> {
        let v = self.req_value(name)?;
        v.as_str().ok_or_else(|| self.wrong(name, "a string", v))
    }

    /// A required string field that is not only blanks (an id, a
    /// handler); `invalid_value` with `blank` as its message otherwise.
    pub(crate) fn nonblank(&self, name: &str, blank: &str) -> Result<Cow<'t, str>, Error> {
        let s = self.str(name)?;
        if s.trim().is_empty() {
            return Err(self.error(name, ErrorCode::InvalidValue, blank));
        }
        Ok(s)
    }

    /// An optional string field (absent or null gives `None`).
    pub(crate) fn opt_str(&self, name: &str) -> Result<Option<Cow<'t, str>>, Error> {
        match self.value(name) {
            None => Ok(None),
            Some(v) => v
                .as_str()
                .map(Some)
                .ok_or_else(|| self.wrong(name, "a string", v)),
        }
    }

    /// A required `YYYY-MM-DD` date field, as days since 1970-01-01.
    pub(crate) fn date(&self, name: &str) -> Result<i32, Error> {
        let v = self.req_value(name)?;
        self.date_of(name, v)
    }

    fn date_of(&self, name: &str, v: &Slot<'_>) -> Result<i32, Error> {
        match v.as_str() {
            Some(s) => date::parse_date(&s).map_err(|e| e.at(self.path.field(name).render())),
            None => Err(self.error(
                name,
                ErrorCode::InvalidDate,
                format!(
                    "{name:?} must be a date written YYYY-MM-DD, found {}",
                    v.kind().name()
                ),
            )),
        }
    }

    /// An optional date field.
    pub(crate) fn opt_date(&self, name: &str) -> Result<Option<i32>, Error> {
        self.value(name).map(|v| self.date_of(name, v)).transpose()
    }

    /// A required timestamp field (`YYYY-MM-DDTHH:MM[:SS]`, 1900–2199), as
    /// seconds since 1970-01-01T00:00 local.
    pub(crate) fn timestamp(&self, name: &str) -> Result<i64, Error> {
        let v = self.req_value(name)?;
        self.timestamp_of(name, v)
    }

    fn timestamp_of(&self, name: &str, v: &Slot<'_>) -> Result<i64, Error> {
        match v.as_str() {
            Some(s) => crate::timestamp::parse_timestamp(&s)
                .map_err(|e| e.at(self.path.field(name).render())),
            None => Err(self.error(
                name,
                ErrorCode::InvalidDate,
                format!(
                    "{name:?} must be a timestamp written YYYY-MM-DDTHH:MM or YYYY-MM-DDTHH:MM:SS, found {}",
                    v.kind().name()
                ),
            )),
        }
    }

    /// A required non-negative integer field no larger than `max`.
    pub(crate) fn uint(&self, name: &str, max: u64) -> Result<u64, Error> {
        let v = self.req_value(name)?;
        self.uint_of(name, v, max)
    }

    /// An optional non-negative integer field no larger than `max`.
    pub(crate) fn opt_uint(&self, name: &str, max: u64) -> Result<Option<u64>, Error> {
        self.value(name)
            .map(|v| self.uint_of(name, v, max))
            .transpose()
    }

    /// A whole number: an integer, or a number with no fractional part
    /// (`2.0`, `-0`: what Python's `json` and pandas' float columns write).
    fn uint_of(&self, name: &str, v: &Slot<'_>, max: u64) -> Result<u64, Error> {
        let invalid = |message: String| self.error(name, ErrorCode::InvalidValue, message);
        let too_large = || {
            invalid(format!(
                "{name:?} is {v}, more than the largest allowed value {max}"
            ))
        };
        let Some(number) = v
            .as_number()
            .map_err(|e| e.at(self.path.field(name).render()))?
        else {
            return Err(self.wrong(name, "a whole number", v));
        };
        if let Some(n) = number.as_u64() {
            return if n <= max { Ok(n) } else { Err(too_large()) };
        }
        let f = number.as_f64().unwrap_or(f64::NAN);
        if f < 0.0 {
            Err(invalid(format!("{name:?} must not be negative, found {v}")))
        } else if f.fract() != 0.0 {
            Err(invalid(format!(
                "{name:?} must be a whole number, found {v}"
            )))
        } else if f > max as f64 {
            Err(too_large())
        } else {
            Ok(f as u64)
        }
    }

    /// An optional finite, non-negative number field.
    pub(crate) fn opt_non_negative(&self, name: &str) -> Result<Option<f64>, Error> {
        let Some(v) = self.value(name) else {
            return Ok(None);
        };
        match v
            .as_number()
            .map_err(|e| e.at(self.path.field(name).render()))?
            .and_then(|n| n.as_f64())
        {
            Some(f) if f.is_finite() && f >= 0.0 => Ok(Some(f)),
            Some(f) => Err(self.error(
                name,
                ErrorCode::InvalidValue,
                format!("{name:?} must be a non-negative number, found {f}"),
            )),
            None => Err(self.wrong(name, "a number", v)),
        }
    }

    /// An optional boolean field.
    pub(crate) fn opt_bool(&self, name: &str) -> Result<Option<bool>, Error> {
        match self.value(name) {
            None => Ok(None),
            Some(v) => v
                .as_bool()
                .map(Some)
                .ok_or_else(|| self.wrong(name, "true or false", v)),
        }
    }

    /// A nested field's elements, when it is an array.
    fn elements_of(&self, name: &str, v: &Slot<'t>) -> Result<Vec<Node<'t>>, Error> {
        match v {
            Slot::Raw(n) => n.elements().ok_or_else(|| self.wrong(name, "an array", v)),
            Slot::Other(Kind::Array) => Err(self.not_nested(name)),
            _ => Err(self.wrong(name, "an array", v)),
        }
    }

    /// A required array field's elements.
    pub(crate) fn array(&self, name: &str) -> Result<Vec<Node<'t>>, Error> {
        let v = self.req_value(name)?;
        self.elements_of(name, v)
    }

    /// An optional array field's elements.
    pub(crate) fn opt_array(&self, name: &str) -> Result<Option<Vec<Node<'t>>>, Error> {
        match self.value(name) {
            None => Ok(None),
            Some(v) => self.elements_of(name, v).map(Some),
        }
    }

    /// An optional array of strings.
    pub(crate) fn opt_str_list(&self, name: &str) -> Result<Option<Vec<Cow<'t, str>>>, Error> {
        let Some(items) = self.opt_array(name)? else {
            return Ok(None);
        };
        let field = self.path.field(name);
        items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_str().ok_or_else(|| {
                    field.index(i).error(
                        ErrorCode::InvalidValue,
                        format!("expected a string, found {}", v.type_name()),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// Reads a required array field of objects with the `allowed` fields,
    /// calling `each` with every element's index and record, in one pass
    /// over the array's text (the batch path: no element list is built).
    /// The fields named in `nested` keep their text (for
    /// [`Obj::get`]/[`Obj::array`]); the others are read as scalars.
    ///
    /// Errors: `missing_field` when absent or null, `invalid_value` when not
    /// an array, `invalid_json` for a repeated key in an element.
    pub(crate) fn each_record(
        &self,
        name: &str,
        allowed: &'static [&'static str],
        nested: &[&str],
        each: impl FnMut(usize, &Record<'t>),
    ) -> Result<(), Error> {
        let v = self.req(name)?;
        if v.kind() != Kind::Array {
            return Err(self.wrong(name, "an array", &Slot::Raw(v)));
        }
        let raw = nested_mask(allowed, nested);
        let mut de = serde_json::Deserializer::from_str(v.text());
        let mut each = each;
        let mut visitor = RowsVisitor {
            names: allowed,
            raw,
            each: &mut each,
        };
        (&mut visitor)
            .deserialize(&mut de)
            .map_err(|e| invalid_json("the request", e))
    }

    /// Whether the field is present and not null.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.value(name).is_some()
    }

    /// The JSON type of a field that is present and not null.
    pub(crate) fn kind_of(&self, name: &str) -> Option<Kind> {
        self.value(name).map(Slot::kind)
    }

    /// The fields read so far, one bit per position in the field list.
    pub(crate) fn read_mask(&self) -> u64 {
        self.read.get()
    }

    /// The fields present, one bit per position in the field list.
    pub(crate) fn present_mask(&self) -> u64 {
        self.present
    }

    /// Counts the fields of `mask` as read (another object over the same
    /// record read them).
    pub(crate) fn mark_read(&self, mask: u64) {
        self.read.set(self.read.get() | mask);
    }

    /// Drops the object without noting its unread fields (a look at part
    /// of a request, whose values are read again later).
    pub(crate) fn settle(self) {
        self.read.set(u64::MAX);
    }
}

/// Reads an array of records, calling `each` with every one.
struct RowsVisitor<'e, F> {
    names: &'static [&'static str],
    raw: u64,
    each: &'e mut F,
}

impl<'de, F: FnMut(usize, &Record<'de>)> DeserializeSeed<'de> for &mut RowsVisitor<'_, F> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(usize, &Record<'de>)> Visitor<'de> for &mut RowsVisitor<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        read_rows(&mut seq, self.names, self.raw, self.each)
    }
}

/// Reads every element of an array as a record of `names` (the fields whose
/// bit is set in `raw` keep their text), calling `each` with its index and
/// the record, lent: one record is reused for every row, so no row is
/// moved or allocated.
pub(crate) fn read_rows<'de, A: SeqAccess<'de>>(
    seq: &mut A,
    names: &'static [&'static str],
    raw: u64,
    each: &mut impl FnMut(usize, &Record<'de>),
) -> Result<(), A::Error> {
    let mut rec = Record {
        names,
        slots: Slots::new(names.len()),
        unknown: None,
        kind: Kind::Object,
    };
    let mut i = 0;
    while seq
        .next_element_seed(FillSeed { rec: &mut rec, raw })?
        .is_some()
    {
        each(i, &rec);
        i += 1;
    }
    Ok(())
}

/// Reads one array element into a reused record.
struct FillSeed<'a, 't> {
    rec: &'a mut Record<'t>,
    raw: u64,
}

impl<'de> DeserializeSeed<'de> for FillSeed<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let rec = self.rec;
        rec.slots.clear();
        rec.unknown = None;
        rec.kind = Kind::Object;
        let seed = RecordSeed {
            names: rec.names,
            raw: self.raw,
            hook: &mut NoHook,
        };
        d.deserialize_any(Fill { seed, rec })
    }
}

/// The visitor of [`FillSeed`]: an object's fields into the record, or the
/// type it had instead.
struct Fill<'a, 'h, 't> {
    seed: RecordSeed<'h, NoHook>,
    rec: &'a mut Record<'t>,
}

impl<'de> Visitor<'de> for Fill<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.seed.fill(self.rec, map)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.rec.kind = Kind::Array;
        Ok(())
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        self.rec.kind = Kind::Bool;
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        self.rec.kind = Kind::Number;
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        self.rec.kind = Kind::Number;
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        self.rec.kind = Kind::Number;
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        self.rec.kind = Kind::String;
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.rec.kind = Kind::Null;
        Ok(())
    }
}

/// The bits of the fields of `names` listed in `nested`.
pub(crate) fn nested_mask(names: &[&str], nested: &[&str]) -> u64 {
    names
        .iter()
        .enumerate()
        .filter(|(_, n)| nested.contains(n))
        .fold(0u64, |m, (i, _)| m | 1 << i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(text: &str) -> Node<'_> {
        Node::parse(text, "test").unwrap()
    }

    #[test]
    fn unknown_and_missing_fields() {
        let v = node(r#"{"as_of": "2026-11-26", "residentz": [], "a_typo": 1}"#);
        let e = Obj::new(v, Path::Root, &["as_of", "residents"]).unwrap_err();
        assert_eq!(e.code(), ErrorCode::UnknownField);
        assert_eq!(e.path(), Some("a_typo")); // the first in code-point order
        take_unread();
        let v = node(r#"{"as_of": null, "n": -3, "f": "x"}"#);
        let o = Obj::new(v, Path::Root, &["as_of", "n", "f"]).unwrap();
        assert_eq!(o.date("as_of").unwrap_err().code(), ErrorCode::MissingField);
        assert_eq!(o.uint("n", 10).unwrap_err().code(), ErrorCode::InvalidValue);
        assert_eq!(o.uint("f", 10).unwrap_err().code(), ErrorCode::InvalidValue);
        drop(o);
        assert!(!take_unread());
        let v = node(r#"{"a": 2.0, "b": -0.0, "c": 2.5, "d": 1e25, "e": 20261126}"#);
        let o = Obj::new(v, Path::Root, &["a", "b", "c", "d", "e"]).unwrap();
        assert_eq!(o.uint("a", 10).unwrap(), 2);
        assert_eq!(o.uint("b", 10).unwrap(), 0);
        assert!(o.uint("c", 10).unwrap_err().message().contains("2.5"));
        assert!(o.uint("d", 10).unwrap_err().message().contains("largest"));
        assert_eq!(o.date("e").unwrap_err().code(), ErrorCode::InvalidDate);
        assert_eq!(o.opt_date("zz").unwrap(), None);
    }

    #[test]
    fn repeated_keys_and_unread_values() {
        let v = node(r#"{"a": 1, "a": 2}"#);
        let e = Obj::new(v, Path::Root, &["a"]).unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidJson);
        take_unread();
        let v = node(r#"{"a": 1, "b": {"c": 1}}"#);
        let o = Obj::new(v, Path::Root, &["a", "b"]).unwrap();
        o.uint("a", 9).unwrap();
        drop(o);
        assert!(take_unread(), "b was never read");
    }

    #[test]
    fn each_record_reads_rows_in_one_pass() {
        let v = node(
            r#"{"rows": [{"id": "x", "n": 1, "l": [1]}, 5, {"id": 7, "zz": 1},
                         {"n": 2.0, "l": null}, {"id": "a\nb", "n": [3], "l": "s"}]}"#,
        );
        let o = Obj::new(v, Path::Root, &["rows"]).unwrap();
        let mut seen = Vec::new();
        o.each_record("rows", &["id", "n", "l"], &["l"], |i, rec| {
            let id = rec.id().value();
            let list = Path::Root.field("rows");
            let p = list.index(i);
            let r = rec.view(p).and_then(|r| {
                let n = r.uint("n", 9)?;
                let l = r.opt_array("l")?.map(|l| l.len());
                Ok((n, l))
            });
            seen.push((id, r.map_err(|e| (e.code(), e.path().map(str::to_owned)))));
        })
        .unwrap();
        assert_eq!(seen[0], (Value::from("x"), Ok((1, Some(1)))));
        assert_eq!(
            seen[1],
            (
                Value::Null,
                Err((ErrorCode::InvalidValue, Some("rows[1]".into())))
            )
        );
        assert_eq!(
            seen[2],
            (
                Value::from(7),
                Err((ErrorCode::UnknownField, Some("rows[2].zz".into())))
            )
        );
        assert_eq!(seen[3], (Value::Null, Ok((2, None))));
        assert_eq!(
            seen[4],
            (
                Value::from("a\nb"),
                Err((ErrorCode::InvalidValue, Some("rows[4].n".into())))
            )
        );
    }
}
