#!/usr/bin/env bash
# Installs the system packages InsightGraph needs, only those missing; silent when all are there.
#   postgresql (server for tests and the demo), libpq-dev, libxml2-dev, pkg-config (build),
#   libxml2-utils (xmllint, schema checks), time (/usr/bin/time for benchmarks).
set -euo pipefail

PACKAGES=(postgresql libpq-dev libxml2-dev libxml2-utils pkg-config time)
missing=()
for package in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
[ "${#missing[@]}" -eq 0 ] && exit 0

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
