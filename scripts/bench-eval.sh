#!/usr/bin/env bash
# Times the SPARC evaluation pipeline on synthetic codes (no trained model needed).
# Usage: scripts/bench-eval.sh [rows=100000] [latents=8192] [k=64] [retrievalRows=5000] [mlpRows=0]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B -pl sparc-eval -am install -DskipTests
cp_file=$(mktemp)
mvn -o -q -B -pl sparc-eval dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
java -Xmx10g -cp "sparc-eval/target/classes:$(cat "$cp_file")" org.sparcj.eval.EvalTiming "$@"
rm -f "$cp_file"
