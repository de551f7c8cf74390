//! Thread counts of the `_threads` batches: each takes the arguments of its
//! one-thread form with a `uint32_t threads` after the object, and the
//! one-thread forms are those calls with `threads` = 1.

use wangshi_core::threads::{MIN_ROWS_PER_THREAD, Threads};

/// The fewest rows a `_threads` batch gives one thread: a batch of n rows
/// runs on at most n / WS_MIN_ROWS_PER_THREAD threads (and always on at
/// least one, the calling thread), so small batches never start a thread.
pub const WS_MIN_ROWS_PER_THREAD: usize = 65536;
const _: () = assert!(WS_MIN_ROWS_PER_THREAD == MIN_ROWS_PER_THREAD);

/// A C thread count: 0 for every core, else that many.
pub(crate) fn threads_of(threads: u32) -> Threads {
    Threads::new(usize::try_from(threads).unwrap_or(usize::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_c_count_of_0_is_every_core() {
        assert_eq!(threads_of(0), Threads::All);
        assert_eq!(threads_of(1), Threads::ONE);
        assert_eq!(threads_of(7).count(), 7);
        assert_eq!(threads_of(u32::MAX).count(), u32::MAX as usize);
    }
}
