#!/usr/bin/env bash
# Set up (first time) and run the dashboard on http://127.0.0.1:8050/.
# Builds the store from the published files (the mirror, ../shared/data/raw by
# default, or PROMISE_RAW_MIRROR) when there is none yet. Extra arguments go to
# `promise-dashboard serve`, e.g. ./run.sh --port 8060
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
exec .venv/bin/promise-dashboard serve "$@"
