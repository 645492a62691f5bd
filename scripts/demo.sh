#!/usr/bin/env bash
# The datafs demo on the embedded default (a local store, no cloud): builds datafs, makes a small sample
# dataset, imports two versions, shows log, ls -l, diff, tag, verify and export, then mounts a version,
# reads it with python, changes a few files through a writable mount, commits them, and unmounts.
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

# Mount a version read-only and read it the way a training script would.
mnt="$work/mnt"
mkdir -p "$mnt"
step mount cats@v2 "$mnt"
step mounts
printf '\n\033[1m$ python3: walk the mount and hash every file\033[0m\n'
/usr/bin/python3 - "$mnt" <<'PY'
import hashlib, os, sys
root = sys.argv[1]
n = total = 0
for d, _, files in os.walk(root):
    for f in files:
        p = os.path.join(d, f)
        with open(p, "rb") as fh:
            data = fh.read()
        n, total = n + 1, total + len(data)
print(f"read {n} files, {total} bytes through the mount")
print("labels.csv sha256", hashlib.sha256(open(os.path.join(root, "labels.csv"), "rb").read()).hexdigest())
PY
echo "  the same, from the store: $(bin/datafs ls -l cats@v2 labels.csv | awk '{print $3}')"
step umount "$mnt"

# Change files through a writable mount with ordinary tools, then commit them as the next version.
rw="$work/rw"
mkdir -p "$rw"
step mount cats "$rw" --writable
printf '\n\033[1m$ cp, rm, mv and an append, through the mount\033[0m\n'
head -c 30000 /dev/urandom > "$rw/cats/cat_23.jpg"
rm "$rw/cats/cat_1.jpg"
mv "$rw/dogs/dog_1.jpg" "$rw/dogs/dog_01.jpg"
echo "cats/cat_23.jpg,cats" >> "$rw/labels.csv"
step status "$rw"
step commit "$rw" -m "add cat 23, drop cat 1, rename dog 1"
step status "$rw"
step log cats
step diff cats@v2 cats@v3
step umount "$rw"
step daemon stop
echo
echo "demo files are in $work (remove with: rm -rf $work)"
