#!/usr/bin/env bash
# The benchmark suite: datafs against sha256sum, restic and bindfs side by side; writes bench/report.md.
# Pass --quick for a small smoke run; --only mount (or import, commit, a comma list) to run those blocks only and
# replace them in the existing report. The mount block needs root (FUSE) and bindfs; it unmounts what it mounts
# and stops its daemon. Needs ~14 GB free under ${DATAFS_BENCH_WORK:-/tmp/datafs-bench}.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --bench
scripts/build.sh
export LC_ALL=C.UTF-8
exec java -Xmx4g -cp "bench/target/lib/*" io.datafs.bench.Bench --work "${DATAFS_BENCH_WORK:-/tmp/datafs-bench}" \
  --report bench/report.md --datafs bin/datafs "$@"
