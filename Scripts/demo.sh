#!/usr/bin/env bash
# The demo, one command on a fresh machine: installs what is missing, builds the CLI, starts a
# throwaway PostgreSQL (removed afterwards), applies the seed schema, loads the hand-written demo
# data (Scripts/demo/demo-data.sql), prints stats, runs a retrieval and every query in Queries/,
# and writes the GraphML exports into Exports/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here/.."
"$here/install-deps.sh"
echo "== Building insightgraph (release; the first build takes a few minutes)" >&2
swift build -c release --product insightgraph >&2
INSIGHTGRAPH_BIN="$(swift build -c release --show-bin-path)/insightgraph"
export INSIGHTGRAPH_BIN
exec "$here/with-postgres.sh" "$here/demo/run-demo.sh"
