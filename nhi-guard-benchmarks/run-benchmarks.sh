#!/usr/bin/env bash
# Runs the short benchmark profile (about 10 minutes on 2 cores) and writes
#   results/jmh-results.json   raw JMH results (all benchmarks, with -prof gc)
#   results/jmh-output.txt     the JMH console log
#   results/identity-heap.json heap per registered identity at 100,000 identities
#   results/cpu-time.json      thread CPU time per operation, engines interleaved in one JVM
#   results/summary.md         the Markdown summary shown in the README
#
# Usage: nhi-guard-benchmarks/run-benchmarks.sh [extra JMH arguments]
# Environment: MVN_ARGS (e.g. -o for an offline build), JMH_PROFILE (replaces the default iteration
# settings), REBUILD=1 (rebuild the jar even if it looks current).
set -euo pipefail

MODULE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(dirname "$MODULE_DIR")"
JAR="$MODULE_DIR/target/benchmarks.jar"
RESULTS="$MODULE_DIR/results"

stale() {
  [ ! -f "$JAR" ] && return 0
  [ "${REBUILD:-0}" = "1" ] && return 0
  # Rebuild when any source or pom of the reactor is newer than the jar.
  [ -n "$(find "$ROOT_DIR" -path '*/target' -prune -o \( -name '*.java' -o -name 'pom.xml' \) -newer "$JAR" -print -quit)" ]
}

if stale; then
  echo "Building $JAR ..."
  (cd "$ROOT_DIR" && mvn ${MVN_ARGS:-} -q -pl nhi-guard-benchmarks -am package -DskipTests)
fi

mkdir -p "$RESULTS"
PROFILE="${JMH_PROFILE:--f 1 -wi 8 -w 1s -i 5 -r 1s}"
JMH_ARGS="$PROFILE -prof gc $*"
export JMH_ARGS
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
export LOAD_BEFORE

echo "Load average before: $LOAD_BEFORE"
# shellcheck disable=SC2086
java -jar "$JAR" $JMH_ARGS -rf json -rff "$RESULTS/jmh-results.json" -o "$RESULTS/jmh-output.txt" \
  'DecisionBenchmark|ScalingBenchmark|GuardedCallBenchmark|CompileBenchmark'

java -Xms2g -Xmx2g -cp "$JAR" io.nhiguard.benchmarks.IdentityHeapProbe "$RESULTS/identity-heap.json" 100000

# Load-robust cross-check: the engines interleaved in one JVM, timed by thread CPU time.
java -Xms1g -Xmx2g -cp "$JAR" io.nhiguard.benchmarks.CpuTimeComparison "$RESULTS/cpu-time.json" > "$RESULTS/cpu-time.txt"

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
export LOAD_AFTER
java -cp "$JAR" io.nhiguard.benchmarks.SummaryWriter \
  "$RESULTS/jmh-results.json" "$RESULTS/identity-heap.json" "$RESULTS/cpu-time.json" "$RESULTS/summary.md" > /dev/null
echo "Wrote $RESULTS/summary.md"
