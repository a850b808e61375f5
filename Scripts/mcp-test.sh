#!/usr/bin/env bash
# End-to-end test of `insightgraph mcp` over stdio with the Python MCP client (PyPI `mcp`).
#
#   Scripts/mcp-test.sh BINARY [GRAPHML | --database=CONNINFO]
#
# Installs `mcp` into a temp venv (or uses $MCP_VENV when it already holds it; MCP_PIP_SPEC
# overrides the requirement, default "mcp"), then runs Scripts/mcp_client_test.py, which starts
# `BINARY mcp --source GRAPHML` (default: the committed Exports/demo.graphml, so no PostgreSQL is
# needed), lists the tools and calls each one, error cases included. --database=CONNINFO runs the
# same checks against PostgreSQL holding the demo data (Scripts/demo/demo-data.sql).
# Exit code: the test's (0: every check passed).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

if [ "$#" -lt 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 INSIGHTGRAPH_BINARY [GRAPHML | --database=CONNINFO]" >&2
    exit 64
fi
BIN="$(readlink -f "$1")"
case "${2:-}" in
    --database=*) GRAPHML="$2" ;;  # the demo data in PostgreSQL instead of the export
    *) GRAPHML="$(readlink -f "${2:-$IG_ROOT/Exports/demo.graphml}")" ;;
esac

ig_temp_dir WORK insightgraph-mcp

VENV="${MCP_VENV:-}"
if [ -z "$VENV" ] || ! "$VENV/bin/python" -c "import mcp" 2>/dev/null; then
    VENV="$WORK/venv"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "${MCP_PIP_SPEC:-mcp}"
fi
echo "mcp $("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("mcp"))') (Python client) against $BIN mcp $(case "$GRAPHML" in --database=*) echo "--database ${GRAPHML#--database=}" ;; *) echo "--source $GRAPHML" ;; esac)"

set +e
"$VENV/bin/python" "$IG_ROOT/Scripts/mcp_client_test.py" "$BIN" "$GRAPHML"
status=$?
set -e
exit "$status"
