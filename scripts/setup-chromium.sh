#!/usr/bin/env bash
# Installs Debian's chromium for the atlas browser test (AtlasBrowserTest: headless, loads the site
# from file:// and checks the rendered DOM). Idempotent: does nothing when chromium is on the PATH.
set -euo pipefail

if command -v chromium >/dev/null; then
    echo "chromium already installed: $(command -v chromium)"
    exit 0
fi

SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "setup-chromium: need root or sudo to apt-get install chromium" >&2; exit 1; }
    SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core

command -v chromium >/dev/null || { echo "setup-chromium: no chromium on the PATH after apt-get install" >&2; exit 1; }
echo "chromium installed: $(command -v chromium)"
