#!/usr/bin/env bash
# The demo's steps, run by Scripts/demo.sh inside a throwaway PostgreSQL (PG* variables set).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ig() { "$INSIGHTGRAPH_BIN" "$@"; }
step() { printf '\n== %s\n' "$*"; }

step "insightgraph schema apply"
ig schema apply

step "psql -f Scripts/demo/demo-data.sql"
psql -X -q -v ON_ERROR_STOP=1 -f Scripts/demo/demo-data.sql

step "insightgraph stats"
ig stats
