#!/usr/bin/env bash
# Checks GraphML exports the way the tools that open them would:
#   - standard flavour: valid against Tests/GraphMLTests/Resources/graphml.xsd (xmllint from
#     Debian's libxml2-utils when installed, else libxml2 through `insightgraph export --check-schema`);
#   - every file: re-importing and re-exporting it gives the same bytes;
#   - FILE.summary.json present: NetworkX reads what it says, and so does python-igraph
#     (Scripts/check_graphml.py networkx|igraph; Scripts/install-deps.sh installs both).
# usage: Scripts/check_graphml_exports.sh FILE.graphml...   (from the repository root; builds the debug CLI first)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
[ $# -gt 0 ] || { echo "usage: $0 FILE.graphml..." >&2; exit 2; }
cd "$IG_ROOT"
ig_build debug
bin="$IG_BIN"
schema=Tests/GraphMLTests/Resources/graphml.xsd
ig_temp_dir work
status=0
for file in "$@"; do
    if grep -q 'yfiles.type=' "$file"; then flavour=yed; else flavour=standard; fi
    args=(--source "$file" --flavour "$flavour" --quiet -o "$work/again.graphml")
    grep -q '<node id="c' "$file" && args+=(--with-characters)
    grep -q '<node id="t' "$file" && args+=(--with-timeline)
    if [ "$flavour" = standard ]; then
        if command -v xmllint >/dev/null; then
            xmllint --noout --schema "$schema" "$file" || status=1
        else
            args+=(--check-schema "$schema")
            echo "xmllint not installed (apt-get install libxml2-utils): validating with libxml2 through insightgraph"
        fi
    fi
    "$bin" export "${args[@]}" >/dev/null || { echo "FAILED: $file does not re-export"; status=1; continue; }
    if cmp -s "$file" "$work/again.graphml"; then echo "ok: $file re-exports byte-identical ($flavour)"
    else echo "FAILED: re-exporting $file changes it"; status=1; fi
    if [ -f "$file.summary.json" ]; then
        python3 Scripts/check_graphml.py networkx "$file" "$file.summary.json" || status=1
        if python3 -c 'import igraph' 2>/dev/null; then
            python3 Scripts/check_graphml.py igraph "$file" "$file.summary.json" || status=1
        else
            echo "FAILED: python-igraph is not installed (Scripts/install-deps.sh installs it)"; status=1
        fi
    fi
done
exit $status
