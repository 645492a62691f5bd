#!/usr/bin/env bash
# Every test: unit tests of each module, then the integration tests against the real CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
mvn -B verify
