# The helpers every script here shares; source it, do not run it:
#
#   . "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
#
#   IG_ROOT                     the repository root
#   ig_at_exit CMD              run CMD (a shell string) on exit, failure, Ctrl-C or TERM; last added runs first
#   ig_temp_dir VAR [NAME]      a fresh temp dir in VAR, deleted on exit
#   ig_need_apt PACKAGE...      install the Debian packages not installed yet (apt-get update once, quiet)
#   ig_need_pip MODULE...       pip-install the Python modules python3 cannot import yet (quiet)
#   ig_install_deps             everything building, testing and the demo need (the two above)
#   ig_build release|debug      build the insightgraph CLI; IG_BIN is its path ($INSIGHTGRAPH_BIN when set: no build)
#   ig_bench_dir                print ../shared/bench (gen_insight_graph.py, peers.py) or fail saying how to set it
#   ig_pg_start [INITDB-ARGS]   a throwaway PostgreSQL for the rest of this script (below); ig_pg_ensure: only when PGHOST is unset
#   ig_load_demo BIN            the seed schema (`BIN schema apply`) and Scripts/demo/demo-data.sql in $PGDATABASE
#   ig_free_port                print a free loopback TCP port
#   ig_wait_url URL [SECONDS]   wait until URL answers 2xx (default 300 s); fail if it never does
#   ig_start_service BIN ARGS   `BIN serve` on a free loopback port, logging warnings only; prints /healthz
#                               once it answers; sets PORT and SERVER_PID (stopped on exit)
#   ig_stop_service             SIGTERM to it, wait, print its exit status; fails unless 0
#
# The throwaway PostgreSQL lives in a fresh temp dir, listens on a unix socket only (no TCP), runs
# with fsync off (it is thrown away), and is stopped and deleted when the script exits. initdb
# refuses to run as root, so as root the cluster belongs to the `postgres` user. It exports PGHOST
# (the socket dir), PGPORT, PGUSER=postgres, PGDATABASE=postgres, puts the server's bin dir (psql,
# createdb) first on PATH, and leaves the data dir in IG_PG_DATA.

IG_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
IG_SCRIPT="$(basename "$0")"

ig_die() { echo "$IG_SCRIPT: $*" >&2; exit 1; }

# ---- cleanup on exit

_ig_exit_hooks=()
_ig_run_exit_hooks() {
    local status=$? hook
    trap - EXIT INT TERM
    for hook in "${_ig_exit_hooks[@]}"; do eval "$hook" || true; done
    exit "$status"
}
ig_at_exit() {
    _ig_exit_hooks=("$1" "${_ig_exit_hooks[@]}")
    trap _ig_run_exit_hooks EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

ig_temp_dir() {
    local dir
    dir="$(mktemp -d "${TMPDIR:-/tmp}/${2:-insightgraph}.XXXXXX")"
    printf -v "$1" '%s' "$dir"
    ig_at_exit "rm -rf '$dir'"
}

# ---- dependencies

_ig_apt_updated=0
ig_need_apt() {
    local package missing=()
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ "${#missing[@]}" -gt 0 ] || return 0
    command -v apt-get >/dev/null 2>&1 || ig_die "missing packages (${missing[*]}) and no apt-get to install them."
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    echo "$IG_SCRIPT: installing ${missing[*]}" >&2
    local log
    log="$(mktemp)"
    if ! {
        if [ "$_ig_apt_updated" -eq 0 ]; then "${sudo[@]}" apt-get update -qq; fi &&
            "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
    } >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        ig_die "could not install ${missing[*]}"
    fi
    rm -f "$log"
    _ig_apt_updated=1
}

ig_need_pip() {
    local module
    command -v python3 >/dev/null 2>&1 || return 0
    for module in "$@"; do
        python3 -c "import $module" >/dev/null 2>&1 && continue
        echo "$IG_SCRIPT: installing $module (pip)" >&2
        python3 -m pip install -q "$module" >&2 || echo "$IG_SCRIPT: could not install $module" >&2
    done
}

# postgresql (server for tests and the demo), libpq-dev, libxml2-dev, libstemmer-dev, pkg-config
# (build), libxml2-utils (xmllint, schema checks), time (/usr/bin/time for benchmarks); NetworkX and
# python-igraph (the GraphML checks, Scripts/check_graphml.py).
ig_install_deps() {
    ig_need_apt postgresql libpq-dev libxml2-dev libstemmer-dev libxml2-utils pkg-config time
    ig_need_pip networkx igraph
}

# ---- the CLI

ig_build() {
    local config="${1:-debug}"
    if [ -n "${INSIGHTGRAPH_BIN:-}" ]; then
        IG_BIN="$INSIGHTGRAPH_BIN"  # e.g. another build, to compare
        return
    fi
    echo "== building insightgraph ($config; the first build takes a few minutes)" >&2
    (cd "$IG_ROOT" && swift build -c "$config" --product insightgraph >&2)
    IG_BIN="$(cd "$IG_ROOT" && swift build -c "$config" --show-bin-path)/insightgraph"
}

# ---- the reference benchmark's folder

# $SHARED_BENCH, $INSIGHTGRAPH_BENCH_DIR, then ../shared/bench beside the checkout (CI's layout),
# one level further up, and /work/shared/bench.
ig_bench_dir() {
    local candidate
    for candidate in "${SHARED_BENCH:-}" "${INSIGHTGRAPH_BENCH_DIR:-}" "$IG_ROOT/../shared/bench" \
        "$IG_ROOT/../../shared/bench" /work/shared/bench; do
        if [ -n "$candidate" ] && [ -f "$candidate/gen_insight_graph.py" ]; then
            (cd "$candidate" && pwd)
            return 0
        fi
    done
    echo "../shared/bench not found beside the checkout (set SHARED_BENCH to its folder)" >&2
    return 1
}

# ---- throwaway PostgreSQL

_ig_pg_bin() {
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v initdb)")"
        return
    fi
    local candidate
    for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
            echo "$candidate"
            return
        fi
    done
}

_ig_as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

ig_pg_start() {
    local pg_bin
    pg_bin="$(_ig_pg_bin)"
    if [ -z "$pg_bin" ]; then
        echo "$IG_SCRIPT: initdb not found (PostgreSQL server is not installed)." >&2
        ig_die "run Scripts/install-deps.sh (apt-get install -y postgresql) and try again."
    fi
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
        ig_die "running as root but there is no 'postgres' user to own the cluster."
    fi
    local work
    ig_temp_dir work insightgraph-pg
    IG_PG_DATA="$work/data"
    mkdir -p "$work/socket"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres: "$work"; fi
    chmod 700 "$work"
    _ig_as_owner "$pg_bin/initdb" -D "$IG_PG_DATA" -U postgres --auth=trust --encoding=UTF8 --no-locale --no-sync "$@" \
        >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log" >&2; ig_die "initdb failed"; }
    ig_at_exit "_ig_as_owner '$pg_bin/pg_ctl' -D '$IG_PG_DATA' -m immediate -w stop >/dev/null 2>&1"
    if ! _ig_as_owner "$pg_bin/pg_ctl" -D "$IG_PG_DATA" -l "$work/server.log" -w -t 60 \
        -o "-c listen_addresses='' -k $work/socket -p 5432 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null; then
        cat "$work/server.log" >&2 || true
        ig_die "the PostgreSQL server did not start"
    fi
    export PGHOST="$work/socket" PGPORT=5432 PGUSER=postgres PGDATABASE=postgres PATH="$pg_bin:$PATH"
    unset PGPASSWORD PGSERVICE PGHOSTADDR 2>/dev/null || true
}

ig_pg_ensure() {
    if [ -z "${PGHOST:-}" ]; then ig_pg_start; fi
}

# The demo data also fills characters.occupation and created_at, which `schema apply` does not
# create (the engine does not read them); they are added so the file loads unchanged.
ig_load_demo() {
    "$1" schema apply >/dev/null &&
        psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
            -c "ALTER TABLE characters ADD COLUMN IF NOT EXISTS occupation VARCHAR(255),
                ADD COLUMN IF NOT EXISTS created_at TIMESTAMP DEFAULT NOW()" >/dev/null &&
        psql -X -q -v ON_ERROR_STOP=1 -f "$IG_ROOT/Scripts/demo/demo-data.sql" >/dev/null
}

# ---- services

ig_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

ig_wait_url() {
    local url="$1" deadline=$((SECONDS + ${2:-300}))
    until curl -fsS "$url" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] || { echo "$IG_SCRIPT: $url did not answer within ${2:-300} s" >&2; return 1; }
        sleep 0.25
    done
}

SERVER_PID=""
_ig_service_hook=0
ig_start_service() {
    local bin="$1"; shift
    if [ "$_ig_service_hook" -eq 0 ]; then
        ig_at_exit '[ -z "$SERVER_PID" ] || { kill -TERM "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; }'
        _ig_service_hook=1
    fi
    PORT="$(ig_free_port)"
    "$bin" serve --host 127.0.0.1 --port "$PORT" --log-level warning "$@" &
    SERVER_PID=$!
    ig_wait_url "http://127.0.0.1:$PORT/healthz"
    curl -fsS "http://127.0.0.1:$PORT/healthz"; echo
}

ig_stop_service() {
    [ -n "$SERVER_PID" ] || return 0
    kill -TERM "$SERVER_PID"
    local status=0
    wait "$SERVER_PID" || status=$?
    SERVER_PID=""
    echo "service exit status: $status"
    [ "$status" -eq 0 ]
}
