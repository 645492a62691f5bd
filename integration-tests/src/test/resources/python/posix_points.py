"""The nine points of issue 20 on writable mounts, each checked as POSIX (and ext4) has it, in an empty directory.

usage: posix_points.py DIR   (run as root: point 9 creates a file as user nobody)
Prints one JSON object: {"1": {"ok": true/false, "got": ...}, ...}; run on a plain directory, every point holds.
"""
import errno
import json
import os
import sys

NOBODY = 65534


def err(call):
    try:
        call()
        return "ok"
    except OSError as e:
        return errno.errorcode[e.errno]


def dir_times_follow_entries(d):
    os.mkdir(f"{d}/p1")
    os.utime(f"{d}/p1", ns=(10**18, 10**18))  # an old time, so any change moves it forward
    got = {}
    for what, change in (("create", lambda: os.close(os.open(f"{d}/p1/f", os.O_CREAT | os.O_WRONLY, 0o644))),
                         ("rename", lambda: os.rename(f"{d}/p1/f", f"{d}/p1/g")),
                         ("unlink", lambda: os.unlink(f"{d}/p1/g")),
                         ("mkdir", lambda: os.mkdir(f"{d}/p1/sub"))):
        before = os.stat(f"{d}/p1")
        change()
        after = os.stat(f"{d}/p1")
        got[what] = [after.st_mtime_ns > before.st_mtime_ns, after.st_ctime_ns > before.st_ctime_ns]
        os.utime(f"{d}/p1", ns=(10**18, 10**18))
    return all(all(v) for v in got.values()), got


def chmod_moves_ctime(d):
    os.close(os.open(f"{d}/p2", os.O_CREAT | os.O_WRONLY, 0o644))
    before = os.stat(f"{d}/p2").st_ctime_ns
    os.chmod(f"{d}/p2", 0o600)
    after = os.stat(f"{d}/p2").st_ctime_ns
    return after > before, [before, after]


def atime_is_kept(d):
    os.close(os.open(f"{d}/p3", os.O_CREAT | os.O_WRONLY, 0o644))
    y2038 = (2**31 + 5) * 10**9 + 123
    os.utime(f"{d}/p3", ns=(y2038, 1_600_000_000_000_000_001))
    st = os.stat(f"{d}/p3")
    return [st.st_atime_ns, st.st_mtime_ns] == [y2038, 1_600_000_000_000_000_001], [st.st_atime_ns, st.st_mtime_ns]


def rename_keeps_the_inode(d):
    os.close(os.open(f"{d}/p4f", os.O_CREAT | os.O_WRONLY, 0o644))
    os.mkdir(f"{d}/p4d")
    os.close(os.open(f"{d}/p4d/in", os.O_CREAT | os.O_WRONLY, 0o644))
    os.symlink("p4f", f"{d}/p4l")
    before = [os.lstat(f"{d}/{n}").st_ino for n in ("p4f", "p4d", "p4d/in", "p4l")]
    for n in ("p4f", "p4d", "p4l"):
        os.rename(f"{d}/{n}", f"{d}/{n}.moved")
    after = [os.lstat(f"{d}/{n}").st_ino for n in ("p4f.moved", "p4d.moved", "p4d.moved/in", "p4l.moved")]
    return before == after, [before, after]


def dir_nlink_counts_subdirectories(d):
    os.mkdir(f"{d}/p5")
    for n in ("a", "b", "c"):
        os.mkdir(f"{d}/p5/{n}")
    os.close(os.open(f"{d}/p5/file", os.O_CREAT | os.O_WRONLY, 0o644))
    got = [os.stat(f"{d}/p5").st_nlink]
    os.rmdir(f"{d}/p5/c")
    got.append(os.stat(f"{d}/p5").st_nlink)
    return got == [5, 4], got


def fstat_after_unlink(d):
    """Unlinked, then another file renamed over its name (what editors and atomic writers do to an open file)."""
    got = []
    for how in ("unlink", "rename over"):
        os.mkdir(f"{d}/p6-{how}")
        path = f"{d}/p6-{how}/f"
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o640)
        try:
            os.write(fd, b"temporary")
            if how == "unlink":
                os.unlink(path)
            else:
                os.close(os.open(f"{path}.new", os.O_CREAT | os.O_WRONLY, 0o644))
                os.rename(f"{path}.new", path)
            st = os.fstat(fd)
            got.append([st.st_nlink, st.st_size, oct(st.st_mode & 0o7777), os.pread(fd, 9, 0).decode()])
        except OSError as e:
            got.append(errno.errorcode[e.errno])
        finally:
            os.close(fd)
        got.append(sorted(os.listdir(f"{d}/p6-{how}")))
    return got == [[0, 9, "0o640", "temporary"], [], [0, 9, "0o640", "temporary"], ["f"]], got


def long_names(d):
    long = "n" * 256
    os.close(os.open(f"{d}/p7", os.O_CREAT | os.O_WRONLY, 0o644))
    got = {"lookup": err(lambda: os.lstat(f"{d}/{long}")),
           "link": err(lambda: os.link(f"{d}/p7", f"{d}/{long}")),
           "mkfifo": err(lambda: os.mkfifo(f"{d}/{long}")),
           "mknod": err(lambda: os.mknod(f"{d}/{long}", 0o644 | 0o010000))}
    return set(got.values()) == {"ENAMETOOLONG"}, got


def huge_truncate(d):
    os.close(os.open(f"{d}/p8", os.O_CREAT | os.O_WRONLY, 0o644))
    got = err(lambda: os.truncate(f"{d}/p8", 999999999999999))
    size = os.stat(f"{d}/p8").st_size
    return (got, size) in (("EFBIG", 0), ("ok", 999999999999999)), [got, size]


def creator_owns(d):
    os.mkdir(f"{d}/p9", 0o777)
    os.chmod(f"{d}/p9", 0o777)
    pid = os.fork()
    if pid == 0:
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            os.close(os.open(f"{d}/p9/mine", os.O_CREAT | os.O_WRONLY, 0o644))
            os.mkdir(f"{d}/p9/mydir", 0o755)
            with open(f"{d}/p9/mine", "a") as f:  # 0644 and its own: writable by its creator
                f.write("more")
            os._exit(0)
        except OSError:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        return False, "the user could not create or write its own file"
    got = [[os.stat(f"{d}/p9/{n}").st_uid, os.stat(f"{d}/p9/{n}").st_gid] for n in ("mine", "mydir")]
    return got == [[NOBODY, NOBODY]] * 2, got


POINTS = [dir_times_follow_entries, chmod_moves_ctime, atime_is_kept, rename_keeps_the_inode,
          dir_nlink_counts_subdirectories, fstat_after_unlink, long_names, huge_truncate, creator_owns]

if __name__ == "__main__":
    out = {}
    for i, point in enumerate(POINTS, 1):
        try:
            ok, got = point(sys.argv[1])
        except OSError as e:
            ok, got = False, f"{point.__name__}: {e}"
        out[str(i)] = {"ok": ok, "got": got}
    print(json.dumps(out))
