//! How many threads a columnar batch runs on.
//!
//! Every columnar batch (the visit batch, the classification batch, the
//! deadline batches, the completion batch, the supervision sweep) has a
//! `_threads` form taking a
//! [`Threads`]: the rows are cut into contiguous ranges, one per thread,
//! and each range is computed on a scoped thread (`std::thread::scope`;
//! the last range on the calling thread) into its own part of the output
//! columns. Every row is computed by the same code whichever range it lands
//! in, so **the result is the same for every thread count**, bad rows
//! included; only the time changes.
//!
//! Small batches do not pay for threads: a batch uses at most one thread
//! per [`MIN_ROWS_PER_THREAD`] rows, so a batch of fewer than twice that
//! many rows runs on the calling thread alone, whatever was asked.
//!
//! The forms without `_threads` run on the calling thread
//! ([`Threads::ONE`]), as they always have.
//!
//! # Example
//! ```
//! use wangshi::threads::Threads;
//! assert_eq!(Threads::new(1), Threads::ONE);
//! assert_eq!(Threads::new(0), Threads::All);          // 0 = every core
//! assert_eq!(Threads::new(4).count(), 4);
//! assert!(Threads::All.count() >= 1);
//! // 100 rows never start a thread; a million rows may use 4.
//! assert_eq!(Threads::new(4).for_rows(100), 1);
//! assert_eq!(Threads::new(4).for_rows(1_000_000), 4);
//! ```

use std::num::NonZeroUsize;
use std::ops::Range;
use std::sync::Mutex;

/// The fewest rows a batch gives one thread: a batch of `n` rows runs on at
/// most `n / MIN_ROWS_PER_THREAD` threads (and always on at least one).
/// Starting and joining a thread costs tens of microseconds; this many rows
/// take a few hundred.
pub const MIN_ROWS_PER_THREAD: usize = 65_536;

/// The number of threads a columnar batch may use.
///
/// [`Threads::new`] maps a count as the C ABI and Python give it: `0` is
/// [`Threads::All`], any other number that many threads. The default is
/// [`Threads::ONE`]: the calling thread only.
///
/// # Example
/// ```
/// use wangshi::threads::Threads;
/// assert_eq!(Threads::default(), Threads::ONE);
/// assert_eq!(Threads::ONE.count(), 1);
/// assert_eq!(Threads::new(0), Threads::All);
/// assert_eq!(Threads::new(3).to_string(), "3");
/// assert_eq!(Threads::All.to_string(), "all");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Threads {
    /// One thread per core the process may use
    /// (`std::thread::available_parallelism`, 1 when that is unknown).
    All,
    /// Exactly this many threads (for batches large enough; see
    /// [`Threads::for_rows`]).
    Count(NonZeroUsize),
}

impl Default for Threads {
    fn default() -> Threads {
        Threads::ONE
    }
}

impl std::fmt::Display for Threads {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Threads::All => f.write_str("all"),
            Threads::Count(n) => write!(f, "{n}"),
        }
    }
}

impl Threads {
    /// The calling thread only: what every batch without `_threads` uses.
    pub const ONE: Threads = Threads::Count(NonZeroUsize::MIN);

    /// `n` threads, or [`Threads::All`] for `n == 0`.
    ///
    /// # Example
    /// ```
    /// use wangshi::threads::Threads;
    /// assert_eq!(Threads::new(0), Threads::All);
    /// assert_eq!(Threads::new(2).count(), 2);
    /// ```
    pub const fn new(n: usize) -> Threads {
        match NonZeroUsize::new(n) {
            None => Threads::All,
            Some(n) => Threads::Count(n),
        }
    }

    /// The number of threads this stands for (at least 1): the count, or
    /// the cores available to the process for [`Threads::All`].
    ///
    /// # Example
    /// ```
    /// use wangshi::threads::Threads;
    /// assert_eq!(Threads::new(5).count(), 5);
    /// assert!(Threads::All.count() >= 1);
    /// ```
    pub fn count(self) -> usize {
        match self {
            // Asked of the system once per process: it reads cgroup files.
            Threads::All => {
                static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
                *CORES.get_or_init(|| {
                    std::thread::available_parallelism().map_or(1, NonZeroUsize::get)
                })
            }
            Threads::Count(n) => n.get(),
        }
    }

    /// The threads a batch of `rows` rows runs on: [`Threads::count`], but
    /// at most one per [`MIN_ROWS_PER_THREAD`] rows and at least one.
    ///
    /// # Example
    /// ```
    /// use wangshi::threads::{Threads, MIN_ROWS_PER_THREAD};
    /// assert_eq!(Threads::new(8).for_rows(0), 1);
    /// assert_eq!(Threads::new(8).for_rows(2 * MIN_ROWS_PER_THREAD - 1), 1);
    /// assert_eq!(Threads::new(8).for_rows(2 * MIN_ROWS_PER_THREAD), 2);
    /// assert_eq!(Threads::new(2).for_rows(usize::MAX), 2);
    /// ```
    pub fn for_rows(self, rows: usize) -> usize {
        let most = rows / MIN_ROWS_PER_THREAD;
        if most < 2 {
            return 1; // a small batch: never asks how many cores there are
        }
        self.count().min(most)
    }
}

/// Runs `f` over `input` and `output` cut into contiguous ranges of the same
/// rows, on up to `threads` threads ([`Threads::for_rows`]; the last range
/// on the calling thread): for a binding's own row-by-row loop over rows of
/// structs (the C ABI's struct batches), split as the core's batches split
/// theirs. `f` gets each range's rows of both.
///
/// # Errors
/// `invalid_value` when the two differ in length; `f` is not called.
///
/// # Example
/// ```
/// use wangshi::threads::{Threads, for_each_range};
/// let input: Vec<u32> = (0..300_000).collect();
/// let mut output = vec![0u64; input.len()];
/// for_each_range(&input, &mut output, Threads::new(2), |i, o| {
///     for (x, y) in i.iter().zip(o) {
///         *y = u64::from(*x) * 2;
///     }
/// })?;
/// assert_eq!(output[299_999], 599_998);
/// assert!(for_each_range(&input, &mut output[1..], Threads::ONE, |_, _| ()).is_err());
/// # Ok::<(), wangshi::Error>(())
/// ```
pub fn for_each_range<I, O, F>(
    input: &[I],
    output: &mut [O],
    threads: Threads,
    f: F,
) -> Result<(), crate::Error>
where
    I: Sync,
    O: Send,
    F: Fn(&[I], &mut [O]) + Sync,
{
    let n = input.len();
    if output.len() != n {
        return Err(crate::Error::new(
            crate::ErrorCode::InvalidValue,
            format!("input has {n} rows, output {}", output.len()),
        ));
    }
    cut_rows(n, threads.for_rows(n), output, |r, out| f(&input[r], out));
    Ok(())
}

/// Output columns that can be cut in two at a row, as
/// `<[T]>::split_at_mut` cuts one.
pub(crate) trait SplitRows: Sized + Send {
    /// Rows `..mid` and rows `mid..`.
    fn split_rows(self, mid: usize) -> (Self, Self);
}

/// Nothing to cut: for ranges that only read.
impl SplitRows for () {
    fn split_rows(self, _: usize) -> ((), ()) {
        ((), ())
    }
}

impl<T: Send> SplitRows for &mut [T] {
    fn split_rows(self, mid: usize) -> (Self, Self) {
        self.split_at_mut(mid)
    }
}

/// The first row of range `t` when `n` rows are cut into `k` ranges whose
/// lengths differ by at most one.
pub(crate) fn cut(n: usize, k: usize, t: usize) -> usize {
    // n * t / k in 128 bits: no product of two row counts overflows.
    (n as u128 * t as u128 / k as u128) as usize
}

/// Runs `f` over rows `0..n` cut into `k` contiguous ranges (as [`cut`]
/// cuts them), each range with its part of `out`; see [`run_parts`].
pub(crate) fn cut_rows<P, R, F>(n: usize, k: usize, out: P, f: F) -> Vec<R>
where
    P: SplitRows,
    R: Send,
    F: Fn(Range<usize>, P) -> R + Sync,
{
    let k = k.clamp(1, n.max(1));
    let mut parts = Vec::with_capacity(k);
    let mut rest = out;
    for t in 0..k - 1 {
        let (start, end) = (cut(n, k, t), cut(n, k, t + 1));
        let (part, tail) = rest.split_rows(end - start);
        rest = tail;
        parts.push((start..end, part));
    }
    parts.push((cut(n, k, k - 1)..n, rest));
    run_parts(parts, f)
}

/// Runs `f` on every `(range, part)`, all but the last on scoped threads
/// and the last on the calling thread, and returns the results in order.
///
/// A part whose thread cannot be started (the system refused it) is
/// computed on the calling thread instead: the result does not depend on
/// how many threads actually ran. A panic in `f` is raised again on the
/// calling thread once every thread has ended.
pub(crate) fn run_parts<P, R, F>(mut parts: Vec<(Range<usize>, P)>, f: F) -> Vec<R>
where
    P: Send,
    R: Send,
    F: Fn(Range<usize>, P) -> R + Sync,
{
    let Some((last, mine)) = parts.pop() else {
        return Vec::new();
    };
    if parts.is_empty() {
        return vec![f(last, mine)];
    }
    // Each spawned part waits in its own slot, so that a part whose thread
    // was refused can still be taken back and run here.
    let slots: Vec<(Range<usize>, Mutex<Option<P>>)> = parts
        .into_iter()
        .map(|(r, p)| (r, Mutex::new(Some(p))))
        .collect();
    let take = |slot: &Mutex<Option<P>>| {
        slot.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    };
    std::thread::scope(|s| {
        let f = &f;
        let handles: Vec<_> = slots
            .iter()
            .map(|(range, slot)| {
                std::thread::Builder::new()
                    .name("wangshi-batch".into())
                    .spawn_scoped(s, move || take(slot).map(|p| f(range.clone(), p)))
                    .ok()
            })
            .collect();
        let mine = f(last, mine);
        let mut results = Vec::with_capacity(slots.len() + 1);
        for ((range, slot), h) in slots.iter().zip(handles) {
            let r = match h.map(|h| h.join()) {
                Some(Ok(Some(r))) => r,
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                // Not started (or, impossibly, started without its part):
                // this part is computed here.
                Some(Ok(None)) | None => match take(slot) {
                    Some(p) => f(range.clone(), p),
                    None => unreachable!("a part is taken exactly once"),
                },
            };
            results.push(r);
        }
        results.push(mine);
        results
    })
}

/// [`cut_rows`] for row-by-row batches that return their error-row count:
/// the counts summed.
pub(crate) fn count_rows<P, F>(n: usize, threads: Threads, out: P, f: F) -> usize
where
    P: SplitRows,
    F: Fn(Range<usize>, P) -> usize + Sync,
{
    cut_rows(n, threads.for_rows(n), out, f).into_iter().sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_every_row_once_in_order() {
        for n in [0usize, 1, 2, 7, 64, 1000, 65_537] {
            for k in 1..=9 {
                let mut seen = vec![0u8; n];
                let ranges = cut_rows(n, k, &mut seen[..], |r, part: &mut [u8]| {
                    assert_eq!(r.len(), part.len());
                    part.iter_mut().for_each(|x| *x += 1);
                    r
                });
                assert_eq!(ranges.len(), k.clamp(1, n.max(1)), "n {n} k {k}");
                assert_eq!(ranges.first().unwrap().start, 0);
                assert_eq!(ranges.last().unwrap().end, n);
                for w in ranges.windows(2) {
                    assert_eq!(w[0].end, w[1].start);
                    assert!(w[0].len().abs_diff(w[1].len()) <= 1);
                }
                assert!(seen.iter().all(|&x| x == 1));
            }
        }
    }

    #[test]
    fn cut_does_not_overflow() {
        assert_eq!(cut(usize::MAX - 1, 3, 3), usize::MAX - 1);
        assert!(cut(usize::MAX - 1, 3, 1) < cut(usize::MAX - 1, 3, 2));
    }

    #[test]
    fn a_panic_on_a_thread_reaches_the_caller() {
        let mut out = [0u8; 10];
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            cut_rows(10, 3, &mut out[..], |r, _| {
                assert!(r.start != 0, "boom");
            })
        }));
        assert!(r.is_err());
    }

    #[test]
    fn small_batches_stay_on_the_calling_thread() {
        let me = std::thread::current().id();
        let n = 2 * MIN_ROWS_PER_THREAD - 1;
        let mut out = vec![0u8; n];
        count_rows(n, Threads::new(8), &mut out[..], |_, _| {
            assert_eq!(std::thread::current().id(), me);
            0
        });
    }
}
