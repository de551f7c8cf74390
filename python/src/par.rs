//! Independent jobs of one batch call (converting its input columns,
//! building its output columns) run at once on scoped threads when the call
//! asked for more than one thread. The core's own rows are cut by the core
//! (`wangshi::threads`); these are whole columns, Arrow data only (never a
//! Python object: the threads do not hold the GIL).

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One job.
pub(crate) type Job<'a, R> = Box<dyn FnOnce() -> R + Send + 'a>;

/// Runs every job once, on up to `threads` threads (the calling one among
/// them), and returns their results in job order. A job's panic is raised
/// again here once every thread has ended; a thread the system refuses
/// leaves its jobs to the others.
pub(crate) fn run<'a, R: Send>(threads: usize, jobs: Vec<Job<'a, R>>) -> Vec<R> {
    let k = threads.min(jobs.len());
    if k <= 1 {
        return jobs.into_iter().map(|j| j()).collect();
    }
    let slots: Vec<Mutex<Option<Job<'a, R>>>> =
        jobs.into_iter().map(|j| Mutex::new(Some(j))).collect();
    let results: Vec<Mutex<Option<R>>> = slots.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(slot) = slots.get(i) else { break };
            let job = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
            if let Some(job) = job {
                let r = job();
                *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(r);
            }
        }
    };
    std::thread::scope(|s| {
        for _ in 1..k {
            // A refused thread: the others (the calling one at least) take
            // its jobs.
            let _ = std::thread::Builder::new()
                .name("wangshi-columns".into())
                .spawn_scoped(s, work);
        }
        work();
    });
    results
        .into_iter()
        .map(|r| {
            r.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every job ran")
        })
        .collect()
}
