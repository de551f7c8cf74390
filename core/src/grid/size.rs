//! The size norm of standard grids (网格规模): 300–500 households or about
//! 1000 people (800–1200, 1000 ± 20 %). The bounds are policy: embedded from
//! `data/grid_size_norm.json` and overridable.

use super::kind::GridKind;
use crate::error::{Error, ErrorCode};
use crate::request::{Node, Obj, Path};
use serde_json::Value;
use std::sync::OnceLock;

/// The default size norm's source text.
pub const DEFAULT_SIZE_NORM_JSON: &str = include_str!("../../data/grid_size_norm.json");

/// The size norm: inclusive household and population ranges of a standard
/// grid. A grid is `ok` when it is inside **either** range.
///
/// # Example
/// ```
/// use wangshi::grid::{SizeNorm, GridKind, SizeVerdict};
/// let norm = SizeNorm::default();
/// assert_eq!(norm.households(), (300, 500));
/// assert_eq!(norm.population(), (800, 1200));
/// assert_eq!(norm.verdict(GridKind::Standard, 420, 1300), SizeVerdict::Ok);
/// let rural = SizeNorm::new(150, 300, 400, 900)?;
/// assert_eq!(rural.verdict(GridKind::Standard, 200, 500), SizeVerdict::Ok);
/// # Ok::<(), wangshi::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SizeNorm {
    version: String,
    households: (u32, u32),
    population: (u32, u32),
}

impl Default for SizeNorm {
    /// The embedded default: households 300–500, population 800–1200.
    fn default() -> SizeNorm {
        default_size_norm().clone()
    }
}

/// The embedded default size norm, parsed and validated once.
///
/// # Example
/// ```
/// assert_eq!(wangshi::grid::default_size_norm().households(), (300, 500));
/// ```
pub fn default_size_norm() -> &'static SizeNorm {
    static DEFAULT: OnceLock<SizeNorm> = OnceLock::new();
    DEFAULT.get_or_init(|| {
        let v = crate::request::parse_data(DEFAULT_SIZE_NORM_JSON, "the size norm")
            .expect("the embedded size norm is JSON");
        parse(v, Path::Root, None).expect("the embedded size norm is valid")
    })
}

/// The size verdict of a grid (`grid.size`).
///
/// # Example
/// ```
/// use wangshi::grid::{SizeVerdict, Advice};
/// assert_eq!(SizeVerdict::Undersized.advice(), Some(Advice::Merge));
/// assert_eq!(SizeVerdict::Ok.advice(), None);
/// assert_eq!(SizeVerdict::Mixed.as_str(), "mixed");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SizeVerdict {
    /// Households or population inside the norm.
    Ok,
    /// Both below the norm (households < min and population < min).
    Undersized,
    /// Both above the norm (households > max and population > max).
    Oversized,
    /// Neither inside, nor both below, nor both above (e.g. few households,
    /// many people).
    Mixed,
    /// Not a standard grid: dedicated and micro grids are not sized.
    Exempt,
}

impl SizeVerdict {
    /// The contract code: `ok`, `undersized`, `oversized`, `mixed`, `exempt`.
    pub const fn as_str(self) -> &'static str {
        match self {
            SizeVerdict::Ok => "ok",
            SizeVerdict::Undersized => "undersized",
            SizeVerdict::Oversized => "oversized",
            SizeVerdict::Mixed => "mixed",
            SizeVerdict::Exempt => "exempt",
        }
    }

    /// What to do about it: merge an undersized grid, split an oversized one,
    /// review a mixed one; nothing for `ok` and `exempt`.
    pub const fn advice(self) -> Option<Advice> {
        match self {
            SizeVerdict::Undersized => Some(Advice::Merge),
            SizeVerdict::Oversized => Some(Advice::Split),
            SizeVerdict::Mixed => Some(Advice::Review),
            SizeVerdict::Ok | SizeVerdict::Exempt => None,
        }
    }
}

/// The advice that goes with a size verdict.
///
/// # Example
/// ```
/// assert_eq!(wangshi::grid::Advice::Split.as_str(), "split");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Advice {
    /// 合并 — merge with a neighbouring grid.
    Merge,
    /// 拆分 — split into two grids.
    Split,
    /// 复核 — review the boundary (households and population disagree).
    Review,
}

impl Advice {
    /// The contract code: `merge`, `split`, `review`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Advice::Merge => "merge",
            Advice::Split => "split",
            Advice::Review => "review",
        }
    }

    /// The Chinese word (合并, 拆分, 复核).
    pub const fn name_zh(self) -> &'static str {
        match self {
            Advice::Merge => "合并",
            Advice::Split => "拆分",
            Advice::Review => "复核",
        }
    }
}

impl SizeNorm {
    /// A norm with inclusive household and population ranges.
    ///
    /// # Errors
    /// `invalid_policy` when a minimum is larger than its maximum.
    ///
    /// # Example
    /// ```
    /// let err = wangshi::grid::SizeNorm::new(500, 300, 800, 1200).unwrap_err();
    /// assert_eq!(err.code(), wangshi::ErrorCode::InvalidPolicy);
    /// assert_eq!(err.path(), Some("households_min"));
    /// ```
    pub fn new(
        households_min: u32,
        households_max: u32,
        population_min: u32,
        population_max: u32,
    ) -> Result<SizeNorm, Error> {
        check_order(Path::Root, "households", households_min, households_max)?;
        check_order(Path::Root, "population", population_min, population_max)?;
        Ok(SizeNorm {
            version: String::new(),
            households: (households_min, households_max),
            population: (population_min, population_max),
        })
    }

    /// Reads a norm from JSON `{"households_min", "households_max",
    /// "population_min", "population_max", "version"?}`; every field is
    /// optional and a missing one keeps the default's value, so
    /// `{"households_min": 200}` only lowers one bound.
    ///
    /// # Errors
    /// `invalid_policy` with a path: an unknown field, a bound that is not a
    /// whole number in 0–4294967295, or a minimum above its maximum.
    ///
    /// # Example
    /// ```
    /// use wangshi::grid::SizeNorm;
    /// let n = SizeNorm::from_value(&serde_json::json!({"households_min": 200}))?;
    /// assert_eq!(n.households(), (200, 500));
    /// let e = SizeNorm::from_value(&serde_json::json!({"population_max": 700})).unwrap_err();
    /// assert_eq!(e.path(), Some("population_min"));
    /// # Ok::<(), wangshi::Error>(())
    /// ```
    pub fn from_value(v: &Value) -> Result<SizeNorm, Error> {
        let text = v.to_string();
        let node = crate::request::parse_data(&text, "the size norm")?;
        parse(node, Path::Root, Some(default_size_norm()))
            .map_err(|e| e.in_data(ErrorCode::InvalidPolicy))
    }

    /// The norm's version label (empty for a norm built with [`SizeNorm::new`]).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The inclusive household range `(min, max)`.
    pub fn households(&self) -> (u32, u32) {
        self.households
    }

    /// The inclusive population range `(min, max)`.
    pub fn population(&self) -> (u32, u32) {
        self.population
    }

    /// The size verdict of a grid of this kind: standard grids inside either
    /// range are `ok`, below both `undersized`, above both `oversized`,
    /// otherwise `mixed`; dedicated and micro grids are `exempt`.
    ///
    /// # Example
    /// ```
    /// use wangshi::grid::{SizeNorm, GridKind, MicroType, SizeVerdict};
    /// let n = SizeNorm::default();
    /// assert_eq!(n.verdict(GridKind::Standard, 250, 1300), SizeVerdict::Mixed);
    /// assert_eq!(n.verdict(GridKind::Standard, 299, 799), SizeVerdict::Undersized);
    /// assert_eq!(n.verdict(GridKind::Micro(MicroType::UrbanVillage), 40, 120), SizeVerdict::Exempt);
    /// ```
    pub fn verdict(&self, kind: GridKind, households: u32, population: u32) -> SizeVerdict {
        if !kind.is_standard() {
            return SizeVerdict::Exempt;
        }
        let (hmin, hmax) = self.households;
        let (pmin, pmax) = self.population;
        if (hmin..=hmax).contains(&households) || (pmin..=pmax).contains(&population) {
            SizeVerdict::Ok
        } else if households < hmin && population < pmin {
            SizeVerdict::Undersized
        } else if households > hmax && population > pmax {
            SizeVerdict::Oversized
        } else {
            SizeVerdict::Mixed
        }
    }

    /// The norm as JSON (the shape [`SizeNorm::from_value`] reads).
    ///
    /// # Example
    /// ```
    /// let n = wangshi::grid::SizeNorm::default();
    /// assert_eq!(wangshi::grid::SizeNorm::from_value(&n.to_value()).unwrap(), n);
    /// ```
    pub fn to_value(&self) -> Value {
        serde_json::json!({
            "version": self.version,
            "households_min": self.households.0,
            "households_max": self.households.1,
            "population_min": self.population.0,
            "population_max": self.population.1,
        })
    }
}

fn check_order(path: Path<'_>, what: &str, min: u32, max: u32) -> Result<(), Error> {
    if min > max {
        let field = format!("{what}_min");
        return Err(path.field(&field).error(
            ErrorCode::InvalidPolicy,
            format!("{what}_min {min} is larger than {what}_max {max}"),
        ));
    }
    Ok(())
}

/// Reads a norm at `path`; missing fields come from `base` (all required
/// when there is none).
fn parse(v: Node<'_>, path: Path<'_>, base: Option<&SizeNorm>) -> Result<SizeNorm, Error> {
    let o = Obj::new(
        v,
        path,
        &[
            "version",
            "households_min",
            "households_max",
            "population_min",
            "population_max",
        ],
    )?;
    let max = u64::from(u32::MAX);
    let field = |name: &str, default: Option<u32>| -> Result<u32, Error> {
        match default {
            Some(d) => Ok(o.opt_uint(name, max)?.map_or(d, |n| n as u32)),
            None => Ok(o.uint(name, max)? as u32),
        }
    };
    let households = (
        field("households_min", base.map(|b| b.households.0))?,
        field("households_max", base.map(|b| b.households.1))?,
    );
    let population = (
        field("population_min", base.map(|b| b.population.0))?,
        field("population_max", base.map(|b| b.population.1))?,
    );
    check_order(path, "households", households.0, households.1)?;
    check_order(path, "population", population.0, population.1)?;
    let version = match o.opt_str("version")? {
        Some(s) => s.into_owned(),
        None => base.map(|b| b.version.clone()).unwrap_or_default(),
    };
    Ok(SizeNorm {
        version,
        households,
        population,
    })
}

crate::stamp::rule_data!(SizeNorm, "norm", default_size_norm());

/// The request's `norm` field (partial overrides of the default), or the
/// default norm when it is absent.
pub(crate) fn from_request(o: &Obj<'_, '_>) -> Result<std::borrow::Cow<'static, SizeNorm>, Error> {
    match o.get("norm") {
        None => Ok(std::borrow::Cow::Borrowed(default_size_norm())),
        Some(v) => parse(v, o.path().field("norm"), Some(default_size_norm()))
            .map(std::borrow::Cow::Owned)
            .map_err(|e| e.in_data(ErrorCode::InvalidPolicy)),
    }
}
