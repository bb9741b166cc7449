#!/usr/bin/env bash
# Runs the JMH benchmarks (src/test/java/dev/assetgate/bench) on one thread and prints the report.
# Usage: bash bench/run-jmh.sh [JMH options, e.g. AccessBenchmark -t 2]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
args=("$@")
[ ${#args[@]} -eq 0 ] && args=(AccessBenchmark -t 1)
exec java -cp "$cp" org.openjdk.jmh.Main "${args[@]}" -rf text -rff target/jmh-result.txt
