#!/usr/bin/env bash
# The benchmark suite: datafs against sha256sum and restic side by side; writes bench/report.md.
# Pass --quick for a small smoke run. Needs ~10 GB free under ${DATAFS_BENCH_WORK:-/tmp/datafs-bench}.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --bench
scripts/build.sh
export LC_ALL=C.UTF-8
exec java -Xmx4g -cp "bench/target/lib/*" io.datafs.bench.Bench --work "${DATAFS_BENCH_WORK:-/tmp/datafs-bench}" \
  --report bench/report.md --datafs bin/datafs "$@"
