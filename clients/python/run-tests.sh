#!/usr/bin/env bash
# Installs the client with its test extras into a throwaway venv and runs its tests against a live
# stack: a temporary PostgreSQL with the demo data and `insightgraph serve` (tests/conftest.py,
# tests/live_stack.sh, which reuses Scripts/with-postgres.sh), all removed afterwards.
#
#   clients/python/run-tests.sh /path/to/insightgraph [PYTEST-ARGS...]
#   INSIGHTGRAPH_BIN=/path/to/insightgraph clients/python/run-tests.sh [PYTEST-ARGS...]
#
# Needs python3 with venv, PostgreSQL's server binaries (Scripts/install-deps.sh) and PyPI for
# httpx/pytest. Exit code: pytest's.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

BIN="${INSIGHTGRAPH_BIN:-}"
if [ "$#" -gt 0 ] && [ "${1#-}" = "$1" ]; then
    BIN="$1"; shift
fi
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
    echo "usage: $0 INSIGHTGRAPH_BINARY [PYTEST-ARGS...]   (or set INSIGHTGRAPH_BIN)" >&2
    [ -n "$BIN" ] && echo "run-tests.sh: '$BIN' is not executable" >&2
    exit 64
fi
export INSIGHTGRAPH_BIN="$(readlink -f "$BIN")"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/insightgraph-client-tests.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
PYTHON="${PYTHON:-python3}"
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$HERE[test]"

cd "$HERE"
set +e
"$WORK/venv/bin/python" -m pytest -p no:cacheprovider "$@"
status=$?
set -e
exit "$status"
