"""Differential syscall test: one seeded sequence of syscalls run on two directories (a writable datafs mount and a
plain directory), every result compared: return value or errno, and stat fields (type, mode, size, nlink, owner,
inode number kept across rename, mtime and ctime moving or not, ctime >= mtime, atime after utime).

usage: posix_diff.py MOUNT_DIR PLAIN_DIR SEED OPS
Prints one JSON line per deviation ({"seed", "step", "op", "field", "mount", "plain"}) and exits 1 if any.
Refusals docs/SEMANTICS.md documents (hard links, FIFOs: EPERM) are not deviations; after one, the plain side's
success is undone so both stay alike.
"""
import errno
import json
import os
import random
import stat
import sys

DIRS = ["", "d1", "d1/d2", "e"]
NAMES = ["f0", "f1", "f2", "d1", "e", "s"]
LONG = "n" * 256
# The documented refusals of a writable mount: op -> errno. (Symlink targets never climb with "..", so no rename
# can make one leave the dataset, which the mount refuses.)
REFUSED = {"link": errno.EPERM, "mkfifo": errno.EPERM}
Y2038 = 2**31 + 12345  # seconds past 2038-01-19


def rel(rng):
    return os.path.join(rng.choice(DIRS), rng.choice(NAMES)).lstrip("/")


def plan(seed, count):
    """The ops, as (name, args) with paths relative to the root; the same for both sides."""
    rng = random.Random(seed)
    ops = []
    for _ in range(count):
        kind = rng.choice(["create", "create", "write", "write", "truncate", "rename", "rename", "unlink", "mkdir",
                           "mkdir", "rmdir", "symlink", "link", "chmod", "utime", "listdir", "fstat_unlinked",
                           "long_name", "mkfifo", "big_truncate"])
        if kind == "rename":
            ops.append((kind, [rel(rng), rel(rng)]))
        elif kind == "symlink":
            ops.append((kind, [rng.choice(["f0", "f1", "d2/f2", "nowhere"]), rel(rng)]))
        elif kind == "link":
            ops.append((kind, [rel(rng), rel(rng)]))
        elif kind == "write":
            ops.append((kind, [rel(rng), rng.randrange(0, 70000), rng.randrange(1, 5000)]))
        elif kind == "truncate":
            ops.append((kind, [rel(rng), rng.randrange(0, 90000)]))
        elif kind in ("create", "mkdir", "chmod"):
            ops.append((kind, [rel(rng), rng.choice([0o644, 0o600, 0o755, 0o700, 0o444, 0o2755])]))
        elif kind == "utime":
            atime = rng.choice([10**18, Y2038 * 10**9 + 7, 1_600_000_000_123_456_789])
            mtime = rng.choice([1_500_000_000_987_654_321, 1_700_000_000_000_000_001])
            ops.append((kind, [rel(rng), atime, mtime]))
        elif kind == "listdir":
            ops.append((kind, [rng.choice(DIRS)]))
        elif kind == "long_name":
            ops.append((kind, [os.path.join(rng.choice(DIRS), LONG).lstrip("/")]))
        else:
            ops.append((kind, [rel(rng)]))
    return ops


def lstat(path):
    try:
        return os.lstat(path)
    except OSError:
        return None


def do(root, kind, args):
    """Runs one op under root: ("ok", value) or ("err", errno name)."""
    p = lambda r: os.path.join(root, r) if r else root
    try:
        if kind == "create":
            os.close(os.open(p(args[0]), os.O_CREAT | os.O_EXCL | os.O_WRONLY, args[1]))
            return ("ok", None)
        if kind == "write":
            fd = os.open(p(args[0]), os.O_WRONLY)
            try:
                return ("ok", os.pwrite(fd, bytes([args[2] % 251]) * args[2], args[1]))
            finally:
                os.close(fd)
        if kind == "truncate":
            os.truncate(p(args[0]), args[1])
            return ("ok", os.path.getsize(p(args[0])))
        if kind == "big_truncate":
            os.truncate(p(args[0]), 999999999999999)
            os.truncate(p(args[0]), 0)
            return ("ok", None)
        if kind == "rename":
            os.rename(p(args[0]), p(args[1]))
            return ("ok", None)
        if kind == "unlink":
            os.unlink(p(args[0]))
            return ("ok", None)
        if kind == "mkdir":
            os.mkdir(p(args[0]), args[1])
            return ("ok", None)
        if kind == "rmdir":
            os.rmdir(p(args[0]))
            return ("ok", None)
        if kind == "symlink":
            os.symlink(args[0], p(args[1]))
            return ("ok", None)
        if kind == "link":
            os.link(p(args[0]), p(args[1]))
            return ("ok", None)
        if kind == "mkfifo":
            os.mkfifo(p(args[0]), 0o644)
            return ("ok", None)
        if kind == "chmod":
            os.chmod(p(args[0]), args[1])
            return ("ok", None)
        if kind == "utime":
            os.utime(p(args[0]), ns=(args[1], args[2]))
            st = os.stat(p(args[0]))
            return ("ok", [st.st_atime_ns, st.st_mtime_ns])
        if kind == "listdir":
            return ("ok", sorted(os.listdir(p(args[0]))))
        if kind == "long_name":
            os.lstat(p(args[0]))
            return ("ok", None)
        if kind == "fstat_unlinked":
            fd = os.open(p(args[0]), os.O_RDWR)
            try:
                os.pwrite(fd, b"tmp", 0)
                os.unlink(p(args[0]))
                st = os.fstat(fd)
                return ("ok", [st.st_nlink, st.st_size, os.pread(fd, 3, 0).decode()])
            finally:
                os.close(fd)
    except OSError as e:
        return ("err", errno.errorcode.get(e.errno, str(e.errno)))
    raise ValueError(kind)


def involved(kind, args):
    """The paths whose stat an op may change: its operands and their directories."""
    paths = []
    operands = args[1:2] if kind == "symlink" else args[:2] if kind in ("rename", "link") else args[:1]
    for a in operands:
        if not isinstance(a, str):
            continue
        paths += [a, os.path.dirname(a)]
    return list(dict.fromkeys(paths))


def cmp(a, b):
    return (a > b) - (a < b)


def observe(root, paths, before, kind, args):
    """What each involved path shows after the op, as facts comparable between two filesystems."""
    out = {}
    for r in paths:
        st = lstat(os.path.join(root, r) if r else root)
        if st is None:
            out[r] = None
            continue
        pre = before.get(r)
        fact = {"type": stat.S_IFMT(st.st_mode), "mode": oct(stat.S_IMODE(st.st_mode)), "nlink": st.st_nlink,
                "uid": st.st_uid, "gid": st.st_gid, "ctime>=mtime": st.st_ctime_ns >= st.st_mtime_ns}
        if not stat.S_ISDIR(st.st_mode):
            fact["size"] = st.st_size
        if pre is not None:
            fact["ino kept"] = pre.st_ino == st.st_ino
        if pre is not None and pre.st_ino == st.st_ino:  # times of one inode: another's say nothing
            fact["mtime moved"] = cmp(st.st_mtime_ns, pre.st_mtime_ns)
            fact["ctime moved"] = cmp(st.st_ctime_ns, pre.st_ctime_ns)
        if kind == "rename" and r == args[1] and before.get(args[0]) is not None:
            fact["ino of the source"] = before[args[0]].st_ino == st.st_ino
        out[r] = fact
    return out


def main():
    mount, plain, seed, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    deviations = 0
    for step, (kind, args) in enumerate(plan(seed, count)):
        paths = involved(kind, args)
        seen = {}
        for side, root in (("mount", mount), ("plain", plain)):
            before = {r: lstat(os.path.join(root, r) if r else root) for r in paths}
            result = do(root, kind, args)
            seen[side] = {"result": result, "stat": observe(root, paths, before, kind, args)}
        m, pl = seen["mount"], seen["plain"]
        if kind in REFUSED and m["result"] == ("err", errno.errorcode[REFUSED[kind]]) and pl["result"][0] == "ok":
            os.unlink(os.path.join(plain, args[-1]))  # documented refusal: undo the plain side's success
            continue
        for field in ("result",) + tuple(sorted(set(m["stat"]) | set(pl["stat"]))):
            a = m["result"] if field == "result" else m["stat"].get(field)
            b = pl["result"] if field == "result" else pl["stat"].get(field)
            if a != b:
                deviations += 1
                print(json.dumps({"seed": seed, "step": step, "op": [kind] + args, "field": field or "/",
                                  "mount": a, "plain": b}, default=str))
    sys.exit(1 if deviations else 0)


if __name__ == "__main__":
    main()
