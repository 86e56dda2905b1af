#!/usr/bin/env bash
# Set up (first time) and run the whole test suite. Extra arguments go to pytest.
# PostgreSQL tests use PROMISE_TEST_PG_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test);
# outside CI they skip with a reason when no server answers, in CI (CI=true) they fail.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# Install once per pyproject.toml: the stamp names its checksum, so a changed dependency list
# installs again and an unchanged one costs nothing (pip's own no-op check takes about 10 s).
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  rm -f .venv/.installed-* && touch "$stamp"
fi
# axe-core for the accessibility checks in the browser tests, from the npm registry at the version
# pinned in tests/browser/package-lock.json (not kept in git). Without it the browser tests skip
# with the reason outside CI and fail in CI.
if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --prefix tests/browser --no-audit --no-fund --silent || echo "warning: npm could not install axe-core"
  else
    echo "warning: npm not found; the browser tests need axe-core (apt-get install npm)"
  fi
fi
exec .venv/bin/python -m pytest "$@"
