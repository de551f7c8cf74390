//! Exact arithmetic for a worker's score: the sum of up to four fractions
//! (each item's weight × part / whole), scaled up by the total weight over
//! the weight of the non-empty items, less the deductions — computed as one
//! fraction of wide integers and rounded once, half to even, to hundredths.
//!
//! The numbers are bounded by their types (each whole below 2⁶⁴, at most
//! four items, weights and points at most 10⁶), so 512 bits always hold
//! them: the products below never overflow.

use std::cmp::Ordering;

/// The limbs of a [`Wide`].
const LIMBS: usize = 8;

/// An unsigned integer of 512 bits, little-endian 64-bit limbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Wide([u64; LIMBS]);

impl Wide {
    pub(crate) const ZERO: Wide = Wide([0; LIMBS]);

    pub(crate) const fn from_u128(x: u128) -> Wide {
        let mut l = [0; LIMBS];
        l[0] = x as u64;
        l[1] = (x >> 64) as u64;
        Wide(l)
    }

    /// `self × m`.
    ///
    /// # Panics
    /// When the product does not fit (the bounds of the module rule it
    /// out; a panic is caught at the library's boundary as
    /// `internal_error`).
    pub(crate) fn mul(self, m: u64) -> Wide {
        let mut out = [0; LIMBS];
        let mut carry = 0u128;
        for (o, &x) in out.iter_mut().zip(&self.0) {
            let t = u128::from(x) * u128::from(m) + carry;
            *o = t as u64;
            carry = t >> 64;
        }
        assert!(carry == 0, "a score's exact product overflowed 512 bits");
        Wide(out)
    }

    /// `self × m` for a 128-bit `m`.
    pub(crate) fn mul_wide(self, m: u128) -> Wide {
        let lo = self.mul(m as u64);
        let hi = self.mul((m >> 64) as u64);
        assert!(hi.0[LIMBS - 1] == 0, "a score's exact product overflowed");
        let mut shifted = [0; LIMBS];
        shifted[1..].copy_from_slice(&hi.0[..LIMBS - 1]);
        lo.add(Wide(shifted))
    }

    /// `self + o`.
    pub(crate) fn add(self, o: Wide) -> Wide {
        let mut out = [0; LIMBS];
        let mut carry = false;
        for ((r, &a), &b) in out.iter_mut().zip(&self.0).zip(&o.0) {
            let (s, c1) = a.overflowing_add(b);
            let (s, c2) = s.overflowing_add(u64::from(carry));
            *r = s;
            carry = c1 || c2;
        }
        assert!(!carry, "a score's exact sum overflowed 512 bits");
        Wide(out)
    }

    /// `self − o`, for `self >= o`.
    pub(crate) fn sub(self, o: Wide) -> Wide {
        let mut out = [0; LIMBS];
        let mut borrow = false;
        for ((r, &a), &b) in out.iter_mut().zip(&self.0).zip(&o.0) {
            let (s, b1) = a.overflowing_sub(b);
            let (s, b2) = s.overflowing_sub(u64::from(borrow));
            *r = s;
            borrow = b1 || b2;
        }
        assert!(!borrow, "a score's exact difference went below zero");
        Wide(out)
    }
}

impl PartialOrd for Wide {
    fn partial_cmp(&self, o: &Wide) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Wide {
    fn cmp(&self, o: &Wide) -> Ordering {
        self.0.iter().rev().cmp(o.0.iter().rev())
    }
}

/// `num / den` rounded half to even, for a quotient known to be at most
/// `max` (`den > 0`).
pub(crate) fn round_half_even(num: Wide, den: Wide, max: u64) -> u64 {
    debug_assert!(den != Wide::ZERO);
    // The largest q ≤ max + 1 with den·q ≤ num: a binary search, each step
    // one product (the quotient is small: a score in hundredths).
    let (mut lo, mut hi) = (0u64, max.saturating_add(1));
    while lo < hi {
        let mid = lo + (hi - lo).div_ceil(2);
        if den.mul(mid) <= num {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let q = lo;
    let r = num.sub(den.mul(q));
    match r.mul(2).cmp(&den) {
        Ordering::Greater => q + 1,
        Ordering::Equal if q % 2 == 1 => q + 1,
        _ => q,
    }
}

/// One term of a score: an item's weight and its metric `part / whole`
/// (`whole > 0`, `part <= whole`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Term {
    pub(crate) weight: u64,
    pub(crate) part: u64,
    pub(crate) whole: u64,
}

/// The score in hundredths, exactly: `(Σ weightᵢ·partᵢ/wholeᵢ) × total /
/// (Σ weightᵢ) − deductions`, floored at 0, rounded half-even once; `None`
/// when the terms weigh nothing (no term, or only terms of weight 0).
///
/// `total` is the scheme's total weight (at least the terms' weights).
pub(crate) fn score(terms: &[Term], total: u64, deductions: u128) -> Option<u64> {
    let weighed: u64 = terms.iter().map(|t| t.weight).sum();
    if weighed == 0 {
        return None;
    }
    // Over the common denominator Π wholeᵢ · weighed:
    //   100 · total · Σ weightᵢ · partᵢ · Π_{j≠i} wholeⱼ − 100 · deductions · den.
    let mut product = Wide::from_u128(1);
    for t in terms {
        product = product.mul(t.whole);
    }
    let den = product.mul(weighed);
    let mut sum = Wide::ZERO;
    for (i, t) in terms.iter().enumerate() {
        let mut x = Wide::from_u128(u128::from(t.weight) * u128::from(t.part));
        for (j, o) in terms.iter().enumerate() {
            if j != i {
                x = x.mul(o.whole);
            }
        }
        sum = sum.add(x);
    }
    let plus = sum.mul(total).mul(100);
    let minus = den.mul_wide(deductions).mul(100);
    if plus <= minus {
        return Some(0);
    }
    Some(round_half_even(
        plus.sub(minus),
        den,
        total.saturating_mul(100),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The score computed with u128 fractions, for small inputs.
    fn naive(terms: &[Term], total: u64, deductions: u128) -> Option<u64> {
        let weighed: u128 = terms.iter().map(|t| u128::from(t.weight)).sum();
        if weighed == 0 {
            return None;
        }
        let den: u128 = terms.iter().map(|t| u128::from(t.whole)).product::<u128>() * weighed;
        let mut num = 0u128;
        for (i, t) in terms.iter().enumerate() {
            let mut x = u128::from(t.weight) * u128::from(t.part);
            for (j, o) in terms.iter().enumerate() {
                if j != i {
                    x *= u128::from(o.whole);
                }
            }
            num += x;
        }
        let plus = num * u128::from(total) * 100;
        let minus = deductions * den * 100;
        if plus <= minus {
            return Some(0);
        }
        Some(super::super::rate::round_half_even(plus - minus, den) as u64)
    }

    #[test]
    fn agrees_with_u128_fractions_on_small_inputs() {
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: u64| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng % n
        };
        for _ in 0..20_000 {
            let k = next(5) as usize;
            let terms: Vec<Term> = (0..k)
                .map(|_| {
                    let whole = 1 + next(400);
                    Term {
                        weight: next(60),
                        part: next(whole + 1),
                        whole,
                    }
                })
                .collect();
            let total = terms.iter().map(|t| t.weight).sum::<u64>() + next(40);
            let d = u128::from(next(30));
            assert_eq!(
                score(&terms, total, d),
                naive(&terms, total, d),
                "{terms:?} {total} {d}"
            );
        }
    }

    #[test]
    fn halfway_rounds_to_even() {
        // 1/8 of 1 point is 0.125: to 0.12; 3/8 is 0.375: to 0.38.
        let t = |part| Term {
            weight: 1,
            part,
            whole: 8,
        };
        assert_eq!(score(&[t(1)], 1, 0), Some(12));
        assert_eq!(score(&[t(3)], 1, 0), Some(38));
        assert_eq!(score(&[t(5)], 1, 0), Some(62));
        assert_eq!(score(&[], 100, 0), None);
        assert_eq!(
            score(
                &[Term {
                    weight: 0,
                    part: 1,
                    whole: 1
                }],
                100,
                0
            ),
            None
        );
    }

    #[test]
    fn the_widest_inputs_fit() {
        let t = Term {
            weight: 1_000_000,
            part: u64::MAX - 1,
            whole: u64::MAX,
        };
        let s = score(&[t; 4], 4_000_000, 0).unwrap();
        assert_eq!(s, 400_000_000); // just below 4 000 000.00: rounds to it
        let s = score(&[t; 4], 4_000_000, u128::from(u64::MAX) * 1_000_000).unwrap();
        assert_eq!(s, 0);
        let full = Term {
            weight: 1_000_000,
            part: u64::MAX,
            whole: u64::MAX,
        };
        assert_eq!(score(&[full; 4], 4_000_000, 1), Some(399_999_900));
    }

    #[test]
    fn wide_arithmetic() {
        let a = Wide::from_u128(u128::MAX);
        let b = a.mul(u64::MAX);
        assert!(b > a);
        assert_eq!(b.sub(b), Wide::ZERO);
        assert_eq!(a.add(Wide::from_u128(1)).sub(a), Wide::from_u128(1));
        assert_eq!(a.mul_wide(3), a.mul(3));
        assert_eq!(
            round_half_even(Wide::from_u128(7), Wide::from_u128(2), 10),
            4
        );
        assert_eq!(
            round_half_even(Wide::from_u128(5), Wide::from_u128(2), 10),
            2
        );
        assert_eq!(
            round_half_even(Wide::from_u128(0), Wide::from_u128(3), 10),
            0
        );
        assert_eq!(
            round_half_even(Wide::from_u128(30), Wide::from_u128(3), 10),
            10
        );
    }
}
