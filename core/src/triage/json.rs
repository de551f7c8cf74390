//! The JSON op of triage: `case.classify`.

use super::classify::{CaseRouter, Decision};
use super::rules;
use super::vocab::{Flag, Flags};
use crate::catalog;
use crate::error::{Error, ErrorCode};
use crate::request::{Batch, Out, Rows};
use crate::request::{Kind, Obj, Path, Record};
use std::borrow::Cow;

/// The fields of `case.classify`.
pub(crate) const CLASSIFY_FIELDS: &[&str] = &["op", "case", "cases", "catalog", "rules"];

/// The fields of a case (`case.classify`'s `case`, `case.timeline`'s
/// `case`).
pub(crate) const CASE_FIELDS: &[&str] = &[
    "id",
    "item",
    "reported_on",
    "parties",
    "repeat_count",
    "amount",
    "flags",
];

/// Reads and classifies one case located at `path`.
pub(crate) fn classify_one(
    router: &CaseRouter,
    rec: &Record<'_>,
    path: Path<'_>,
) -> Result<Decision, Error> {
    let o = rec.view(path)?;
    let id = o.str("id")?;
    let code = o.str("item")?;
    let day = o.date("reported_on")?;
    let parties = o.opt_uint("parties", u64::from(u32::MAX))?.unwrap_or(1) as u32;
    let repeats = o
        .opt_uint("repeat_count", u64::from(u32::MAX))?
        .unwrap_or(0) as u32;
    let amount = o.opt_non_negative("amount")?.unwrap_or(0.0);
    let mut flags = Flags::EMPTY;
    if let Some(list) = o.opt_array("flags")? {
        let field = path.field("flags");
        for (i, f) in list.iter().enumerate() {
            let name = f.as_str().ok_or_else(|| {
                field.index(i).error(
                    ErrorCode::InvalidValue,
                    format!("expected a flag name, found {}", f.type_name()),
                )
            })?;
            let flag = Flag::from_name(&name).ok_or_else(|| {
                field.index(i).error(
                    ErrorCode::InvalidValue,
                    format!(
                        "unknown flag {name:?}; known flags: {}",
                        Flag::known_names()
                    ),
                )
            })?;
            flags.insert(flag);
        }
    }
    let item = router.catalog().item_index(&code).ok_or_else(|| {
        router
            .catalog()
            .unknown_item(&code)
            .at(o.path().field("item").render())
    })?;
    let raw = router
        .classify_raw(item as u32, day, flags.bits(), parties, repeats, amount)
        .map_err(|c| router.explain(c, item, day, amount).within(&path.render()))?;
    Ok(router.decision(id.into_owned(), &raw))
}

/// `case.classify` `{"case" | "cases", "catalog"?, "rules"?}`: with `case`,
/// the decision `{"id", "class", "center", "level", "whistle", "mediation",
/// "immediate_report", "matched_rules"}`; with `cases`, `{"results": [...]}`
/// in input order, a bad case carrying its own `{"id", "error"}`.
pub(crate) const CLASSIFY: Batch = Batch {
    field: "cases",
    required: false,
    rows: CASE_FIELDS,
    nested: &["flags"],
    begin: begin_classify,
};

/// The router of a request's `rules` and `catalog` (the defaults when
/// absent), both noted for the stamp.
pub(crate) fn router_from_request(
    o: &Obj<'_, '_>,
    out: &mut Out,
) -> Result<Cow<'static, CaseRouter>, Error> {
    let rules = rules::from_request(o)?;
    let catalog = catalog::from_request(o)?;
    out.uses(&rules);
    out.uses(&catalog);
    Ok(match (&rules, &catalog) {
        (Cow::Borrowed(_), Cow::Borrowed(_)) => Cow::Borrowed(CaseRouter::default_router()),
        _ => Cow::Owned(CaseRouter::new(&rules, &catalog).map_err(|e| e.within("catalog"))?),
    })
}

/// The router of a request, and whether it classifies a batch.
struct Classify {
    router: Cow<'static, CaseRouter>,
    batch: bool,
}

fn begin_classify<'t>(o: &Obj<'t, '_>, out: &mut Out) -> Result<Box<dyn Rows<'t> + 't>, Error> {
    let one = o.get("case");
    let many = o.kind_of("cases");
    if one.is_some() && many.is_some() {
        return Err(o.error(
            "cases",
            ErrorCode::InvalidValue,
            "give either \"case\" (one case) or \"cases\" (a batch), not both",
        ));
    }
    if one.is_none() && many.is_none() {
        return Err(o.error(
            "case",
            ErrorCode::MissingField,
            "missing required field \"case\" (or \"cases\" for a batch)",
        ));
    }
    if let Some(kind) = many.filter(|k| *k != Kind::Array) {
        return Err(o.error(
            "cases",
            ErrorCode::InvalidValue,
            format!("\"cases\" must be an array, found {}", kind.name()),
        ));
    }
    let router = router_from_request(o, out)?;
    if let Some(v) = one {
        let rec = Record::parse(v, CASE_FIELDS)?;
        let d = classify_one(&router, &rec, Path::Root.field("case"))?;
        out.json(&d);
        return Ok(Box::new(Classify {
            router,
            batch: false,
        }));
    }
    out.raw(r#"{"results":["#);
    Ok(Box::new(Classify {
        router,
        batch: true,
    }))
}

impl<'t> Rows<'t> for Classify {
    fn row(&mut self, i: usize, rec: &Record<'t>, out: &mut Out) {
        if i > 0 {
            out.raw(",");
        }
        let id = rec.id();
        let list = Path::Root.field("cases");
        match classify_one(&self.router, rec, list.index(i)) {
            Ok(d) => out.json(&d),
            Err(e) => out.row_error(&id.value(), &e),
        }
    }

    fn finish(self: Box<Self>, out: &mut Out) -> Result<(), Error> {
        if self.batch {
            out.raw("]}");
        }
        Ok(())
    }
}
