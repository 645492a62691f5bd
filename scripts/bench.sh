#!/usr/bin/env bash
# The benchmark suite: datafs against sha256sum, restic, bindfs, rclone and a python3 walk side by side; writes
# bench/report.md. Pass --quick for a small smoke run; --only mount (or import, commit, writable, remote, compose,
# registry, gc, a comma list) to run those blocks only and replace them in the existing report; --report FILE writes (or
# merges into) another report. The mount and remote blocks need root (FUSE) and bindfs, the remote and registry
# blocks rclone (run without AWS_CA_BUNDLE, against S3Proxy in the bench JVM); blocks unmount what they mount and
# stop their daemons. Needs ~14 GB free under ${DATAFS_BENCH_WORK:-/tmp/datafs-bench}, ~25 GB more while the
# remote or the registry block runs (the registry block checks first, and makes its 10 GiB version smaller when there
# is less), and ~29 GB more for the compose block (16.4 GB for its 1M annotated objects, kept for the next run, and
# 12.6 GB for a store of them, deleted after; it checks first and says what it needs). --only remote --push-only runs
# just its push part (pass --report FILE elsewhere: the remote block of the report is replaced by that part alone).
# The gc block (datafs gc against restic prune) makes 1 GiB of files (256 MiB --quick; --gc-gb 20 for the issue's
# size, which needs about three times that free); its remote GC part counts the requests of `gc --remote` on S3Proxy
# of 1,000 packs (200 --quick; --gc-remote-packs 10000 for the issue's figure).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --bench
scripts/build.sh
export LC_ALL=C.UTF-8
exec java -Xmx4g -cp "bench/target/lib/*" io.datafs.bench.Bench --work "${DATAFS_BENCH_WORK:-/tmp/datafs-bench}" \
  --report bench/report.md --datafs bin/datafs "$@"
