//! The working-day index: built once per calendar, so that counting n
//! working days is a few table look-ups, never a walk day by day.
//!
//! Two levels. Each year of 1900 ..= [`LAST_INDEXED_YEAR`] has a slot with
//! the day its January 1 falls on, the number of working days before it
//! (prefix counts over years) and the number of uncovered years before it
//! (for `provisional`); and it points at a year table holding the year's
//! own prefix counts (working days before each day of the year) and its
//! list of working days (by day of the year). A year the calendar does not
//! cover follows the fixed rule (Monday–Friday except the fixed-date
//! holidays), which depends only on the weekday of January 1 and on leap
//! years: the 14 such tables are built once per process and shared by every
//! calendar. So a calendar with a locality's override costs only the tables
//! of its covered years plus the slots (well under a millisecond), not a
//! table of every day.
//!
//! Queries: the count of working days up to a day is `slot.before +
//! table.before[doy + 1]`; the k-th working day is found by locating its
//! year among the slots (the start's year or the next in practice, else a
//! binary search: O(log years)) and reading the year's list.

use super::year::{CalendarYear, fixed_holiday, is_weekend};
use crate::date::{self, MIN_DAY, MIN_YEAR, days_from_civil, is_leap_year};
use std::sync::OnceLock;

/// The last year of the index. Deadlines may fall after 2199 (a start late
/// in 2199 plus a long period); the index runs on past it, under the rule
/// for uncovered years (so such a deadline is `provisional`), far enough for
/// the longest period from the last second of 2199: 3660 working days need
/// under 15 years of at least 254 working days each.
pub const LAST_INDEXED_YEAR: i32 = 2215;
/// December 31 of [`LAST_INDEXED_YEAR`] as days since 1970-01-01.
pub const LAST_INDEXED_DAY: i32 = days_from_civil(LAST_INDEXED_YEAR, 12, 31);
/// The number of years in the index.
const YEARS: usize = (LAST_INDEXED_YEAR - MIN_YEAR + 1) as usize;
/// The number of shared tables of uncovered years: weekday of January 1
/// (7) × leap or not (2).
const RULE_TABLES: usize = 14;

/// One year's working days.
#[derive(Clone)]
struct YearTable {
    /// `before[i]`: working days among days-of-year `0 .. i` (`i` up to
    /// 366); `before[len]` is the year's total.
    before: [u16; 367],
    /// Day-of-year (0-based) of each working day, in order; the first
    /// `before[len]` entries are used.
    work: [u16; 366],
}

impl YearTable {
    /// The table of a year of `len` days starting on day number `start`,
    /// whose day-of-year `i` is a working day iff `working(i)`.
    fn build(len: usize, mut working: impl FnMut(usize) -> bool) -> YearTable {
        let mut t = YearTable {
            before: [0; 367],
            work: [0; 366],
        };
        let mut n = 0u16;
        for i in 0..len {
            t.before[i] = n;
            if working(i) {
                t.work[usize::from(n)] = i as u16;
                n += 1;
            }
        }
        for b in &mut t.before[len..] {
            *b = n;
        }
        t
    }
}

/// One year's place in the index.
#[derive(Clone, Copy)]
struct Slot {
    /// January 1, days since 1970-01-01.
    start: i32,
    /// Working days in all years before this one (from 1900).
    before: u32,
    /// Years before this one the calendar does not cover.
    uncovered_before: u16,
    /// The year's table.
    table: u16,
}

/// A calendar's working-day index over 1900 ..= [`LAST_INDEXED_YEAR`].
#[derive(Clone)]
pub(crate) struct Index {
    /// One per year, then a sentinel whose `start` is the day after the
    /// index and whose counts are the totals. (A fixed-size array: indices
    /// clamped below `YEARS` need no bounds checks.)
    slots: Box<[Slot; YEARS + 1]>,
    /// The 14 rule tables, then one per covered year.
    tables: Vec<YearTable>,
}

/// The weekday (0 Monday … 6 Sunday) of a day number.
#[inline]
const fn weekday(day: i32) -> u32 {
    (day + 3).rem_euclid(7) as u32
}

/// Which shared rule table a year uses.
fn rule_table_id(year: i32) -> usize {
    weekday(days_from_civil(year, 1, 1)) as usize * 2 + usize::from(is_leap_year(year))
}

/// The 14 tables of uncovered years, built once.
fn rule_tables() -> &'static [YearTable] {
    static TABLES: OnceLock<Vec<YearTable>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut tables: Vec<Option<YearTable>> = vec![None; RULE_TABLES];
        // Every kind of year occurs within any 28 consecutive years (here
        // 2001–2028, inside one century).
        for year in 2001..=2028 {
            let id = rule_table_id(year);
            if tables[id].is_none() {
                tables[id] = Some(rule_table(year));
            }
        }
        tables
            .into_iter()
            .map(|t| t.expect("every kind of year occurs in 2001–2028"))
            .collect()
    })
}

/// The table of `year` under the rule for uncovered years.
fn rule_table(year: i32) -> YearTable {
    let start = days_from_civil(year, 1, 1);
    YearTable::build(year_len(year), |i| {
        let day = start + i as i32;
        let (_, m, d) = date::civil_from_days(day);
        !is_weekend(day) && fixed_holiday(m, d).is_none()
    })
}

fn year_len(year: i32) -> usize {
    if is_leap_year(year) { 366 } else { 365 }
}

/// The table of a covered year.
fn covered_table(year: i32, arrangement: &CalendarYear) -> YearTable {
    let start = days_from_civil(year, 1, 1);
    // 0 by the weekday rule, 1 listed off, 2 listed worked.
    let mut listed = [0u8; 366];
    for h in &arrangement.holidays {
        listed[(date::to_days(h.date) - start) as usize] = 1;
    }
    for w in &arrangement.workdays {
        listed[(date::to_days(*w) - start) as usize] = 2;
    }
    YearTable::build(year_len(year), |i| match listed[i] {
        1 => false,
        2 => true,
        _ => !is_weekend(start + i as i32),
    })
}

impl Index {
    /// The index of a calendar covering `covered` (years in 1900–2199, in
    /// any order, each once).
    pub(crate) fn build<'a>(covered: impl Iterator<Item = (i32, &'a CalendarYear)>) -> Index {
        let mut tables = rule_tables().to_vec();
        let mut table_of: [Option<u16>; YEARS] = [None; YEARS];
        for (year, arrangement) in covered {
            table_of[(year - MIN_YEAR) as usize] = Some(tables.len() as u16);
            tables.push(covered_table(year, arrangement));
        }
        let mut slots = Box::new(
            [Slot {
                start: 0,
                before: 0,
                uncovered_before: 0,
                table: 0,
            }; YEARS + 1],
        );
        let (mut before, mut uncovered_before) = (0u32, 0u16);
        for (i, t) in table_of.iter().enumerate() {
            let year = MIN_YEAR + i as i32;
            let table = t.unwrap_or(rule_table_id(year) as u16);
            slots[i] = Slot {
                start: days_from_civil(year, 1, 1),
                before,
                uncovered_before,
                table,
            };
            before += u32::from(tables[usize::from(table)].before[366]);
            uncovered_before += u16::from(t.is_none());
        }
        slots[YEARS] = Slot {
            start: LAST_INDEXED_DAY + 1,
            before,
            uncovered_before,
            table: 0,
        };
        Index { slots, tables }
    }

    /// The slot number (year − 1900) of a day within the index.
    #[inline]
    fn year_slot(&self, day: i32) -> usize {
        debug_assert!((MIN_DAY..=LAST_INDEXED_DAY).contains(&day));
        // 146 097 days per 400 years: the estimate is off from the true year
        // starts by under two days, so one step either way corrects it
        // (checked for every day of the index in the tests).
        let i = (day - MIN_DAY) as u32;
        let y = ((i * 400 / 146_097) as usize).min(YEARS - 1);
        if day < self.slots[y].start {
            y.saturating_sub(1)
        } else if day >= self.slots[y + 1].start {
            (y + 1).min(YEARS - 1)
        } else {
            y
        }
    }

    #[inline]
    fn table(&self, slot: usize) -> &YearTable {
        &self.tables[usize::from(self.slots[slot].table)]
    }

    /// The slot of `day` and its day of the year.
    #[inline]
    fn locate(&self, day: i32) -> (usize, usize) {
        let y = self.year_slot(day);
        (y, (day - self.slots[y].start) as usize)
    }

    /// Whether `day` (within the index) is a working day.
    #[inline]
    pub(crate) fn is_working(&self, day: i32) -> bool {
        let (y, doy) = self.locate(day);
        let t = self.table(y);
        t.before[doy + 1] != t.before[doy]
    }

    /// Working days from 1900-01-01 up to and including `day`.
    #[inline]
    pub(crate) fn count_through(&self, day: i32) -> u32 {
        let (y, doy) = self.locate(day);
        self.slots[y].before + u32::from(self.table(y).before[doy + 1])
    }

    /// The `rank`-th working day (`rank >= 1`, counted from 1900-01-01),
    /// looked for from slot `hint` on (the rank's year is at or after it);
    /// `None` past the end of the index.
    #[inline(always)]
    fn nth(&self, rank: u32, hint: usize) -> Option<(usize, i32)> {
        let s = &self.slots;
        if rank > s[YEARS].before {
            return None;
        }
        // The year y with s[y].before < rank <= s[y + 1].before.
        let mut y = hint;
        if rank > s[y + 1].before {
            y += 1;
            if rank > s[y + 1].before {
                // Past the next year: a binary search over the rest.
                y += s[y + 1..=YEARS].partition_point(|slot| slot.before < rank);
            }
        }
        let t = self.table(y);
        let doy = t.work[(rank - s[y].before - 1) as usize];
        Some((y, s[y].start + i32::from(doy)))
    }

    /// The `n`-th working day after `day` (`n >= 1`), and whether any day
    /// it passes (after `day`, up to the result) lies in an uncovered year.
    #[inline]
    pub(crate) fn after_working_days(&self, day: i32, n: u32) -> Option<(i32, bool)> {
        let (y, doy) = self.locate(day);
        let t = self.table(y);
        let rank = self.slots[y].before + u32::from(t.before[doy + 1]) + n;
        let (y_end, found) = self.nth(rank, y)?;
        // The first day passed is day + 1, in the next year after Dec 31.
        let y_first = y + usize::from(day + 1 == self.slots[y + 1].start);
        Some((found, self.uncovered(y_first, y_end)))
    }

    /// The first working day on or after `day`, and whether any day from
    /// `day` to it lies in an uncovered year.
    #[inline]
    pub(crate) fn next_working(&self, day: i32) -> Option<(i32, bool)> {
        let (y, doy) = self.locate(day);
        let t = self.table(y);
        let rank = self.slots[y].before + u32::from(t.before[doy]) + 1;
        let (y_end, found) = self.nth(rank, y)?;
        Some((found, self.uncovered(y, y_end)))
    }

    /// Whether any year of slots `from ..= to` is uncovered.
    #[inline]
    pub(crate) fn uncovered(&self, from: usize, to: usize) -> bool {
        from <= to && self.slots[to + 1].uncovered_before != self.slots[from].uncovered_before
    }

    /// The number of uncovered years before the year of `day` (within the
    /// index): with [`Index::uncovered_through_year`] of a later day, whether
    /// any year between them is uncovered, without locating that day again
    /// (a sweep locates its `as_of` once).
    #[inline]
    pub(crate) fn uncovered_before_year(&self, day: i32) -> u16 {
        self.slots[self.year_slot(day)].uncovered_before
    }

    /// The number of uncovered years up to and including the year of `day`
    /// (within the index).
    #[inline]
    pub(crate) fn uncovered_through_year(&self, day: i32) -> u16 {
        self.slots[self.year_slot(day) + 1].uncovered_before
    }

    /// Whether any day of `from ..= to` (within the index) lies in an
    /// uncovered year.
    #[inline]
    pub(crate) fn uncovered_days(&self, from: i32, to: i32) -> bool {
        from <= to && self.uncovered(self.year_slot(from), self.year_slot(to))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_slot_is_exact_for_every_day() {
        let idx = Index::build(std::iter::empty());
        for day in MIN_DAY..=LAST_INDEXED_DAY {
            let y = idx.year_slot(day);
            assert_eq!(MIN_YEAR + y as i32, date::civil_from_days(day).0, "{day}");
        }
    }

    #[test]
    fn rule_tables_match_the_rule_for_every_indexed_year() {
        for year in MIN_YEAR..=LAST_INDEXED_YEAR {
            let shared = &rule_tables()[rule_table_id(year)];
            let own = rule_table(year);
            assert_eq!(shared.before, own.before, "{year}");
        }
    }
}
