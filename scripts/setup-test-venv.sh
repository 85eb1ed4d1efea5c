#!/usr/bin/env bash
# Installs the Python packages the export check needs (ExportPythonCheckTest runs
# scripts/check_export.py with them) into .venv-test, once: pinned numpy and safetensors from PyPI.
#
# Environment: SPARC_TEST_VENV (default <repo>/.venv-test), PYTHON (default python3).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${SPARC_TEST_VENV:-$ROOT/.venv-test}
PYTHON=${PYTHON:-python3}
WANT="numpy==2.2.6 safetensors==0.5.3"

if [[ -x "$VENV/bin/python" ]] && [[ "$(cat "$VENV/.sparc-installed" 2>/dev/null)" == "$WANT" ]]; then
    echo "test venv ready: $VENV"
    exit 0
fi
echo "installing $WANT into $VENV (once)" >&2
"$PYTHON" -m venv "$VENV" || { echo "setup-test-venv: cannot create a virtual environment at $VENV" >&2; exit 1; }
# shellcheck disable=SC2086
"$VENV/bin/pip" install -q --disable-pip-version-check $WANT \
    || { echo "setup-test-venv: pip install $WANT failed (is PyPI reachable?)" >&2; exit 1; }
echo "$WANT" > "$VENV/.sparc-installed"
echo "test venv ready: $VENV"
