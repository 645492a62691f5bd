#!/usr/bin/env bash
# The datafs demo on the embedded default (a local store, no cloud): builds datafs, makes a small sample
# dataset, imports two versions, and shows log, ls -l, diff, tag, verify and export.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
work="$(mktemp -d /tmp/datafs-demo.XXXXXX)"
export DATAFS_HOME="$work/home"
datafs() { bin/datafs "$@"; }
step() { printf '\n\033[1m$ datafs %s\033[0m\n' "$*"; datafs "$@"; }

echo "demo store: $DATAFS_HOME"
sample="$work/images"
mkdir -p "$sample/cats" "$sample/dogs" "$sample/empty"
for i in $(seq 1 20); do head -c $((20000 + i * 997)) /dev/urandom > "$sample/cats/cat_$i.jpg"; done
for i in $(seq 1 10); do head -c $((30000 + i * 503)) /dev/urandom > "$sample/dogs/dog_$i.jpg"; done
printf 'path,label\n' > "$sample/labels.csv"
for f in "$sample"/cats/* "$sample"/dogs/*; do echo "${f#$sample/},$(basename "$(dirname "$f")")" >> "$sample/labels.csv"; done
head -c $((6 << 20)) /dev/urandom > "$sample/features.bin"
ln -s labels.csv "$sample/latest.csv"

step import "$sample" cats -m "first cut" --meta source=demo
# A second cut: two new cats, one dog dropped, a byte changed in the middle of the big file.
head -c 25000 /dev/urandom > "$sample/cats/cat_21.jpg"
head -c 25000 /dev/urandom > "$sample/cats/cat_22.jpg"
rm "$sample/dogs/dog_3.jpg"
printf 'X' | dd of="$sample/features.bin" bs=1 seek=$((3 << 20)) conv=notrunc status=none
step import "$sample" cats -m "add 2 cats, drop a dog, fix features"
step tag cats@v1 baseline
step log cats
step ls -l cats@v2
step diff cats@baseline cats@v2
step diff --stat ds:cats.v1 cats@latest
step verify
step export cats@v1 "$work/cats-v1"
echo
echo "the export of cats@v2 equals the folder it came from:"
datafs export cats@v2 "$work/cats-v2" >/dev/null
diff -r "$sample" "$work/cats-v2" && echo "  diff -r: identical"
echo
echo "demo files are in $work (remove with: rm -rf $work)"
