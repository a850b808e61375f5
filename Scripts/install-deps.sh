#!/usr/bin/env bash
# Installs the system packages InsightGraph needs, only those missing; silent when all are there
# (ig_install_deps in lib/common.sh names them), and NetworkX and python-igraph from PyPI (the
# GraphML checks) when python3 lacks them.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
ig_install_deps
