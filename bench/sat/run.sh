#!/usr/bin/env bash
# Runs every orrery-sat comparison once: installs the peers (pinned) in a venv, builds the
# Orrery driver (release), and prints `ratio <peer>/orrery: X.XX` lines.
# Usage: bench/sat/run.sh [catalog.txt]   (default: the bundled crates/orrery-sat/data/celestrak-active-2026-05-07.txt)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
catalog="${1:-$root/crates/orrery-sat/data/celestrak-active-2026-05-07.txt}"

venv="${ORRERY_BENCH_VENV:-/tmp/orrery-bench-sat}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q "sgp4==2.25" "skyfield==1.53" "numpy"
(cd "$root" && cargo build --release -q -p orrery-sat --example satbench)
export SATBENCH="$root/target/release/examples/satbench"
"$venv/bin/python" "$here/sgp4_throughput.py" "$catalog"
"$venv/bin/python" "$here/passes.py" "$catalog"
# Conjunction screening against astroz (the whole catalog over one day at 5 km).
"$venv/bin/pip" install -q "astroz==0.17.0"
(cd "$root" && cargo build --release -q -p orrery-cli)
ORRERY_BIN="$root/target/release/orrery" "$venv/bin/python" "$here/conjunctions.py" "$catalog"
