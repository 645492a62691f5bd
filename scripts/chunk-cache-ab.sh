#!/usr/bin/env bash
# The daemon's cache of decoded chunks, A/B: a first pass (fresh daemon and mount) over compressed content, read in
# order with dd bs=1M, as a first epoch over a text data set is; its size (SIZE_MB, default 600) is more than the
# cache's 256 MiB, so the cache evicts throughout and the chunks read ahead must survive until read. Then a repeat pass
# on a fresh mount (the kernel's cache empty, the daemon's kept). Prints wall seconds of each pass and the daemon's CPU
# ticks (utime + stime, 1/100 s) for BASE (a launcher) and this checkout's bin/datafs, alternating, ROUNDS rounds, so
# drift of a shared machine spreads over both. Needs root (FUSE).
#   scripts/chunk-cache-ab.sh BASE_LAUNCHER [SIZE_MB] [ROUNDS]
set -euo pipefail
base="$1"; size_mb="${2:-600}"; rounds="${3:-3}"
new="$(cd "$(dirname "$0")/.." && pwd)/bin/datafs"
work="$(mktemp -d /tmp/datafs-chunk-cache-ab.XXXXXX)"
home="$work/home"; mnt="$work/mnt"; src="$work/src"
cleanup() {
  fusermount -uz "$mnt" 2>/dev/null || true
  "$new" daemon stop --home "$home" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$mnt" "$src"
# text that zstd shrinks about 4x, every line distinct, so no two chunks are alike
python3 - "$src/rows.csv" "$size_mb" <<'PY'
import random, sys
out, mb = sys.argv[1], int(sys.argv[2])
rnd = random.Random(7)
with open(out, "w") as f:
    n = 0
    while f.tell() < mb << 20:
        f.write("".join("%d,%08x,%.6f,label_%d\n" % (n + i, rnd.getrandbits(32), rnd.random(), rnd.randrange(1000))
                        for i in range(10000)))
        n += 10000
PY
"$new" import "$src" rows -m rows --home "$home" >/dev/null
"$new" daemon stop --home "$home" >/dev/null

pass() { # -> "seconds cpu_ticks"
  local pid; pid="$(cat "$home/daemon.pid")"
  local before; before="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
  local t0; t0="$(date +%s.%N)"
  dd if="$mnt/rows.csv" of=/dev/null bs=1M status=none
  local t1; t1="$(date +%s.%N)"
  local after; after="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
  echo "$(echo "$t1 - $t0" | bc) $(( after - before ))"
}

run() { # launcher -> "first_s first_ticks repeat_s repeat_ticks"
  local l="$1"
  "$l" mount rows "$mnt" --home "$home" >/dev/null
  local first; first="$(pass)"
  "$l" umount "$mnt" --home "$home" >/dev/null
  "$l" mount rows "$mnt" --home "$home" >/dev/null
  local repeat; repeat="$(pass)"
  "$l" umount "$mnt" --home "$home" >/dev/null
  "$l" daemon stop --home "$home" >/dev/null
  echo "$first $repeat"
}

echo "round build first_s first_ticks repeat_s repeat_ticks"
for r in $(seq "$rounds"); do
  echo "$r base $(run "$base")"
  echo "$r new $(run "$new")"
done
