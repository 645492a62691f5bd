#!/usr/bin/env python3
"""The compose block's baseline for `datafs ls --query`: walk a plain folder in LDB's format, pair each data file
with the annotation beside it (x.json for x.<ext>), parse every annotation with `json` and print the path of each
data object whose annotation makes the predicate true, in path order.

Usage: walk_query.py FOLDER PREDICATE, PREDICATE one of the names below. Each predicate is written by hand with
the meaning docs/QUERY.md gives the query beside it, so the script needs nothing but the standard library.
"""
import json
import os
import sys


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def cats(d):
    # class == "cats" AND score > 0.5  (a regex without metacharacters matches the whole string: equality)
    s = d.get("class")
    score = d.get("score")
    return isinstance(s, str) and s == "cats" and is_number(score) and score > 0.5


def ldb(d):
    # ( *.classes[0] != "cat.*" ) AND ( length(*.classes) < 5 ), LDB's example: `*` projects over the object's
    # values, keeping the non-null `classes` of those that are objects; `[0]` of each, nulls dropped.
    projected = [v["classes"] for v in d.values() if isinstance(v, dict) and v.get("classes") is not None]
    firsts = [c[0] for c in projected if isinstance(c, list) and c and c[0] is not None]
    # `!=` a regex is true for any value that is not a string: `firsts` is a list
    return not isinstance(firsts, str) and len(projected) < 5


PREDICATES = {"cats": cats, "ldb": ldb}


def main():
    root, predicate = sys.argv[1], PREDICATES[sys.argv[2]]
    out = sys.stdout
    for top, dirs, files in os.walk(root):
        dirs.sort()
        names = set(files)
        for name in sorted(files):
            # a .json beside a data file is its annotation; one without is a data object without annotation,
            # which no query selects
            if name.endswith(".json"):
                continue
            dot = name.rfind(".")
            stem = name[:dot] if dot > 0 else name
            annotation = stem + ".json"
            if annotation not in names:
                continue
            with open(os.path.join(top, annotation), "rb") as f:
                raw = f.read()
            try:
                d = json.loads(raw)
            except ValueError:
                continue  # not valid JSON: matches no query
            if isinstance(d, dict) and predicate(d):
                out.write(os.path.relpath(os.path.join(top, name), root) + "\n")


if __name__ == "__main__":
    main()
