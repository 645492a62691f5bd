"""Lists directories while changing them, through libc's opendir/readdir/telldir/seekdir, and checks what POSIX
promises of every listing: an entry that stays in the directory from opendir to the end is returned exactly once,
no entry twice, and nothing that never existed. (Whether an entry created or removed during the listing shows is
left open.) A seekdir to a telldir value continues as from that point, so the listing then counts as what it had
returned up to the telldir plus what follows.

usage: listing_check.py DIR SEED SIZE... ; one round per SIZE (entries before the first listing), each in a fresh
subdirectory of DIR. Prints JSON: {"violations": [...], "listings": N, "final": {round: sorted names}}.
The same SEED gives the same operations on any directory, so a mount and a plain directory can be compared.
"""
import ctypes
import ctypes.util
import json
import os
import random
import sys


class Dirent(ctypes.Structure):
    _fields_ = [("d_ino", ctypes.c_uint64), ("d_off", ctypes.c_int64), ("d_reclen", ctypes.c_ushort),
                ("d_type", ctypes.c_ubyte), ("d_name", ctypes.c_char * 256)]


libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
libc.opendir.restype = ctypes.c_void_p
libc.opendir.argtypes = [ctypes.c_char_p]
libc.readdir.restype = ctypes.POINTER(Dirent)
libc.readdir.argtypes = [ctypes.c_void_p]
libc.telldir.restype = ctypes.c_long
libc.telldir.argtypes = [ctypes.c_void_p]
libc.seekdir.restype = None
libc.seekdir.argtypes = [ctypes.c_void_p, ctypes.c_long]
libc.closedir.argtypes = [ctypes.c_void_p]


def touch(path):
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))


class Round:
    def __init__(self, root, index, size, rng):
        self.dir = os.path.join(root, "r%d" % index)
        self.aside = os.path.join(root, "aside%d" % index)  # renames out of and into the listed directory
        os.mkdir(self.dir)
        os.mkdir(self.aside)
        self.rng = rng
        self.counter = 0
        self.present = set()
        self.parked = []  # files in aside, to move in
        for _ in range(size):
            self.create()

    def fresh(self):
        # names never repeat, so no entry may show twice; the prefix letter spreads them over the name order
        self.counter += 1
        return "%s%06d" % ("abcdefghij"[self.rng.randrange(10)], self.counter)

    def create(self):
        name = self.fresh()
        touch(os.path.join(self.dir, name))
        self.present.add(name)
        return name

    def listing(self, violations, label):
        """One listing interleaved with changes; appends what broke the rules to violations."""
        rng = self.rng
        dirp = libc.opendir(self.dir.encode())
        if not dirp:
            raise OSError(ctypes.get_errno(), "opendir " + self.dir)
        stayed = set(self.present)  # present at opendir and never removed since
        ever = set(self.present)
        returned = []
        tells = []  # (telldir value, how many had been returned)
        seeks = 0  # a few per listing, so that it ends
        try:
            while True:
                r = rng.random()
                if r < 0.5:
                    done = False
                    for _ in range(rng.randint(1, 60)):
                        d = libc.readdir(dirp)
                        if not d:
                            done = True
                            break
                        name = d.contents.d_name.decode()
                        if name not in (".", ".."):
                            returned.append(name)
                    if done:
                        break
                elif r < 0.6:
                    ever.add(self.create())
                elif r < 0.7 and self.present:
                    name = rng.choice(sorted(self.present))
                    os.unlink(os.path.join(self.dir, name))
                    self.present.discard(name)
                    stayed.discard(name)
                elif r < 0.76 and self.present:
                    old = rng.choice(sorted(self.present))
                    new = self.fresh()
                    os.rename(os.path.join(self.dir, old), os.path.join(self.dir, new))
                    self.present.discard(old)
                    stayed.discard(old)
                    self.present.add(new)
                    ever.add(new)
                elif r < 0.8 and self.present:
                    old = rng.choice(sorted(self.present))
                    os.rename(os.path.join(self.dir, old), os.path.join(self.aside, old))
                    self.present.discard(old)
                    stayed.discard(old)
                    self.parked.append(old)
                elif r < 0.84:
                    name = self.fresh()
                    touch(os.path.join(self.aside, name))
                    os.rename(os.path.join(self.aside, name), os.path.join(self.dir, name))
                    self.present.add(name)
                    ever.add(name)
                elif r < 0.93:
                    tells.append((libc.telldir(dirp), len(returned)))
                elif tells and seeks < 3:
                    seeks += 1
                    pos, count = rng.choice(tells)
                    libc.seekdir(dirp, pos)
                    del returned[count:]
                    tells = [t for t in tells if t[1] <= count]
        finally:
            libc.closedir(dirp)
        seen = {}
        for n in returned:
            seen[n] = seen.get(n, 0) + 1
        for n, c in sorted(seen.items()):
            if c > 1:
                violations.append("%s: %s returned %d times" % (label, n, c))
            if n not in ever:
                violations.append("%s: %s returned but never existed" % (label, n))
        for n in sorted(stayed - set(seen)):
            violations.append("%s: %s stayed but was skipped" % (label, n))


def main():
    root, seed, sizes = sys.argv[1], int(sys.argv[2]), [int(s) for s in sys.argv[3:]]
    rng = random.Random(seed)
    violations = []
    listings = 0
    final = {}
    for i, size in enumerate(sizes):
        rnd = Round(root, i, size, rng)
        for k in range(3):
            rnd.listing(violations, "round %d (%d entries) listing %d" % (i, size, k))
            listings += 1
        names = os.listdir(rnd.dir)
        if len(names) != len(set(names)):
            violations.append("round %d: os.listdir repeats names" % i)
        if set(names) != rnd.present:
            violations.append("round %d: os.listdir shows %d names, %d are there" % (i, len(names), len(rnd.present)))
        final[str(i)] = sorted(names)
    json.dump({"violations": violations, "listings": listings, "final": final}, sys.stdout)


main()
