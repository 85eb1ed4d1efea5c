#!/usr/bin/env bash
# The project's test command (README): installs what the tests need on a fresh machine, then builds
# every module and runs every test. The MLflow integration tests start and stop a real local
# `mlflow server` themselves (scripts/mlflow-server.sh); the WordNet tests read Debian's wordnet-base; the
# export check runs NumPy and safetensors from .venv-test; the atlas test drives Debian's headless chromium;
# the cluster test starts a single-node Slurm from Debian's slurm-wlm (scripts/slurm-local.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-wordnet.sh
bash scripts/mlflow-server.sh install
bash scripts/setup-test-venv.sh
bash scripts/setup-chromium.sh
bash scripts/slurm-local.sh install
mvn -B -ntp verify
