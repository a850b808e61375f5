#!/usr/bin/env bash
# Installs the system packages InsightGraph needs, only those missing; silent when all are there.
#   postgresql (server for tests and the demo), libpq-dev, libxml2-dev, libstemmer-dev, pkg-config (build),
#   libxml2-utils (xmllint, schema checks), time (/usr/bin/time for benchmarks);
#   and NetworkX and python-igraph from PyPI (the GraphML checks) when python3 lacks them.
set -euo pipefail

PACKAGES=(postgresql libpq-dev libxml2-dev libstemmer-dev libxml2-utils pkg-config time)
missing=()
for package in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [ "${#missing[@]}" -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "install-deps.sh: missing packages (${missing[*]}) and no apt-get to install them." >&2
        exit 1
    fi
    SUDO=()
    if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
    echo "install-deps.sh: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    log="$(mktemp)"
    if ! { "${SUDO[@]}" apt-get update -qq && \
           "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        echo "install-deps.sh: could not install ${missing[*]}" >&2
        exit 1
    fi
    rm -f "$log"
fi

# NetworkX and python-igraph, for the GraphML checks (Scripts/check_graphml_*.py); from PyPI when missing.
for module in networkx igraph; do
    if command -v python3 >/dev/null 2>&1 && ! python3 -c "import $module" >/dev/null 2>&1; then
        echo "install-deps.sh: installing $module (pip)" >&2
        python3 -m pip install -q "$module" >&2 || echo "install-deps.sh: could not install $module" >&2
    fi
done
