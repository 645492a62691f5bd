#!/usr/bin/env bash
# Builds datafs (no tests): bin/datafs runs the result.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mvn -B -q -DskipTests package
