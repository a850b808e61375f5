#!/usr/bin/env bash
# INGEST benchmark: generates INSIGHTS insights + as many relationships (by content) as JSON Lines,
# creates the seed schema with the recommended indexes in a throwaway database, and times
# `insightgraph ingest --create-characters` (release build). Reports rows/s (target >= 50,000),
# wall time and peak memory, then the state after a second, identical ingest (idempotence).
#
#   Scripts/bench-ingest.sh [INSIGHTS] [RELATIONSHIPS]      (default: 1000000 1000000)
#
# Starts its own PostgreSQL (with-postgres.sh: fsync off, as for every throwaway cluster here).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
insights="${1:-1000000}"
relationships="${2:-$insights}"
[ -x /usr/bin/time ] || { echo "bench-ingest.sh: /usr/bin/time missing (Scripts/install-deps.sh)" >&2; exit 1; }

(cd "$root" && swift build -c release --product insightgraph >/dev/null)
exec "$here/with-postgres.sh" "$here/bench-ingest-run.sh" "$root/.build/release/insightgraph" "$insights" "$relationships"
