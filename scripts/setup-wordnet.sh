#!/usr/bin/env bash
# Installs WordNet 3.0 (Debian package wordnet-base) for the WordNet noun benchmark.
# Idempotent: does nothing when /usr/share/wordnet/data.noun is already there.
set -euo pipefail

DATA=/usr/share/wordnet/data.noun
if [[ -f "$DATA" ]]; then
    echo "wordnet-base already installed: $DATA"
    exit 0
fi

SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "setup-wordnet: need root or sudo to apt-get install wordnet-base" >&2; exit 1; }
    SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends wordnet-base

[[ -f "$DATA" ]] || { echo "setup-wordnet: $DATA missing after installing wordnet-base" >&2; exit 1; }
echo "wordnet-base installed: $DATA"
