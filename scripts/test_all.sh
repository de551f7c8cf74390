#!/usr/bin/env bash
# Runs every check and test of the project: Rust (fmt, clippy, unit, doc,
# conformance), the C ABI (header freshness, C tests under valgrind, the
# install/pkg-config test), the Java and PHP bindings and the Python module
# (built into a private venv, pytest, stubtest).
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

# ------------------------------------------------ the county example
# Its arguments as a command line reads them (--help; an unknown argument,
# a missing or bad date: exit 2 with one line on stderr) and its report in
# plain words. (The wangshi command's own tests run in `cargo test`.)
step "county example: arguments and plain wording"
cargo build -q -p wangshi --example county
county=target/debug/examples/county
"$county" --help | grep -q -- "--as-of <YYYY-MM-DD>" || { echo "county --help names no --as-of" >&2; exit 1; }
for args in "--bogus" "--as-of 2026-02-30" "--as-of=2026-1-5" "--as-of=2200-01-01" "--as-of" "extra"; do
  set +e
  # shellcheck disable=SC2086 # the arguments are meant to be split
  err=$("$county" $args 2>&1 >/dev/null)
  code=$?
  set -e
  if [ "$code" != 2 ] || [ "$(printf '%s\n' "$err" | wc -l)" != 1 ] || [[ "$err" != county:* ]]; then
    echo "county $args: exit $code (want 2) with stderr (want one line):" >&2
    printf '%s\n' "$err" >&2
    exit 1
  fi
done
report=$("$county" --as-of=2026-11-26)
for words in "residents missed at least one visit" "missed the last [0-9]* [a-z-]* visits in a row; this week's visit is due by 2026-11-29, in 3 days" \
  "validation: NOT SOUND" "reports for duty within 30 minutes" \
  "the grid workers' assessment for 2026-10-01 .. 2026-10-31: 100 workers scored"; do
  grep -q "$words" <<<"$report" || { echo "the county report does not say: $words" >&2; exit 1; }
done

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
# libwangshi.so has the SONAME libwangshi.so.MAJOR (ffi/build.rs): programs
# linked against the build tree look for that name at run time.
ln -sfn libwangshi.so "$lib/libwangshi.so.$v_major"
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

# ------------------------------------------------- C library installation
# scripts/install.sh into a temporary prefix; the installed library has its
# SONAME and versioned file names, and the C example builds with nothing but
# `pkg-config --cflags --libs wangshi` and runs against the installed copy.
step "C library: scripts/install.sh PREFIX, then the example with pkg-config only"
command -v pkg-config >/dev/null 2>&1 || {
  echo "installing pkg-config with apt-get"; apt-get update -qq && apt-get install -y -qq pkg-config; }
prefix=$(mktemp -d)
scripts/install.sh --profile debug --no-build "$prefix/usr"
for f in include/wangshi.h lib/libwangshi.so lib/libwangshi.so."$v_major" \
  lib/libwangshi.so."$version" lib/libwangshi.a lib/pkgconfig/wangshi.pc; do
  [ -e "$prefix/usr/$f" ] || { echo "install.sh did not install $f" >&2; exit 1; }
done
readelf -d "$prefix/usr/lib/libwangshi.so.$version" | grep -q "Library soname: \[libwangshi.so.$v_major\]" ||
  { echo "the installed library's SONAME is not libwangshi.so.$v_major" >&2; exit 1; }
[ "$(PKG_CONFIG_PATH="$prefix/usr/lib/pkgconfig" pkg-config --modversion wangshi)" = "$version" ] ||
  { echo "pkg-config --modversion wangshi is not $version" >&2; exit 1; }
# shellcheck disable=SC2046 # pkg-config's flags are meant to be split
gcc -std=c11 -Wall -Wextra -Wpedantic -Werror examples/c/visit_today.c \
  $(PKG_CONFIG_PATH="$prefix/usr/lib/pkgconfig" pkg-config --cflags --libs wangshi) \
  -o "$prefix/visit_today"
readelf -d "$prefix/visit_today" | grep -q "Shared library: \[libwangshi.so.$v_major\]" ||
  { echo "the example does not record NEEDED libwangshi.so.$v_major" >&2; exit 1; }
LD_LIBRARY_PATH="$prefix/usr/lib" "$prefix/visit_today" >"$prefix/out.txt"
cat "$prefix/out.txt"
grep -q "overdue" "$prefix/out.txt" && grep -q "police_grid" "$prefix/out.txt" ||
  { echo "the installed example did not print state and centre names" >&2; exit 1; }
rm -rf "$prefix"

# ---------------------------------------------------------- Java and PHP
# The bindings over the C ABI, each with its own suite (every conformance
# vector, batches against the JSON ops, errors, loading). What they need comes
# from Debian with apt-get when it is missing: a JDK (only without javac),
# libjna-java, libjackson2-databind-java and junit5; php-cli (PHP 8.2 with
# its FFI extension on Debian 12) and phpunit.
apt_updated=0
need_deb() { # need_deb PACKAGE TEST...: installs PACKAGE unless TEST succeeds
  local pkg=$1; shift
  if ! "$@" >/dev/null 2>&1; then
    echo "installing $pkg with apt-get"
    if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
  fi
}

step "Java: bindings/java (javac --release 8, JNA, JUnit 5) against target/debug/libwangshi.so"
need_deb default-jdk-headless command -v javac
need_deb libjna-java test -f /usr/share/java/jna.jar
need_deb libjackson2-databind-java test -f /usr/share/java/jackson-databind.jar
need_deb junit5 test -f /usr/share/java/junit-platform-console-standalone.jar
bindings/java/build.sh test
example_out=$(bindings/java/build.sh example examples/java/residents.csv 2026-11-26)
grep -q "escalation r001" <<<"$example_out" || { echo "the Java example did not print the worklist" >&2; exit 1; }

step "PHP: bindings/php/src/wangshi.ffi.h and Abi.php are what gen-cdef.sh makes of include/wangshi.h"
bindings/php/gen-cdef.sh --check

step "PHP: bindings/php (FFI, PHPUnit) against target/debug/libwangshi.so"
need_deb php-cli command -v php
grep -qx FFI <<<"$(php -m)" || { echo "PHP has no FFI extension (php -m)" >&2; exit 1; }
need_deb phpunit command -v phpunit
WANGSHI_LIBRARY="$root/target/debug/libwangshi.so" phpunit -c bindings/php/phpunit.xml
example_out=$(WANGSHI_LIBRARY="$root/target/debug/libwangshi.so" php examples/php/visit_today.php examples/php/residents.csv 2026-11-26)
grep -q "escalation r001" <<<"$example_out" || { echo "the PHP example did not print the worklist" >&2; exit 1; }

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

# wangshi.spark's tests (python/tests/test_spark.py) start a local Spark
# session: pyspark comes with python/requirements-dev.txt, a Java runtime
# from apt when there is no java; WANGSHI_REQUIRE_SPARK=1 makes their absence
# a failure, not a skip.
step "python: a Java runtime for the Spark tests"
need_deb openjdk-17-jre-headless command -v java

step "python: pytest (warnings as errors)"
(cd python && WANGSHI_REQUIRE_SPARK=1 "$venv/bin/python" -m pytest -W error -q -rs)

step "python: stubtest (hand-written stubs) and mypy --strict (Python sources)"
"$venv/bin/python" -m mypy.stubtest --mypy-config-file python/pyproject.toml wangshi
"$venv/bin/python" -m mypy --config-file python/pyproject.toml python/python/wangshi

# ---------------------------------------------------------------- Fuzzing
# The cargo-fuzz targets (fuzz/) for a short time each, seeded with the
# vectors; skipped, with a message, when no nightly toolchain is present.
step "fuzz: evaluate_json and ws_evaluate_json, ${WANGSHI_FUZZ_SECONDS:-20}s each"
scripts/fuzz.sh "${WANGSHI_FUZZ_SECONDS:-20}"

step "all tests passed"
