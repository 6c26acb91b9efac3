#!/usr/bin/env bash
# JMH: TFTP DATA/ACK decode and encode (netboot's TftpCodec beside a minimal hand-written baseline)
# with the GC profiler, so that the allocation per operation shows (gc.alloc.rate.norm, B/op).
#   benchmarks/tftp/run-tftp-codec.sh            (~2 min)
#   JMH_RUN="-f 1 -wi 3 -i 5 -w 1s -r 1s"        forks/iterations (the default shown)
# Writes benchmarks/results/tftp-codec-<time>.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [ "${NB_SKIP_BUILD:-0}" != 1 ]; then
  (cd "$repo" && ./mvnw -q -B package -pl benchmarks -am -DskipTests)
fi
mkdir -p "$repo/benchmarks/results"
out="$repo/benchmarks/results/tftp-codec-$(date -u +%Y%m%dT%H%M%SZ).txt"
read -r -a run <<< "${JMH_RUN:--f 1 -wi 3 -i 5 -w 1s -r 1s}"
java -jar "$repo/benchmarks/target/benchmarks.jar" 'dev\.netboot\.benchmarks\.tftp\.TftpCodecBenchmark\.' \
  "${run[@]}" -prof gc -jvmArgsAppend "-Xms256m -Xmx256m" 2>&1 | tee "$out.log" \
  | grep -E '^(Benchmark|TftpCodecBenchmark)' | grep -E 'thrpt|alloc.rate.norm|Benchmark' | tee "$out"
echo "results: $out (full log: $out.log)"
