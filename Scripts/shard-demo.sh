#!/usr/bin/env bash
# Scaling out, tried on one machine: two `insightgraph serve` instances with disjoint character sets
# over the demo data, and a router that picks the instance per character.
#
#   Scripts/shard-demo.sh            # starts a throwaway PostgreSQL itself (lib/common.sh)
#   INSIGHTGRAPH_BIN=.build/release/insightgraph Scripts/shard-demo.sh
#
# Steps: apply the seed schema and load Scripts/demo/demo-data.sql (as Scripts/demo/run-demo.sh does);
# start instance A with `--character elena --character marcus` and instance B with
# `--characters-file` naming jake and tomas, on two free loopback ports; show each listing and
# answering its own characters and answering 404 character_not_served for the others; route a
# retrieval per character; stop both with SIGTERM and check they exit 0. Exits 1 if anything differs.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$IG_ROOT"

ig_build debug
INSIGHTGRAPH_BIN="$IG_BIN"
ig_pg_ensure
step() { printf '\n== %s\n' "$*"; }

ig_temp_dir WORK insightgraph-shards
PIDS=()
ig_at_exit 'for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; done; for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done'

step "insightgraph schema apply; psql -f Scripts/demo/demo-data.sql"
ig_load_demo "$INSIGHTGRAPH_BIN"

PORT_A="$(ig_free_port)"
PORT_B="$(ig_free_port)"
printf '# shard B\njake\ntomas\n' >"$WORK/shard-b.txt"

step "instance A on :$PORT_A serves elena, marcus; instance B on :$PORT_B serves the characters of shard-b.txt (jake, tomas)"
echo "   insightgraph serve --port $PORT_A --character elena --character marcus"
"$INSIGHTGRAPH_BIN" serve --port "$PORT_A" --character elena --character marcus --log-level warning &
PIDS+=($!)
echo "   insightgraph serve --port $PORT_B --characters-file shard-b.txt"
"$INSIGHTGRAPH_BIN" serve --port "$PORT_B" --characters-file "$WORK/shard-b.txt" --log-level warning &
PIDS+=($!)

for port in "$PORT_A" "$PORT_B"; do
    ig_wait_url "http://127.0.0.1:$port/healthz" 60 || { echo "instance on :$port never became healthy" >&2; exit 1; }
done

step "GET /v1/characters on each instance"
for port in "$PORT_A" "$PORT_B"; do
    names="$(curl -fsS "http://127.0.0.1:$port/v1/characters" \
        | python3 -c 'import json,sys; print(" ".join(c["normalized_name"] for c in json.load(sys.stdin)["characters"]))')"
    echo "   :$port serves: $names"
done

# Which instance serves which character: what a router or prompt builder keeps in its configuration.
route() {
    case "$1" in
        elena|marcus) echo "$PORT_A" ;;
        jake|tomas) echo "$PORT_B" ;;
        *) return 1 ;;
    esac
}

step "POST /v1/retrieve for every character on both instances (status, then code or first result)"
failures=0
for character in elena marcus jake tomas; do
    for port in "$PORT_A" "$PORT_B"; do
        body="$(printf '{"character":"%s","message":"what matters to you today?","limit":3}' "$character")"
        status="$(curl -sS -o "$WORK/answer.json" -w '%{http_code}' -XPOST -H 'Content-Type: application/json' \
            -d "$body" "http://127.0.0.1:$port/v1/retrieve")"
        summary="$(python3 - "$WORK/answer.json" <<'PY'
import json, sys
body = json.load(open(sys.argv[1]))
if "error" in body:
    print(body["error"]["code"] + ": " + body["error"]["message"])
else:
    results = body.get("results", [])
    print(f"{len(results)} results; first: " + (results[0]["content"][:60] if results else "-"))
PY
)"
        expected=404
        [ "$(route "$character")" = "$port" ] && expected=200
        mark="ok"
        if [ "$status" != "$expected" ]; then mark="UNEXPECTED (wanted $expected)"; failures=$((failures + 1)); fi
        printf '   %-6s on :%s -> %s %s  [%s]\n' "$character" "$port" "$status" "$summary" "$mark"
    done
done

step "a router: each message goes to the instance serving its character"
for character in elena jake; do
    port="$(route "$character")"
    printf '   %s -> :%s: ' "$character" "$port"
    curl -fsS -XPOST -H 'Content-Type: application/json' \
        -d "{\"character\":\"$character\",\"message\":\"tell me about your work\",\"limit\":2}" \
        "http://127.0.0.1:$port/v1/retrieve" | python3 -c 'import json,sys; print(json.load(sys.stdin)["prompt"].splitlines()[0])'
done

step "SIGTERM both instances"
for pid in "${PIDS[@]}"; do kill -TERM "$pid"; done
for pid in "${PIDS[@]}"; do
    if wait "$pid"; then echo "   pid $pid exited 0"; else echo "   pid $pid exited $?"; failures=$((failures + 1)); fi
done
PIDS=()

if [ "$failures" -ne 0 ]; then
    echo "shard-demo: $failures unexpected answers" >&2
    exit 1
fi
echo
echo "shard-demo: every character answered by its instance only"
