#!/usr/bin/env bash
# Property-based tests of the HTTP contract: schemathesis (PyPI) generates requests from
# openapi.yaml, valid and invalid, sends them to a live `insightgraph serve` over the demo data,
# and checks every response against the spec (all checks: status codes, content types, headers,
# response schemas, invalid data refused, valid data accepted, undeclared methods answered 405).
#
#   Scripts/schemathesis.sh BINARY [SCHEMATHESIS-ARGS...]
#
# Starts a throwaway PostgreSQL (lib/common.sh), loads Scripts/demo/demo-data.sql,
# starts BINARY serve on a free loopback port, installs schemathesis into a temp venv (or uses
# $SCHEMATHESIS_VENV when it holds one) and runs it with a fixed seed and bounded examples
# (SCHEMATHESIS_SEED, SCHEMATHESIS_MAX_EXAMPLES), configured by Scripts/schemathesis.toml.
# SCHEMATHESIS_TOKEN=1 starts the server with --token-file and sends the token.
# Exit code: schemathesis's (0: no failure).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

if [ "$#" -lt 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 INSIGHTGRAPH_BINARY [SCHEMATHESIS-ARGS...]" >&2
    exit 64
fi
BIN="$(readlink -f "$1")"; shift
MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-30}"
SEED="${SCHEMATHESIS_SEED:-1616}"

ig_temp_dir WORK insightgraph-schemathesis
ig_pg_start
ig_load_demo "$BIN"

# SCHEMATHESIS_TOKEN=1: the server requires a bearer token (--token-file) and schemathesis sends it,
# checking the other half of the spec's `security: [{}, {bearer: []}]`.
SERVE_ARGS=(--log-level error)
AUTH_ARGS=()
if [ "${SCHEMATHESIS_TOKEN:-0}" = 1 ]; then
    echo "schemathesis-token-$$" > "$WORK/token"
    SERVE_ARGS+=(--token-file "$WORK/token")
    AUTH_ARGS=(--header "Authorization: Bearer schemathesis-token-$$")
fi
ig_start_service "$BIN" "${SERVE_ARGS[@]}" >/dev/null

VENV="${SCHEMATHESIS_VENV:-}"
if [ -z "$VENV" ] || [ ! -x "$VENV/bin/schemathesis" ]; then
    VENV="$WORK/venv"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check schemathesis
fi
echo "schemathesis $("$VENV/bin/schemathesis" --version | awk '{print $NF}') against http://127.0.0.1:$PORT (seed $SEED, up to $MAX_EXAMPLES examples per operation)"

cd "$WORK"
set +e
"$VENV/bin/schemathesis" --config-file "$IG_ROOT/Scripts/schemathesis.toml" run "$IG_ROOT/openapi.yaml" \
    --url "http://127.0.0.1:$PORT" \
    --checks all \
    --max-examples "$MAX_EXAMPLES" \
    --seed "$SEED" \
    --generation-database none \
    --workers 1 \
    --no-color \
    ${AUTH_ARGS[@]+"${AUTH_ARGS[@]}"} \
    "$@"
status=$?
set -e
exit "$status"
