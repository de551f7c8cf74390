#!/usr/bin/env bash
# Runs the cargo-fuzz targets of fuzz/ (evaluate_json on any text,
# ws_evaluate_json on raw bytes) for SECONDS each, seeded with every request
# of the conformance vectors (tests/vectors and ../shared/vectors).
# Usage: scripts/fuzz.sh [SECONDS]      (default 20; the test command uses that)
# Needs a nightly toolchain (libFuzzer's sanitizer flags); without one it says
# so and exits 0. Installs cargo-fuzz when missing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
seconds=${1:-20}
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: SKIPPED: no nightly toolchain (rustup toolchain install nightly); the fuzz targets were not run"
  exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install cargo-fuzz --locked --quiet
fi
targets=(evaluate_json ws_evaluate_json)
python3 - "$root" "${targets[@]}" <<'PY'
import glob, hashlib, json, os, sys
root, targets = sys.argv[1], sys.argv[2:]
files = sorted(glob.glob(f"{root}/tests/vectors/*.json")) + sorted(glob.glob(f"{root}/../shared/vectors/*.json"))
n = 0
for f in files:
    for case in json.load(open(f, encoding="utf-8")):
        text = json.dumps(case["request"], ensure_ascii=False).encode()
        name = hashlib.sha1(text).hexdigest()[:16]
        for t in targets:
            os.makedirs(f"{root}/fuzz/corpus/{t}", exist_ok=True)
            with open(f"{root}/fuzz/corpus/{t}/{name}", "wb") as out:
                out.write(text)
        n += 1
print(f"fuzz: {n} seeds from {len(files)} vector files")
PY
cd fuzz
for t in "${targets[@]}"; do
  echo "fuzz: $t for ${seconds}s"
  log=$(mktemp)
  if ! cargo +nightly fuzz run "$t" "corpus/$t" -- -max_total_time="$seconds" \
      -print_final_stats=1 >"$log" 2>&1; then
    tail -60 "$log" >&2
    echo "fuzz: $t failed (a crash is kept in fuzz/artifacts/$t)" >&2
    rm -f "$log"
    exit 1
  fi
  grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|Done)" "$log" || true
  rm -f "$log"
done
