//! Test and benchmark support for wangshi: synthetic data of a plausible
//! county (deterministic from a seed) and the conformance-vector harness.
//! Not part of the library's public API (this crate is never published);
//! the core's tests, benchmarks and example, the C ABI's tests and the
//! Python module's benchmark build use it.
#![deny(missing_docs)]

pub mod assessment;
pub mod calendar;
pub mod completion;
pub mod grid;
pub mod handling;
pub mod province;
pub mod rng;
pub mod triage;
pub mod vectors;
pub mod visit;
