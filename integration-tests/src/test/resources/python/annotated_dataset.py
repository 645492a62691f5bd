"""Writes an LDB-style annotated dataset (python3 annotated_dataset.py DIR SEED N), then prints a JSON reference of
it computed here by hand, independently of datafs: which files are data objects and which are annotations, which
annotations are not valid JSON, and which objects each named query selects.

Layout: DIR/{train,val}/<k>/img_<i>.{jpg,png} with img_<i>.json beside it, except: every 10th object has no
annotation, every 17th has one that is not JSON, every 23rd is a lone extra_<i>.json (an ordinary data file, no
data file of its stem); annotations have two shapes (flat fields, or per-side objects with "classes")."""
import json
import os
import random
import re
import sys

root, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
CLASSES = ["cats", "dogs", "cat", "catfish", "bird"]


def annotation(i):
    if i % 3 == 2:  # per-side shape, for LDB's *.classes examples
        sides = {}
        for side in ("left", "right", "top")[: 1 + i % 3 + rng.randrange(2)]:
            sides[side] = {"classes": rng.sample(CLASSES, 1 + rng.randrange(3))}
        if i % 7 == 0:
            sides = {"left": {"classes": ["cats", "x"]}, "right": {"classes": ["dogs"]}}
        return sides
    a = {
        "class": rng.choice(CLASSES),
        "classes": rng.sample(CLASSES, rng.randrange(4)),
        "score": round(rng.random(), 3),
        "size": {"w": rng.choice([50, 100, 150]), "h": rng.choice([40, 60])},
        "boxes": [[rng.randrange(9) for _ in range(4)] for _ in range(rng.randrange(3))],
    }
    if i % 4 == 0:
        a["flags"] = ["crowd"] if i % 8 == 0 else []
    if i % 5 == 0:
        a["note"] = "checked"
    if i % 11 == 0:
        a["score"] = int(a["score"] > 0.5)  # an integer now and then: 1 == 1.0 by value
    return a


for i in range(count):
    d = os.path.join(root, "train" if i % 4 else "val", str(i % 6))
    os.makedirs(d, exist_ok=True)
    if i % 23 == 0:
        with open(os.path.join(d, "extra_%d.json" % i), "w") as f:
            json.dump({"class": "cats", "lone": True}, f)
        continue
    ext = "png" if i % 9 == 0 else "jpg"
    with open(os.path.join(d, "img_%d.%s" % (i, ext)), "wb") as f:
        f.write(rng.randbytes(500 + rng.randrange(4000)))
    if i % 10 == 0:
        continue
    with open(os.path.join(d, "img_%d.json" % i), "w") as f:
        if i % 17 == 0:
            f.write('{"class": "cats", ')
        else:
            json.dump(annotation(i), f, indent=1 if i % 2 else None)


def stem(name):
    dot = name.rfind(".")
    return name[:dot] if dot > 0 else name


objects = {}  # data path -> parsed annotation, None (no annotation) or "INVALID"
invalid = []
for d, _, names in os.walk(root):
    data_stems = {stem(n) for n in names if not n.endswith(".json")}
    for n in names:
        path = os.path.relpath(os.path.join(d, n), root)
        if n.endswith(".json"):
            if n[: -len(".json")] in data_stems:
                continue  # an annotation, not an object
            objects[path] = None
            continue
        a_path = os.path.join(d, stem(n) + ".json")
        if not os.path.exists(a_path):
            objects[path] = None
            continue
        try:
            with open(a_path) as f:
                objects[path] = json.load(f)
        except ValueError:
            objects[path] = "INVALID"
            invalid.append(os.path.relpath(a_path, root))


def num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def full(pattern, v):
    return isinstance(v, str) and re.fullmatch(pattern, v) is not None


def truthy(v):
    return v not in (None, False, "", [], {})


def sides(a):  # JMESPath's * over an object: its values
    return list(a.values()) if isinstance(a, dict) else None


def classes_projection(a, pick):  # *.classes<pick>, nulls dropped as a projection does
    out = []
    for v in sides(a) or []:
        c = v.get("classes") if isinstance(v, dict) else None
        if isinstance(c, list):
            r = pick(c)
            if r is not None:
                out.append(r)
    return out


QUERIES = {
    "eq": lambda a: full("cats", a.get("class")),
    "dogs": lambda a: full("dogs", a.get("class")),
    "bird": lambda a: full("bird", a.get("class")),
    "regex": lambda a: full("cat.*", a.get("class")),
    "ne": lambda a: not full("cat.*", a.get("class")),
    "gt": lambda a: num(a.get("score")) and a["score"] > 0.5,
    "le": lambda a: num(a.get("score")) and a["score"] <= 0.25,
    "and": lambda a: isinstance(a.get("size"), dict) and num(a["size"].get("w")) and a["size"]["w"] >= 100
    and num(a["size"].get("h")) and a["size"]["h"] < 50,
    "bare": lambda a: truthy(a.get("boxes")),
    "not": lambda a: not truthy(a.get("flags")),
    "length": lambda a: len(a.get("boxes") or []) == 2,
    "object": lambda a: a.get("size") == {"w": 100, "h": 40},
    "contains": lambda a: isinstance(a.get("classes"), list) and len(a["classes"]) > 0 and "dogs" in a["classes"],
    "precedence": lambda a: full("dogs", a.get("class"))
    or (num(a.get("score")) and a["score"] > 0.9 and not truthy(a.get("boxes"))),
    "null": lambda a: a.get("note") is None,
    "ge_int": lambda a: num(a.get("score")) and a["score"] >= 1,
    "ldb1": lambda a: full("cats", a.get("class")),
    "ldb2": lambda a: classes_projection(a, lambda c: c[0:1]) == ["cats", "dogs"],
    "ldb3": lambda a: not full("cat.*", classes_projection(a, lambda c: c[0] if c else None))
    and len(classes_projection(a, lambda c: c)) < 5,
    "first_classes": lambda a: classes_projection(a, lambda c: c[0] if c else None) == ["cats", "dogs"],
}

selected = {}
for name, predicate in QUERIES.items():
    selected[name] = sorted(p for p, a in objects.items() if isinstance(a, dict) and predicate(a))
print(json.dumps({
    "objects": sorted(objects),
    "annotated": sorted(p for p, a in objects.items() if a is not None),
    "invalid": sorted(invalid),
    "selected": selected,
}))
