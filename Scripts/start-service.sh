# Sourced by the service benchmarks (bench-service.sh, bench-freshness.sh): one way to start
# `insightgraph serve` for a measurement.
#
#   start_service BIN [SERVE-ARGS...]
#
# Starts BIN serve on a free loopback port with warnings-only logging, waits (up to 5 minutes) until
# /healthz answers, prints it, and leaves the port in PORT and the process id in SERVER_PID.
start_service() {
    local bin="$1"; shift
    PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    "$bin" serve --host 127.0.0.1 --port "$PORT" --log-level warning "$@" &
    SERVER_PID=$!
    for _ in $(seq 1 600); do
        if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then break; fi
        sleep 0.5
    done
    curl -fsS "http://127.0.0.1:$PORT/healthz"; echo
}
