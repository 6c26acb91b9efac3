#!/usr/bin/env bash
# JMH: TFTP DATA/ACK decode and encode (netboot's TftpCodec beside a minimal hand-written baseline)
# with the GC profiler, so that the allocation per operation shows (gc.alloc.rate.norm, B/op).
#   benchmarks/tftp/run-tftp-codec.sh            (~2 min)
#   JMH_RUN="-f 1 -wi 3 -i 5 -w 1s -r 1s"        forks/iterations (the default shown)
# Writes benchmarks/results/tftp-codec-<time>.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../lib.sh"
[ "${NB_SKIP_BUILD:-0}" = 1 ] || nb_build
nb_results tftp-codec
out="$out.txt"
nb_jmh_run "-f 1 -wi 3 -i 5 -w 1s -r 1s"
java -jar "$nb_bench/target/benchmarks.jar" 'dev\.netboot\.benchmarks\.tftp\.TftpCodecBenchmark\.' \
  "${run[@]}" -prof gc -jvmArgsAppend "-Xms256m -Xmx256m" 2>&1 | tee "$out.log" \
  | grep -E '^(Benchmark|TftpCodecBenchmark)' | grep -E 'thrpt|alloc.rate.norm|Benchmark' | tee "$out"
echo "results: $out (full log: $out.log)"
