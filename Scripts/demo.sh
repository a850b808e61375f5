#!/usr/bin/env bash
# The demo, one command on a fresh machine: installs what is missing, builds the CLI, starts a
# throwaway PostgreSQL (removed afterwards), applies the seed schema, loads the hand-written demo
# data (Scripts/demo/demo-data.sql), prints stats, runs a retrieval and every query in Queries/,
# and writes the GraphML exports into Exports/.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
ig_install_deps
ig_build release
ig_pg_start
INSIGHTGRAPH_BIN="$IG_BIN" "$IG_ROOT/Scripts/demo/run-demo.sh"
