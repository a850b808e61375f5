#!/usr/bin/env bash
# The test command: installs missing system packages, then, against a throwaway PostgreSQL (see
# with-postgres.sh):
#   1. the whole suite (`swift test`, debug build);
#   2. the graph, retrieval and IGQ suites again in a release build (`swift test -c release`):
#      users run release builds, and a result that differs between the two is a bug.
# Extra arguments go to both `swift test` runs (e.g. --filter Store).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
ig_install_deps
cd "$IG_ROOT"
Scripts/with-postgres.sh swift test "$@"
echo "== release build: InsightGraphTests, InsightQueryTests, InsightBenchTests" >&2
exec swift test -c release --filter 'InsightGraphTests|InsightQueryTests|InsightBenchTests' "$@"
