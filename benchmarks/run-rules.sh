#!/usr/bin/env bash
# Builds the benchmarks jar and runs the rule-engine benchmarks on the verbatim reference
# configuration (MISSION.md), then prints one table:
#   1. RuleDecisionBenchmark: decide() per MISSION.md client (facts extracted once; target
#      >= 5 M/s per core, 0 B/op) and factsAndDecide() (facts extracted from the DISCOVER each
#      time); RuleParseBenchmark.warm (a read of the reference in a warmed-up JVM). -prof gc.
#   2. RuleParseBenchmark.cold / coldAfterOtherFile: the first read in a fresh JVM (JMH single
#      shot, COLD_FORKS forks; target < 20 ms), and the first read of the reference after a
#      different file was read (classes loaded, nothing compiled): the difference is the cost of
#      loading the library's classes.
#   3. ColdParse outside JMH, in COLD_RUNS plain `java` processes: first read (ms, classes loaded),
#      with and without an AppCDS archive of the classes the read loads.
#   4. DecisionCpuRate, one JVM per client: decisions per second of the thread's own CPU time,
#      which, unlike JMH's wall-clock ops/s, does not fall when other processes share the cores.
# client=mixed cycles through all clients, one per decision (the branch profile of a real server).
# Writes benchmarks/results/rules-<time>.{log,txt,*.json}.
#
#   benchmarks/run-rules.sh                  (~10 min on 2 cores)
#   benchmarks/run-rules.sh --quick          one client per benchmark, fewer forks (~2 min)
#   benchmarks/run-rules.sh -- ARGS          extra JMH arguments for part 1
#   JMH_RUN="-f 1 -wi 3 -i 5 -w 1s -r 1s"   part 1 forks/iterations (the default shown)
#   COLD_FORKS=20 COLD_RUNS=15               part 2 forks, part 3 runs
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
. "$here/lib.sh"
jar="$here/target/benchmarks.jar"
pkg='dev.netboot.benchmarks.rules'

clients=()
cold_forks="${COLD_FORKS:-20}"
cold_runs="${COLD_RUNS:-15}"
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) clients=(-p client=mixed,ovmf-arch7); cold_forks="${COLD_FORKS:-8}"; cold_runs="${COLD_RUNS:-5}"; shift ;;
    --) shift; extra=("$@"); break ;;
    *) nb_help_or_reject "$1" ;;
  esac
done

nb_build
nb_results rules
nb_jmh_run "-f 1 -wi 3 -i 5 -w 1s -r 1s"
nb_log_header

# 1. throughput and allocation
java -cp "$jar" "$pkg.RulesBenchmarks" --table="$out.1.txt" \
  "$pkg\\.(RuleDecisionBenchmark\\.|RuleParseBenchmark\\.warm\$)" "${run[@]}" -prof gc ${clients[@]+"${clients[@]}"} \
  -jvmArgsAppend "-Xms512m -Xmx512m" -rf json -rff "$out.throughput.json" ${extra[@]+"${extra[@]}"} 2>&1 | tee -a "$out.log"

# 2. cold reads, one shot per fresh JVM
java -cp "$jar" "$pkg.RulesBenchmarks" --table="$out.2.txt" \
  "$pkg\\.RuleParseBenchmark\\.cold" -f "$cold_forks" -wi 0 -i 1 -jvmArgsAppend "-Xms512m -Xmx512m" \
  -rf json -rff "$out.cold.json" 2>&1 | tee -a "$out.log"

# 3. cold reads in plain java processes (no JMH in the JVM), without and with AppCDS
median() { sort -n | awk '{v[NR]=$1} END {if (NR) printf "%.1f (min %.1f, max %.1f, n=%d)", (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2), v[1], v[NR], NR}'; }
cold_runs_of() { # mode, extra java args...
  local mode="$1"; shift
  for _ in $(seq "$cold_runs"); do java "$@" -cp "$jar" "$pkg.ColdParse" "$mode"; done | grep " first="
}
cds="$(mktemp -d)/rules.jsa"
java -XX:ArchiveClassesAtExit="$cds" -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$jar" "$pkg.ColdParse" reference > /dev/null 2>&1 || true
{
  cold_runs_of reference | sed 's/^/plain /'
  cold_runs_of other-first | sed 's/^/plain /'
  if [ -s "$cds" ]; then cold_runs_of reference -XX:SharedArchiveFile="$cds" -Xlog:cds=off | sed 's/^/appcds /'; fi
} | tee -a "$out.log" > "$out.3.raw"
rm -rf "$(dirname "$cds")"
field() { sed -E "s/.*$1=([0-9.]+) ms.*/\\1/"; }
{
  echo "ColdParse in fresh JVMs (wall ms, median):"
  echo "  first read of the reference:                  $(grep '^plain reference' "$out.3.raw" | field first | median)"
  echo "    classes loaded during it:                   $(grep '^plain reference' "$out.3.raw" | head -1 | sed -E 's/.*first=[0-9.]+ ms \(([0-9]+) classes\).*/\1/')"
  echo "  second read of the reference, same JVM:       $(grep '^plain reference' "$out.3.raw" | field then-reference | median)"
  echo "  first read of another file:                   $(grep '^plain other-first' "$out.3.raw" | field first | median)"
  echo "  then first read of the reference:             $(grep '^plain other-first' "$out.3.raw" | field then-reference | median)"
  if grep -q '^appcds' "$out.3.raw"; then
    echo "  first read of the reference, AppCDS archive:  $(grep '^appcds' "$out.3.raw" | field first | median)"
  fi
} > "$out.3.txt"

# 4. decisions per CPU-second
cpu_clients="mixed uefi-arm64 ipxe-efi-arch9 ovmf-arch7 uboot-armv8-0x0100 uboot-armv8-0x0016 uboot-armv7 ipxe-bios gpxe-bios bios-pxe plain-dhclient host-photosmart host-rpi3"
if [ ${#clients[@]} -gt 0 ]; then cpu_clients="mixed ovmf-arch7"; fi
{
  printf '%-20s %16s %8s\n' client decisions/cpu-s B/op
  for c in $cpu_clients; do java -Xms512m -Xmx512m -cp "$jar" "$pkg.DecisionCpuRate" "$c"; done
} | tee -a "$out.log" > "$out.4.txt"

echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out.log"

{
  echo "Rule engine benchmarks, $stamp (JMH ${run[*]} -prof gc; cold: $cold_forks forks, $cold_runs runs; $(nproc) cores; $(grep '^# load\|^# java' "$out.log" | sed 's/^# //' | paste -sd';' -))"
  cat "$out.1.txt"
  cat "$out.2.txt"
  echo
  cat "$out.3.txt"
  echo
  echo "Decisions per second of thread CPU time (one JVM per client; median of 5 rounds):"
  cat "$out.4.txt"
} | tee "$out.txt"
rm -f "$out.1.txt" "$out.2.txt" "$out.3.txt" "$out.3.raw" "$out.4.txt"
echo
echo "results: $out.txt, $out.log, $out.throughput.json, $out.cold.json"
