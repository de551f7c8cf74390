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

step "cargo doc (the core's rustdoc builds without warnings)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p wangshi --quiet

# ---------------------------------------------------------------- C ABI
# The header is fresh (pinned cbindgen) and its version macros match
# Cargo.toml; the C tests and example compile with strict flags, link
# dynamically and statically, and run under valgrind with no error or leak.
# (The conformance vectors run through libwangshi.so in `cargo test`.)
cbindgen_version=0.29.4
step "C ABI: include/wangshi.h is what cbindgen $cbindgen_version generates"
if [ "$(cbindgen --version 2>/dev/null)" != "cbindgen $cbindgen_version" ]; then
  cargo install cbindgen --version "$cbindgen_version" --locked
fi
fresh_header=$(mktemp)
cbindgen --quiet --config ffi/cbindgen.toml --crate wangshi-ffi --output "$fresh_header" ffi
if ! cmp -s "$fresh_header" include/wangshi.h; then
  diff -u include/wangshi.h "$fresh_header" | head -40 || true
  rm -f "$fresh_header"
  echo "include/wangshi.h is stale; regenerate it and commit it:" >&2
  echo "  cbindgen --quiet --config ffi/cbindgen.toml --crate wangshi-ffi --output include/wangshi.h ffi" >&2
  exit 1
fi
rm -f "$fresh_header"

step "C ABI: version macros of include/wangshi.h match Cargo.toml"
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
IFS=. read -r v_major v_minor v_patch <<<"${version%%[-+]*}"
for macro in "MAJOR $v_major" "MINOR $v_minor" "PATCH $v_patch"; do
  if ! grep -qx "#define WS_VERSION_${macro% *} ${macro#* }" include/wangshi.h; then
    echo "include/wangshi.h: WS_VERSION_${macro% *} is not ${macro#* } (Cargo.toml: $version)" >&2
    exit 1
  fi
done

step "C ABI: C tests and example (gcc strict, dynamic + static, valgrind)"
for tool in gcc valgrind; do
  command -v "$tool" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq "$tool"; }
done
cargo build -p wangshi-ffi
lib=target/debug
c_out=target/c
mkdir -p "$c_out"
cflags=(-std=c11 -Wall -Wextra -Wpedantic -Werror -g -Iinclude)
static_libs=(-lgcc_s -lutil -lrt -lpthread -lm -ldl) # rustc --print native-static-libs
valgrind_run=(valgrind -q --error-exitcode=99 --leak-check=full --num-callers=40
  --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible
  --suppressions=tests/c/valgrind.supp)
for src in tests/c/test_wangshi.c examples/c/visit_today.c; do
  name=$(basename "$src" .c)
  gcc "${cflags[@]}" "$src" -L"$lib" -lwangshi -Wl,-rpath,"$root/$lib" -pthread \
    -o "$c_out/$name-dynamic"
  gcc "${cflags[@]}" "$src" "$lib/libwangshi.a" -pthread "${static_libs[@]}" \
    -o "$c_out/$name-static"
  if ldd "$c_out/$name-static" | grep -q libwangshi; then
    echo "$c_out/$name-static links libwangshi dynamically" >&2
    exit 1
  fi
  for linkage in dynamic static; do
    echo "-- $name ($linkage, valgrind)"
    "${valgrind_run[@]}" "$c_out/$name-$linkage"
  done
done

# ---------------------------------------------------------------- Python
# A private venv (.venv, reused while python/requirements-dev.txt is
# unchanged), the module built as a user would (pip's build of ./python,
# maturin backend: an abi3 wheel, kept in target/python-wheel for the wheel
# test) and installed, then pytest with warnings as errors (the parity test
# loads target/debug/libwangshi.so, built by the C step above) and mypy's
# stubtest against the hand-written stubs.
venv="$root/.venv"
step "python: venv with python/requirements-dev.txt"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! cmp -s python/requirements-dev.txt "$venv/.requirements-dev.txt"; then
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    "$venv/bin/python" -m pip install --quiet -r python/requirements-dev.txt
    cp python/requirements-dev.txt "$venv/.requirements-dev.txt"
fi

step "python: pip install ./python (through the wheel it builds, kept for the wheel test)"
wheel_dir="$root/target/python-wheel"
rm -rf "$wheel_dir"
PATH="$venv/bin:$PATH" "$venv/bin/python" -m pip wheel --quiet --no-build-isolation --no-deps ./python -w "$wheel_dir"
"$venv/bin/python" -m pip install --quiet --no-deps --force-reinstall "$wheel_dir"/wangshi-*.whl

step "python: pytest (warnings as errors)"
(cd python && "$venv/bin/python" -m pytest -W error -q -rs)

step "python: stubtest (hand-written stubs) and mypy --strict (Python sources)"
"$venv/bin/python" -m mypy.stubtest --mypy-config-file python/pyproject.toml wangshi
"$venv/bin/python" -m mypy --config-file python/pyproject.toml python/python/wangshi

step "all tests passed"
