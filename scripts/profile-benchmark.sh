#!/usr/bin/env bash
# Profiles the benchmark's workers with async-profiler (CPU samples, per thread) and writes a
# flame graph per client, plus collapsed stacks for scripts/profile-summary.py:
#
#   scripts/profile-benchmark.sh [benchmark options]
#
# Default: put with 16 requests in flight, ours against raw-direct, a 30 s window after a short
# JIT warm-up. Output in etcd-benchmarks/target/profiles/: <client>.html (open in a browser) and
# <client>.collapsed. async-profiler (Apache 2.0) is downloaded from Maven Central into
# target/ on first use; nothing of it is part of the build. Run on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."

version=4.1
out="$PWD/etcd-benchmarks/target/profiles"
tools="$PWD/etcd-benchmarks/target/async-profiler-$version"
mkdir -p "$out" "$tools"
if [ ! -f "$tools/linux-x64/libasyncProfiler.so" ]; then
  jar="$tools/async-profiler.jar"
  curl -fsSL -o "$jar" \
    "https://repo.maven.apache.org/maven2/tools/profiler/async-profiler/$version/async-profiler-$version-linux-x64.jar"
  (cd "$tools" && unzip -q -o async-profiler.jar 'linux-x64/*')
fi
agent="$tools/linux-x64/libasyncProfiler.so"

args="${*:---quick --parts=kv --workloads=put --in-flight=16 --clients=ours,raw-direct --window-ms=30000 --jit-warmup-ms=2000 --jit-warmup-cycles=3}"
for output in "html" "collapsed,collapsed"; do
  format="${output%%,*}"
  # %c becomes the client's id (see WorkerProcess); a file ending in .html is a flame graph
  BENCH_WORKER_JVM_ARGS="-agentpath:$agent=start,event=cpu,interval=1ms,threads,file=$out/%c.$output" \
    ./mvnw -B -q -pl etcd-benchmarks -am -DskipTests -Pbenchmark package \
    "-Dbench.args=$args --out=$out/run-$format"
done
echo "Flame graphs and collapsed stacks in $out; the runs' figures in $out/run-*/benchmarks.md"
