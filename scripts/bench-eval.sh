#!/usr/bin/env bash
# Times the whole SPARC evaluation at paper scale with the real model (an untrained SparcModel) on a
# memory-mapped feature store of Gaussian features (written once under sparc-eval/target/, then reused).
# Usage: scripts/bench-eval.sh [--rows 126020] [--latents 8192] [--k 64] [--dense-rows 5000] [--mlp-rows 0] [--batch 1024] [--store DIR]
# JVM options: SPARC_JAVA_OPTS (default -Xmx150m: the features and the codes the metrics keep stay in file
# mappings, not on the heap; and JavaCPP's own cap on the process's memory, 4x the heap unless set, off:
# TensorFlow's memory is not the heap's, and with a small heap that cap would stop a run that fits).
set -euo pipefail
cd "$(dirname "$0")/.."
# The same lifecycle as bin/sparc (package, then the runtime classpath, siblings as their fresh jars), so
# nothing beyond what bin/sparc or scripts/test.sh already downloaded is needed.
mvn -q -B ${SPARC_MVN_OPTS:-} -DskipTests -pl sparc-eval -am package \
  dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt
source scripts/tf-env.sh eval   # as `bin/sparc eval` runs
cd sparc-eval
exec java ${SPARC_JAVA_OPTS:--Xmx150m -Dorg.bytedeco.javacpp.maxPhysicalBytes=0} -cp "target/classes:$(cat target/runtime-classpath.txt)" org.sparcj.eval.EvalTiming "$@" \
  2> >(grep -v '^WARNING: All log messages before absl\|^I0000 \|^W0000 ' >&2)
