#!/usr/bin/env bash
# Times text embedding on this machine: WordNet glosses through each bundled model (needs scripts/setup-wordnet.sh).
# Usage: scripts/bench-extract.sh [count=1000] [batch=64] [data.noun path]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B -pl sparc-data -am install -DskipTests
cp_file=$(mktemp)
mvn -o -q -B -pl sparc-data dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
java -cp "sparc-data/target/classes:$(cat "$cp_file")" org.sparcj.data.wordnet.ExtractTiming "$@"
rm -f "$cp_file"
