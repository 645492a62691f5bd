#!/usr/bin/env bash
# What metrics cost the daemon on a first-pass read of many small files through a mount: its CPU seconds (utime +
# stime of the daemon process over the read) and peak RSS (VmHWM), for a build without them (BASE, a launcher), this
# one (bin/datafs) with no endpoint (its counters only: "new-off"), and this one with the Prometheus endpoint on and
# scraped every second ("new-scraped"). Rounds alternate the three, so drift of a shared machine spreads over all.
# Needs root (FUSE).
#   scripts/metrics-overhead.sh BASE_LAUNCHER [FILES] [SIZE] [ROUNDS]
set -euo pipefail
base="$1"; files="${2:-20000}"; size="${3:-8192}"; rounds="${4:-3}"
new="$(cd "$(dirname "$0")/.." && pwd)/bin/datafs"
work="$(mktemp -d /tmp/datafs-metrics-overhead.XXXXXX)"
home="$work/home"; mnt="$work/mnt"; src="$work/src"; port=19464
cleanup() {
  fusermount -uz "$mnt" 2>/dev/null || true
  "$new" daemon stop --home "$home" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$mnt"
python3 - "$src" "$files" "$size" <<'PY'
import os, sys
src, files, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(files):
    d = os.path.join(src, "dir%02d" % (i % 40)); os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%05d.bin" % i), "wb") as f: f.write(os.urandom(size))
PY
"$new" import "$src" small -m small --home "$home" >/dev/null
"$new" daemon stop --home "$home" >/dev/null

run() { # launcher, endpoint (yes/no) -> "cpu_ticks peak_rss_kib"
  local l="$1"
  if [ "$2" = yes ]; then printf '{"metrics": {"listen": "127.0.0.1:%d"}}\n' "$port"; else echo '{}'; fi \
    > "$home/config.json"
  chmod 600 "$home/config.json"
  "$l" mount small "$mnt" --home "$home" >/dev/null
  local pid; pid="$(cat "$home/daemon.pid")"
  local before; before="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
  ( while sleep 1; do curl -s "http://127.0.0.1:$port/metrics" >/dev/null || true; done ) & local scraper=$!
  (cd "$mnt" && find . -type f -print0 | xargs -0 cat > /dev/null)
  kill "$scraper"; wait "$scraper" 2>/dev/null || true
  local after; after="$(awk '{print $14 + $15}' "/proc/$pid/stat")"
  local hwm; hwm="$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")"
  "$l" umount "$mnt" --home "$home" >/dev/null
  "$l" daemon stop --home "$home" >/dev/null
  echo "$(( after - before )) $hwm"
}

echo "round build cpu_ticks(1/100s) peak_rss_kib"
for r in $(seq "$rounds"); do
  echo "$r base $(run "$base" no)"
  echo "$r new-off $(run "$new" no)"
  echo "$r new-scraped $(run "$new" yes)"
done
