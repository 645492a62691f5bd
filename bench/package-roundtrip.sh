#!/usr/bin/env bash
# The installed package's start against the source checkout's: `datafs daemon status` round trips, the .deb's
# /usr/bin/datafs (with its AppCDS archive) and bin/datafs interleaved, N of each (default 20), against one daemon
# that is already running, so that only the client differs. Prints each median and their ratio (goal: <= 0.6).
# Needs root, the package built (mvn package: packaging/target/datafs_*_all.deb) and the checkout built. Installs
# the .deb with dpkg -i and purges it after, unless datafs is installed already (then that one is measured).
#   bench/package-roundtrip.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20}
checkout=$PWD/bin/datafs installed=/usr/bin/datafs
work=$(mktemp -d /tmp/datafs-pkg-bench.XXXXXX)
purge=
if ! dpkg-query -W -f='${Status}' datafs 2>/dev/null | grep -q "install ok installed"; then
  dpkg -i packaging/target/datafs_*_all.deb >/dev/null
  purge=1
fi
cleanup() {
  "$checkout" daemon stop --home "$work/home" >/dev/null 2>&1 || true
  rm -rf "$work"
  [ -z "$purge" ] || dpkg --purge datafs >/dev/null
}
trap cleanup EXIT
"$checkout" daemon status --home "$work/home" >/dev/null # starts the daemon both then talk to
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
for ((i = 0; i < n; i++)); do
  ms "$installed" daemon status --home "$work/home" >> "$work/installed"
  ms "$checkout" daemon status --home "$work/home" >> "$work/checkout"
done
median() { sort -n "$1" | awk '{a[NR] = $1} END {print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
a=$(median "$work/installed") b=$(median "$work/checkout")
echo "datafs daemon status, median of $n interleaved: installed package (AppCDS) $a ms, checkout bin/datafs $b ms," \
  "ratio $(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a / b}')x (goal <= 0.6x);" \
  "$(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
