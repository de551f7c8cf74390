"""Shared by the Python benchmarks: the benchmark build of the module and a
synthetic province as a pyarrow Table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "target" / "python-bench"


def bench_build() -> None:
    """Builds the module with the `bench` feature (the timing entries inside
    the native module) into target/python-bench and puts it first on
    sys.path, leaving the installed package alone."""
    wheels = BENCH / "wheels"
    site = BENCH / "site"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    subprocess.run([sys.executable, "-m", "maturin", "build", "--release", "--quiet", "--features", "bench",
                    "-m", str(ROOT / "python" / "Cargo.toml"), "-o", str(wheels)], check=True, env=env)
    wheel = max(wheels.glob("wangshi-*.whl"), key=lambda p: p.stat().st_mtime)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--upgrade", "--target",
                    str(site), str(wheel)], check=True)
    sys.path.insert(0, str(site))


AS_OF = "2026-11-26"


def province(n: int, seed: int) -> pa.Table:
    """Residents of a province: 85 % green, 11.5 % blue, 3 % orange, 0.5 %
    red (as testkit's synthetic county), tiers assigned in the last three
    years, a visit in the last 60 days for 70 %, never for the rest."""
    rng = np.random.default_rng(seed)
    today = np.datetime64(AS_OF, "D")
    tier = pa.DictionaryArray.from_arrays(
        pa.array(rng.choice(4, n, p=[0.85, 0.115, 0.03, 0.005]).astype(np.uint8)),
        pa.array(["green", "blue", "orange", "red"]),
    )
    since = (today - rng.integers(0, 3 * 365, n)).astype("datetime64[D]")
    last = np.maximum(today - rng.integers(0, 60, n), since).astype("datetime64[D]")
    return pa.table({"tier": tier, "tier_since": pa.array(since),
                     "last_visit": pa.array(last, mask=rng.random(n) < 0.3)})
