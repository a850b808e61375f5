#!/usr/bin/env bash
# The test command: installs missing system packages, then runs `swift test` against a throwaway
# PostgreSQL (see with-postgres.sh). Extra arguments go to `swift test` (e.g. --filter Store).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/install-deps.sh"
cd "$here/.."
exec "$here/with-postgres.sh" swift test "$@"
