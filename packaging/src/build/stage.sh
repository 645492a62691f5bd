#!/usr/bin/env bash
# `mvn package` of the packaging module: lays out the installed tree in target/stage/root (what the .deb installs,
# which jdeb then packs) and the tarball target/datafs-VERSION.tar.gz (the same tree under /usr, relocatable).
#   stage.sh VERSION TARGET_DIR TIMESTAMP  (TARGET_DIR/jars: the shipped jars; TARGET_DIR/generated: completion and
#   man sources; TIMESTAMP: every file's mtime, as jdeb sets it in the .deb)
set -euo pipefail
version=$1 target=$2 timestamp=$3
src="$(cd "$(dirname "$0")/.." && pwd)" repo="$(cd "$(dirname "$0")/../../.." && pwd)"
stage=$target/stage root=$target/stage/root
rm -rf "$stage"
lib=$root/usr/lib/datafs
mkdir -p "$lib/lib" "$root/usr/bin" "$root/sbin" "$root/lib/systemd/system" "$root/usr/share/man/man1" \
  "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" "$root/usr/share/doc/datafs" \
  "$root/usr/share/man/man8" "$root/usr/share/lintian/overrides"

# The jars, and datafs.jar whose manifest lists them: one class path, in one order, which the AppCDS archive needs
# (a lib/* wildcard expands in directory order, which differs from one unpacked copy to the next).
cp -p "$target"/jars/*.jar "$lib/lib/"
manifest=$stage/MANIFEST.MF
{
  echo "Manifest-Version: 1.0"
  echo "Main-Class: io.datafs.cli.Main"
  first=1
  for j in $(cd "$lib/lib" && ls -- *.jar | LC_ALL=C sort); do
    if [ $first = 1 ]; then echo "Class-Path: lib/$j"; first=0; else echo "  lib/$j"; fi
  done
} > "$manifest"
mkdir -p "$stage/empty"
jar --create --file "$lib/datafs.jar" --manifest "$manifest" -C "$stage/empty" .

install -m 755 "$src/dist/datafs" "$root/usr/bin/datafs"
install -m 755 "$src/dist/mount.datafs" "$root/sbin/mount.datafs"
install -m 644 "$src/dist/datafs.service" "$root/lib/systemd/system/datafs.service"
install -m 644 "$target/generated/datafs.bash" "$root/usr/share/bash-completion/completions/datafs"
install -m 644 "$src/dist/_datafs" "$root/usr/share/zsh/vendor-completions/_datafs"
install -m 644 "$repo/README.md" "$root/usr/share/doc/datafs/README.md"
install -m 644 "$src/deb/lintian/datafs" "$root/usr/share/lintian/overrides/datafs"
install -m 644 "$src/deb/copyright" "$root/usr/share/doc/datafs/copyright"
gzip -9n < "$src/deb/changelog" > "$root/usr/share/doc/datafs/changelog.gz"

# Man pages: picocli's ManPageGenerator wrote AsciiDoc; asciidoctor makes roff of it.
asciidoctor --backend manpage --destination-dir "$root/usr/share/man/man1" "$target"/generated/man/*.adoc
asciidoctor --backend manpage --destination-dir "$root/usr/share/man/man8" "$src/dist/mount.datafs.8.adoc"
gzip -9n "$root"/usr/share/man/man1/*.1 "$root"/usr/share/man/man8/*.8

# One mtime for every file, the one the .deb will have, before the archive records the jars'.
find "$root" -exec touch -h -d "$timestamp" {} +

# The AppCDS archive: the classes one `datafs daemon status` loads, dumped as that client exits. JDK 17 uses an archive
# only with the class path it was made with, so it is made at the installed place, /usr/lib/datafs: the staged
# directory is bound there in a mount namespace of this build's own (root only), which the machine never sees.
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
  made_dir=
  [ -d /usr/lib/datafs ] || { mkdir /usr/lib/datafs; made_dir=1; } # a mount point for the bind; removed below
  unshare --mount --propagation private bash "$src/build/cds-dump.sh" "$lib" "$target" || status=$?
  [ -z "$made_dir" ] || rmdir /usr/lib/datafs 2>/dev/null || true # a dpkg -i meanwhile keeps it
  [ "${status:-0}" -eq 0 ] || exit "$status"
  [ -s "$lib/datafs.jsa" ] || { echo "stage.sh: no AppCDS archive was written" >&2; exit 1; }
else
  echo "stage.sh: WARNING: not root (or no unshare): the distribution carries no AppCDS archive" >&2
fi

[ ! -e "$lib/datafs.jsa" ] || touch -d "$timestamp" "$lib/datafs.jsa"
# The tarball: the /usr tree (bin, lib/datafs, share), with sbin/mount.datafs and lib/systemd beside it.
name=datafs-$version
rm -rf "${stage:?}/$name"
mkdir -p "$stage/$name"
cp -a "$root/usr/." "$stage/$name/"
cp -a "$root/sbin" "$stage/$name/sbin"
mkdir -p "$stage/$name/lib/systemd"
cp -a "$root/lib/systemd/system" "$stage/$name/lib/systemd/system"
cp -p "$repo/README.md" "$stage/$name/README.md"
tar -C "$stage" --owner=0 --group=0 -czf "$target/$name.tar.gz.tmp" "$name"
mv "$target/$name.tar.gz.tmp" "$target/$name.tar.gz"
