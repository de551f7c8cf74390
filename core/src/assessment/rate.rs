//! Exact shares rounded once, half-even: the rates of 每月一考核.
//!
//! Every figure of the monthly assessment is computed from exact integers
//! and rounded once, at the end, half to even (banker's rounding): 2/3 is
//! 0.6667, 1/8 is 0.125, and 0.00005 exactly halfway rounds to the even
//! neighbour 0.0 (never up by habit, never by a float's accident).

use std::fmt;

/// `num / den` rounded half-even to a whole number (`den > 0`).
#[inline]
pub(crate) const fn round_half_even(num: u128, den: u128) -> u128 {
    let (q, r) = (num / den, num % den);
    // Compare 2r with den without overflowing: r < den.
    if r > den - r || (r == den - r && q % 2 == 1) {
        q + 1
    } else {
        q
    }
}

/// A share (met / required) rounded half-even to 4 decimals, held exactly
/// as a whole number of ten-thousandths: 0.6667 is 6667, 1.0 is 10000.
///
/// Its text ([`fmt::Display`]) is the JSON number the ops write: no
/// trailing zeros, at least one decimal (`0.6667`, `0.7`, `1.0`, `0.0`).
///
/// # Example
/// ```
/// use wangshi::assessment::Rate;
/// assert_eq!(Rate::of(2, 3).unwrap().to_string(), "0.6667");
/// assert_eq!(Rate::of(1, 8).unwrap().ten_thousandths(), 1250);
/// assert_eq!(Rate::of(3, 3).unwrap().to_string(), "1.0");
/// // Exactly halfway: 1/20000 = 0.00005 rounds to the even 0.0000, 3/20000 up to 0.0002.
/// assert_eq!(Rate::of(1, 20_000).unwrap().ten_thousandths(), 0);
/// assert_eq!(Rate::of(3, 20_000).unwrap().ten_thousandths(), 2);
/// assert_eq!(Rate::of(0, 0), None); // nothing required: no rate
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rate(u64);

impl Rate {
    /// The denominator of [`Rate::ten_thousandths`].
    pub const SCALE: u64 = 10_000;

    /// `part / whole` rounded half-even to 4 decimals; `None` when `whole`
    /// is 0 (a share of nothing is no share).
    ///
    /// # Example
    /// ```
    /// use wangshi::assessment::Rate;
    /// assert_eq!(Rate::of(9, 13).unwrap().to_string(), "0.6923");
    /// ```
    pub const fn of(part: u64, whole: u64) -> Option<Rate> {
        if whole == 0 {
            return None;
        }
        let units = round_half_even(part as u128 * Rate::SCALE as u128, whole as u128);
        // part ≤ u64::MAX, so units ≤ u64::MAX · 10⁴: clamp what no share reaches.
        Some(Rate(if units > u64::MAX as u128 {
            u64::MAX
        } else {
            units as u64
        }))
    }

    /// The rate in ten-thousandths (6667 for 0.6667): the exact value, for
    /// columns and comparisons.
    ///
    /// # Example
    /// ```
    /// assert_eq!(wangshi::assessment::Rate::of(7, 10).unwrap().ten_thousandths(), 7000);
    /// ```
    pub const fn ten_thousandths(self) -> u64 {
        self.0
    }

    /// The rate as the nearest `f64` (the value a JSON reader gets from its
    /// text).
    ///
    /// # Example
    /// ```
    /// assert_eq!(wangshi::assessment::Rate::of(2, 3).unwrap().to_f64(), 0.6667);
    /// ```
    pub fn to_f64(self) -> f64 {
        // Both operands are exact doubles (below 2⁵³ for any share), and
        // IEEE division rounds correctly: the nearest double to the decimal.
        self.0 as f64 / Rate::SCALE as f64
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_decimal(f, self.0, 4)
    }
}

/// Points rounded half-even to 2 decimals, held exactly as a whole number
/// of hundredths: an item's points or a worker's score (53.33 is 5333).
///
/// Its text ([`fmt::Display`]) is the JSON number the ops write: no
/// trailing zeros, at least one decimal (`53.33`, `35.0`, `0.5`).
///
/// # Example
/// ```
/// use wangshi::assessment::Points;
/// let p = Points::from_hundredths(5333);
/// assert_eq!((p.to_string(), p.hundredths(), p.to_f64()), ("53.33".to_owned(), 5333, 53.33));
/// assert_eq!(Points::from_hundredths(3500).to_string(), "35.0");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(u64);

impl Points {
    /// The denominator of [`Points::hundredths`].
    pub const SCALE: u64 = 100;

    /// The points that are `hundredths` / 100.
    ///
    /// # Example
    /// ```
    /// assert_eq!(wangshi::assessment::Points::from_hundredths(5).to_string(), "0.05");
    /// ```
    pub const fn from_hundredths(hundredths: u64) -> Points {
        Points(hundredths)
    }

    /// The points in hundredths (5333 for 53.33): the exact value, for
    /// comparisons (scores are ranked on it).
    ///
    /// # Example
    /// ```
    /// assert_eq!(wangshi::assessment::Points::from_hundredths(7000).hundredths(), 7000);
    /// ```
    pub const fn hundredths(self) -> u64 {
        self.0
    }

    /// The points as the nearest `f64` (the value a JSON reader gets from
    /// its text).
    ///
    /// # Example
    /// ```
    /// assert_eq!(wangshi::assessment::Points::from_hundredths(1).to_f64(), 0.01);
    /// ```
    pub fn to_f64(self) -> f64 {
        // Exact operands below 2⁵³ and one correctly rounded division.
        self.0 as f64 / Points::SCALE as f64
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_decimal(f, self.0, 2)
    }
}

/// Writes `units / 10^decimals` as a JSON number with at least one decimal
/// and no trailing zeros (`6667, 4` → `0.6667`; `10000, 4` → `1.0`).
pub(crate) fn write_decimal(f: &mut impl fmt::Write, units: u64, decimals: u32) -> fmt::Result {
    let scale = 10u64.pow(decimals);
    let (whole, mut frac) = (units / scale, units % scale);
    write!(f, "{whole}.")?;
    if frac == 0 {
        return f.write_char('0');
    }
    let mut width = decimals as usize;
    while frac % 10 == 0 {
        frac /= 10;
        width -= 1;
    }
    write!(f, "{frac:0width$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_even_at_every_remainder() {
        // 0.5 → 0, 1.5 → 2, 2.5 → 2, just above or below half → nearest.
        assert_eq!(round_half_even(1, 2), 0);
        assert_eq!(round_half_even(3, 2), 2);
        assert_eq!(round_half_even(5, 2), 2);
        assert_eq!(round_half_even(7, 2), 4);
        assert_eq!(round_half_even(49, 100), 0);
        assert_eq!(round_half_even(51, 100), 1);
        assert_eq!(round_half_even(0, 7), 0);
        assert_eq!(round_half_even(u128::MAX, 1), u128::MAX);
    }

    #[test]
    fn the_same_as_exact_decimal_rounding_for_small_shares() {
        // Against rounding the exact decimal expansion by hand.
        for whole in 1..=400u64 {
            for part in 0..=whole {
                let scaled = part * 10_000;
                let (q, r2) = (scaled / whole, 2 * (scaled % whole));
                let want = if r2 > whole || (r2 == whole && q % 2 == 1) {
                    q + 1
                } else {
                    q
                };
                assert_eq!(Rate::of(part, whole).unwrap().0, want, "{part}/{whole}");
            }
        }
    }

    #[test]
    fn text_has_no_trailing_zeros_and_one_decimal_at_least() {
        let t = |u| Rate(u).to_string();
        assert_eq!(t(0), "0.0");
        assert_eq!(t(10_000), "1.0");
        assert_eq!(t(7_000), "0.7");
        assert_eq!(t(1_250), "0.125");
        assert_eq!(t(6_667), "0.6667");
        assert_eq!(t(5), "0.0005");
        assert_eq!(t(12_345), "1.2345");
        for u in 0..=10_000 {
            let r = Rate(u);
            assert_eq!(r.to_string().parse::<f64>().unwrap(), r.to_f64(), "{u}");
        }
    }
}
