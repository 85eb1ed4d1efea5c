#!/usr/bin/env bash
# Builds the latent atlas at paper scale (L = 8192, 3 streams) and prints its build time and size.
# Usage: scripts/bench-atlas.sh [latents=8192] [rows=20000] [k=64]   (site: target/atlas-bench/)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B -pl sparc-experiments -am install -DskipTests
cp_file=$(mktemp)
mvn -o -q -B -pl sparc-experiments dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
rm -rf target/atlas-bench
source scripts/tf-env.sh atlas   # as `bin/sparc atlas` runs
# This checkout's modules first, before any installed copy of them.
java -Xmx6g -cp "sparc-experiments/target/classes:sparc-eval/target/classes:sparc-model/target/classes:sparc-data/target/classes:$(cat "$cp_file")" org.sparcj.experiments.atlas.AtlasTiming target/atlas-bench "$@"
rm -f "$cp_file"
