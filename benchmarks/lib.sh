# Sourced by the benchmark scripts (benchmarks/*.sh, benchmarks/tftp/*.sh) for what they share;
# not run on its own. Paths come from this file's place, so the scripts may be run from anywhere.

nb_bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
nb_repo="$(cd "$nb_bench/.." && pwd)"

# For an argument the script's own `case` did not take: --help prints the script's header comment
# (line 2 up to the first line that is not a comment), anything else is a usage error.
nb_help_or_reject() {
  case "$1" in
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0"; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
}

# Builds benchmarks/target/benchmarks.jar and the modules it needs. maven.test.skip rather than
# skipTests: other modules' test sources need not compile for a benchmark run.
nb_build() {
  (cd "$nb_repo" && ./mvnw -q -B package -pl benchmarks -am -Dmaven.test.skip=true)
}

# Sets stamp (UTC time) and out (benchmarks/results/$1-<stamp>, no extension); makes results/.
nb_results() {
  mkdir -p "$nb_bench/results"
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  out="$nb_bench/results/$1-$stamp"
}

# Sets the array run to $JMH_RUN, or to the script's default forks and iterations ($1).
nb_jmh_run() {
  read -r -a run <<< "${JMH_RUN:-$1}"
}

# Starts $out.log with the time, cores, load and Java version, for the table's header line.
nb_log_header() {
  {
    echo "# $(date -u) on $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# java: $(java -version 2>&1 | head -1)"
  } > "$out.log"
}
