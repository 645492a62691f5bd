#!/usr/bin/env bash
# Installs what datafs needs on a fresh Debian machine. Idempotent.
#   scripts/setup.sh           build and run: Java 17, Maven, libfuse2 and fusermount (fuse3), python3, asciidoctor
#                              (the packaging module makes man pages with it)
#   scripts/setup.sh --test    and what the tests use: getfattr/setfattr (attr), fincore (util-linux-extra), rsync,
#                              PyTorch (python3-torch), nginx (the http remote's tests start their own, on loopback),
#                              Node.js and npm with Azurite 3.35.0 (azurite-blob; newer ones need Node 22),
#                              lintian and man-db (the package's tests check the .deb and render its man pages)
#   scripts/setup.sh --bench   and the benchmark's baselines: restic, bindfs, hyperfine, rclone
set -euo pipefail
packages=(openjdk-17-jdk-headless maven libfuse2 fuse3 python3 asciidoctor)
case "${1:-}" in
  --test) packages+=(attr util-linux-extra rsync python3-torch nginx lintian man-db)
    # a node that is already there (not from Debian) will do for Azurite
    command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm) ;;
  --bench) packages+=(restic hyperfine bindfs rclone) ;;
esac
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: please install: ${missing[*]} (apt-get install ${missing[*]})" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [[ " ${missing[*]} " == *" nginx "* ]] && command -v service >/dev/null && service nginx status >/dev/null 2>&1; then
  # where services may start, Debian starts the nginx it installs (port 80): the tests run their own
  service nginx stop >/dev/null 2>&1 || true
fi
if [ "${1:-}" = --test ]; then
  azurite=$(command -v azurite-blob || echo "$(npm prefix -g 2>/dev/null)/bin/azurite-blob")
  if [ "$("$azurite" --version 2>/dev/null)" != 3.35.0 ]; then
    # S3Proxy, the other test server, is a Maven test dependency: nothing to install for it
    echo "setup: installing azurite@3.35.0 (npm)" >&2
    npm install -g --no-fund --no-audit --loglevel=error azurite@3.35.0 >/dev/null
  fi
fi
