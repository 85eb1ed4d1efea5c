#!/usr/bin/env bash
# The project's test command (README): builds every module and runs all tests.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp verify
