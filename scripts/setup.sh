#!/usr/bin/env bash
# Installs what building, testing and benchmarking datafs need on a fresh Debian machine. Idempotent.
set -euo pipefail
packages=(openjdk-17-jdk-headless maven libfuse2 fuse3 attr python3 python3-torch)
[ "${1:-}" = "--bench" ] && packages+=(restic hyperfine bindfs)
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
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
