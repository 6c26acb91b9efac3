#!/usr/bin/env bash
# Builds the benchmarks jar and runs the DHCP codec benchmarks (decode + encode) with JMH's GC
# profiler, netboot beside a minimal hand-written baseline and three peers in the same run.
# Writes benchmarks/results/dhcp-<time>.{json,log,txt} and prints a table: ops/s (median of the
# measurement iterations), B/op, and ratios to the fastest peer and to the minimal baseline.
#
#   benchmarks/run-dhcp.sh                 packet=all plus four representative packets (~7 min)
#   benchmarks/run-dhcp.sh --quick         packet=all only (~3 min)
#   benchmarks/run-dhcp.sh --all-packets   every corpus packet on its own (~1 h)
#   benchmarks/run-dhcp.sh --packets L1,L2 packet=all plus these labels (see dhcp-packets.txt;
#                                          crafted:uboot-arch-0x0100-discover is an extra one)
#   benchmarks/run-dhcp.sh ... -- ARGS     extra JMH arguments (e.g. -- -f 2 -i 10)
#   JMH_RUN="-f 1 -wi 4 -i 5 -w 1s -r 1s"  forks/iterations (the default shown)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
jar="$here/target/benchmarks.jar"
packets_file="$here/src/main/resources/dhcp-packets.txt"
representative="scapy-arch0-bios:1-discover,scapy-ipxe-userclass:3-request,dhclient-dora:1-discover,udhcpc-dora:3-request"

packets="all,$representative"
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) packets="all"; shift ;;
    --all-packets) packets="all,$(grep -v '^#' "$packets_file" | cut -d' ' -f1 | paste -sd, -)"; shift ;;
    --packets) packets="all,$2"; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) nb_help_or_reject "$1" ;;
  esac
done

nb_build
nb_results dhcp
nb_jmh_run "-f 1 -wi 4 -i 5 -w 1s -r 1s"
nb_log_header

java -jar "$jar" 'dev\.netboot\.benchmarks\.dhcp\.Dhcp(Decode|Encode)Benchmark\.' \
  "${run[@]}" -prof gc -p "packet=$packets" -jvmArgsAppend "-Xms512m -Xmx512m" \
  -rf json -rff "$out.json" ${extra[@]+"${extra[@]}"} 2>&1 | tee -a "$out.log"

echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out.log"

{
  echo "DHCP codec benchmarks, $stamp (JMH ${run[*]} -prof gc; $(nproc) cores; $(grep '^# load\|^# java' "$out.log" | sed 's/^# //' | paste -sd';' -))"
  java -cp "$jar" dev.netboot.benchmarks.dhcp.ResultTable "$out.json"
  echo
  java -cp "$jar" dev.netboot.benchmarks.dhcp.PeerProbes
} | tee "$out.txt"
echo
echo "results: $out.json, $out.log, $out.txt"
