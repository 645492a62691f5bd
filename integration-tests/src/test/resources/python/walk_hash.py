"""Walks a folder with os.walk and prints {relative path: sha256} of every regular file as JSON."""
import hashlib
import json
import os
import sys

root = sys.argv[1]
sums = {}
for dirpath, dirnames, filenames in os.walk(root):
    for name in filenames:
        path = os.path.join(dirpath, name)
        if os.path.islink(path):
            continue
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        sums[os.path.relpath(path, root)] = h.hexdigest()
json.dump(sums, sys.stdout, sort_keys=True)
