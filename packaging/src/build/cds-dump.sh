#!/usr/bin/env bash
# Run by stage.sh in a mount namespace of its own: binds the staged lib dir at /usr/lib/datafs and writes
# datafs.jsa there from a `datafs daemon status` run (a daemon started for it in a throw-away store, stopped after),
# with the client's JVM flags of the launcher (src/dist/datafs).
#   cds-dump.sh STAGED_LIB_DIR TARGET_DIR
set -euo pipefail
staged=$1 target=$2 lib=/usr/lib/datafs
mount --bind "$staged" "$lib"
home=$(mktemp -d "$target/cds-home.XXXXXX")
java=(java -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xlog:cds=off -Xlog:cds+dynamic=off -Dfile.encoding=UTF-8
  -Dsun.stdout.encoding=UTF-8 -Dsun.stderr.encoding=UTF-8 -cp "$lib/datafs.jar" io.datafs.cli.Main)
trap '"${java[@]}" daemon stop --home "$home/h" >/dev/null 2>&1 || true; rm -rf "$home"' EXIT
# DATAFS_LAUNCHER unset: the daemon runs from this same class path, in this namespace
rm -f "$lib/datafs.jsa"
env -u DATAFS_LAUNCHER LC_ALL=C.UTF-8 "${java[0]}" -XX:ArchiveClassesAtExit="$lib/datafs.jsa" "${java[@]:1}" \
  daemon status --home "$home/h" >/dev/null
