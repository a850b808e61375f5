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

step "insightgraph retrieve --character elena --message '...' --explain"
ig retrieve --character elena --message "I saw coral bleaching on the reef today and it made me anxious" \
    --limit 5 --explain

step "insightgraph retrieve --character jake --message '...' --format prompt"
ig retrieve --character jake --message "Long shoots in the mountains get lonely, don't they?" \
    --limit 5 --format prompt

for query in Queries/*.igq; do
    step "insightgraph query $query"
    ig query "$query" --quiet
done

step "insightgraph query -e '...' (a mistyped query: the error says where and suggests the fix)"
ig query -e "FROM CHARACTER 'elena' WHERE confidance >= 0.8 RETURN id, content" --quiet || echo "(exit code $?)"

step "insightgraph export (whole graph with characters and timeline, both flavours) -> Exports/"
ig export --with-characters --with-timeline --flavour standard -o Exports/demo.graphml \
    --summary Exports/demo.graphml.summary.json
ig export --with-characters --with-timeline --flavour yed -o Exports/demo-yed.graphml
ig export --around 101 --hops 2 -o Exports/elena-around-101.graphml \
    --summary Exports/elena-around-101.graphml.summary.json
if command -v xmllint >/dev/null; then
    step "xmllint --schema Tests/GraphMLTests/Resources/graphml.xsd Exports/*.graphml (standard flavour)"
    xmllint --noout --schema Tests/GraphMLTests/Resources/graphml.xsd Exports/demo.graphml Exports/elena-around-101.graphml
fi
