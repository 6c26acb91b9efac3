#!/usr/bin/env bash
# DHCPv4 load test: Kea's perfdhcp against netboot's DHCP server, kea-dhcp4 and dnsmasq, in
# network namespaces, on the same machine, in one run; prints one table.
#
#   sudo benchmarks/dhcp/run-perfdhcp.sh            # rates 1000 2000 4000 8000 unlimited, 10 s per row
#   sudo benchmarks/dhcp/run-perfdhcp.sh --quick    # rates 1000 4000 unlimited, 5 s per row
#   --rates "1000 4000" --period 10 --warmup 10 --clients 1000 --servers "netboot kea dnsmasq"
#   --netboot-log                                   # keep netboot's per-transaction log on (default: off,
#                                                   #   as kea logs at WARN and dnsmasq without log-dhcp)
#   --netboot-jvm "-Xmx256m -XX:+UseSerialGC"     # JVM options for netboot (default shown, with -Xms256m)
#   --build                                         # rebuild netboot-examples/target/netboot.jar first
#
# Layout (created here, removed on exit): for each server a namespace pair: nbpf-s<x><pid> with
# the server on veth nbs<x><pid> (10.213.0.1/24), nbpf-c<x><pid> with perfdhcp on nbc<x><pid>
# (10.213.0.2/24). perfdhcp acts as a relay agent: unicast from port 67 with giaddr 10.213.0.2,
# N simulated clients (-R), four-way exchanges (DISCOVER/OFFER/REQUEST/ACK) at a target rate.
# All servers run for the whole test and take turns at each rate, so that each row of a rate
# sees the same machine (this one is shared: look at the load printed in the header).
# Every server hands out 10.213.16.1-10.213.31.254 (a /16 containing giaddr), lease 600 s,
# router 10.213.0.1, and keeps its leases on disk:
#   netboot  `java -jar netboot.jar dhcp-serve`: lease journal, fsync'd (group commit) before each DHCPACK
#   kea      kea-dhcp4, memfile backend, persist true: one write() per lease to a CSV file, no fsync
#   dnsmasq  dhcp-leasefile: rewrites and fsyncs the whole lease file on changes; quiet-dhcp
# Columns: achieved four-way exchanges per second (perfdhcp's "Rate"), packets sent and answered,
# drops (unanswered), average delays, and the server's own CPU time (user + sys, from /proc) per
# completed exchange, which depends far less than the rate on what else runs on the machine, and
# the datagrams the kernel dropped for a full receive buffer: the server's (requests it never
# saw) and perfdhcp's (replies perfdhcp did not read in time; counted by perfdhcp as drops).
# Each server first gets the same warm-up (3 x --warmup s at 2000/s; the JIT's for netboot), not
# in the table. Needs root, perfdhcp (Debian kea-admin), kea-dhcp4 (kea-dhcp4-server), dnsmasq
# (dnsmasq-base), java 17+, iproute2. Writes benchmarks/dhcp/results/perfdhcp-<time>.{txt,log}.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rates="1000 2000 4000 8000 unlimited"
period=10
warmup=10
clients=1000
servers="netboot kea dnsmasq"
netboot_log=0
# A small heap and the serial collector: the live set is a few MB, and its young-generation
# pauses are a few ms where G1's were 20-50 ms on this 2-core machine (packets queue meanwhile).
netboot_jvm="-Xms256m -Xmx256m -XX:+UseSerialGC"
build=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) rates="1000 4000 unlimited"; period=5; warmup=5; shift ;;
    --rates) rates="$2"; shift 2 ;;
    --period) period="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --servers) servers="$2"; shift 2 ;;
    --netboot-log) netboot_log=1; shift ;;
    --netboot-jvm) netboot_jvm="$2"; shift 2 ;;
    --build) build=1; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "run-perfdhcp.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

die() { echo "run-perfdhcp.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (network namespaces)"
export PATH="$PATH:/usr/sbin:/sbin"
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found ($2)"; }
need ip "Debian: iproute2"
need perfdhcp "Debian: kea-admin"
need java "a JDK 17+"
for s in $servers; do
  case "$s" in
    netboot) ;;
    kea) need kea-dhcp4 "Debian: kea-dhcp4-server" ;;
    dnsmasq) need dnsmasq "Debian: dnsmasq-base" ;;
    *) die "unknown server $s (netboot, kea, dnsmasq)" ;;
  esac
done

jar="$root/netboot-examples/target/netboot.jar"
if [ "$build" = 1 ] || [ ! -f "$jar" ]; then
  echo "building $jar ..." >&2
  (cd "$root" && ./mvnw -q -B -o -pl netboot-examples -am package -DskipTests) || die "build failed"
fi

id=$$
server_ip=10.213.0.1
work="$(mktemp -d /tmp/nb-perfdhcp.XXXXXX)"
results="$here/results"; mkdir -p "$results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
log="$results/perfdhcp-$stamp.log"
table="$results/perfdhcp-$stamp.txt"
declare -A pid=()
namespaces=()

stop_server() { # name
  local p=${pid[$1]:-}
  if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
    kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  fi
  pid[$1]=""
}
cleanup() {
  for s in "${!pid[@]}"; do stop_server "$s"; done
  for ns in "${namespaces[@]}"; do
    if ip netns list | grep -qw "^$ns"; then
      for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
      ip netns del "$ns" 2>/dev/null || true
    fi
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------------ network: a namespace pair per server
short() { echo "${1:0:1}"; }
sns() { echo "nbpf-s$1$id"; }
cns() { echo "nbpf-c$1$id"; }
sif() { echo "nbs$1$id"; }
cif() { echo "nbc$1$id"; }
net_up() { # short name (n, k, d)
  local s c; s=$(sns "$1"); c=$(cns "$1")
  ip netns add "$s"; namespaces+=("$s")
  ip netns add "$c"; namespaces+=("$c")
  for ns in "$s" "$c"; do
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip -n "$ns" link set lo up
  done
  ip -n "$s" link add "$(sif "$1")" type veth peer name "$(cif "$1")"
  ip -n "$s" link set "$(cif "$1")" netns "$c"
  ip -n "$s" addr add "$server_ip/24" dev "$(sif "$1")"
  ip -n "$c" addr add 10.213.0.2/24 dev "$(cif "$1")"
  ip -n "$s" link set "$(sif "$1")" up
  ip -n "$c" link set "$(cif "$1")" up
}
await_bound() { # server
  local s; s=$(sns "$(short "$1")")
  for _ in $(seq 1 300); do
    ip netns exec "$s" ss -Hlun "sport = :67" 2>/dev/null | grep -q . && return 0
    kill -0 "${pid[$1]}" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# ------------------------------------------------------------------ servers
start_netboot() {
  local props=()
  [ "$netboot_log" = 1 ] || props=(-Dorg.slf4j.simpleLogger.log.dev.netboot.server.dhcp.transactions=warn)
  ip netns exec "$(sns n)" java $netboot_jvm "${props[@]}" -jar "$jar" dhcp-serve \
    --interface "$(sif n)" --leases "$work/netboot.leases" --subnet 10.213.0.0/16 --range 10.213.16.1-10.213.31.254 \
    --router "$server_ip" --lease-time 600 --max-lease-time 600 >"$work/netboot.out" 2>&1 &
  pid[netboot]=$!
}
start_kea() {
  mkdir -p "$work/kea"
  cat >"$work/kea/kea-dhcp4.conf" <<CONF
{ "Dhcp4": {
    "interfaces-config": { "interfaces": [ "$(sif k)" ], "dhcp-socket-type": "udp" },
    "lease-database": { "type": "memfile", "persist": true, "name": "$work/kea/leases4.csv", "lfc-interval": 3600 },
    "valid-lifetime": 600,
    "subnet4": [ { "id": 1, "subnet": "10.213.0.0/16",
                   "pools": [ { "pool": "10.213.16.1 - 10.213.31.254" } ],
                   "option-data": [ { "name": "routers", "data": "$server_ip" } ] } ],
    "loggers": [ { "name": "kea-dhcp4", "severity": "WARN",
                   "output_options": [ { "output": "$work/kea/kea.log" } ] } ]
} }
CONF
  KEA_PIDFILE_DIR="$work/kea" KEA_LOCKFILE_DIR="$work/kea" ip netns exec "$(sns k)" kea-dhcp4 \
    -c "$work/kea/kea-dhcp4.conf" >"$work/kea.out" 2>&1 &
  pid[kea]=$!
}
start_dnsmasq() {
  : >"$work/dnsmasq.leases"
  cat >"$work/dnsmasq.conf" <<CONF
port=0
interface=$(sif d)
bind-interfaces
no-ping
quiet-dhcp
dhcp-authoritative
dhcp-leasefile=$work/dnsmasq.leases
dhcp-range=10.213.16.1,10.213.31.254,255.255.0.0,10m
dhcp-option=option:router,$server_ip
CONF
  ip netns exec "$(sns d)" dnsmasq --keep-in-foreground --user=root --conf-file="$work/dnsmasq.conf" \
    --log-facility=- >"$work/dnsmasq.out" 2>&1 &
  pid[dnsmasq]=$!
}

# ------------------------------------------------------------------ perfdhcp
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# UDP datagrams the kernel dropped because a socket's receive buffer was full, in namespace $1
rcvbuf_errors() { ip netns exec "$1" awk '/^Udp:/ { if (seen) print $6; seen = 1 }' /proc/net/snmp; }
perf() { # server rate-or-unlimited period -> perfdhcp output, then "server-cpu-ticks N HZ" and "rcvbuf-drops S C"
  local s=$1 r=$2 p=$3 ra=() c0 c1 k s0 s1 p0 p1
  k=$(short "$s")
  [ "$r" != unlimited ] && ra=(-r "$r")
  c0=$(cpu_ticks "${pid[$s]}"); s0=$(rcvbuf_errors "$(sns "$k")"); p0=$(rcvbuf_errors "$(cns "$k")")
  ip netns exec "$(cns "$k")" timeout $((p + 30)) perfdhcp -4 "${ra[@]}" -R "$clients" -p "$p" -l "$(cif "$k")" \
    "$server_ip" 2>&1 || true
  c1=$(cpu_ticks "${pid[$s]}"); s1=$(rcvbuf_errors "$(sns "$k")"); p1=$(rcvbuf_errors "$(cns "$k")")
  echo "server-cpu-ticks $((c1 - c0)) $(getconf CLK_TCK)"
  echo "rcvbuf-drops $((s1 - s0)) $((p1 - p0))"
}
row() { # server target < perfdhcp output
  awk -v srv="$1" -v tgt="$2" '
    /^Rate:/ {rate=$2}
    /Statistics for: DISCOVER-OFFER/ {s="do"} /Statistics for: REQUEST-ACK/ {s="ra"}
    /^sent packets:/ {sent[s]=$3} /^received packets:/ {recv[s]=$3}
    /^drops ratio:/ {drop[s]=$3} /^avg delay:/ {dl[s]=$3}
    /^server-cpu-ticks/ {cpu=$2; hz=$3}
    /^rcvbuf-drops/ {qs=$2; qc=$3}
    END { us = recv["ra"] > 0 ? cpu * 1000000 / hz / recv["ra"] : 0
          printf "| %-8s | %9s | %8.0f | %7s / %-7s | %7s / %-7s | %6.2f %% / %6.2f %% | %7s / %-7s | %6.0f | %6d / %-6d |\n",
          srv, tgt, rate, sent["do"], recv["do"], sent["ra"], recv["ra"], drop["do"], drop["ra"], dl["do"], dl["ra"], us, qs, qc }'
}

for s in $servers; do
  net_up "$(short "$s")"
  "start_$s"
  if ! await_bound "$s"; then
    cat "$work/$s.out" >&2 || true
    die "$s did not bind udp/67"
  fi
done
{
  echo "perfdhcp $(perfdhcp -v 2>&1 | head -1 | sed 's/VERSION: //') | $(nproc) cores | load $(cut -d' ' -f1-3 /proc/loadavg) | $(date -u +%FT%TZ)"
  echo "$clients simulated clients, relay mode (giaddr 10.213.0.2), $period s per row; servers take turns at each rate"
  echo "| server   | target/s  | 4-way/s  | DISCOVER sent/recv | REQUEST sent/recv | drops DO / RA       | avg ms DO / RA    | CPU µs | full buffer: server / perfdhcp |"
  echo "|----------|-----------|----------|--------------------|-------------------|---------------------|-------------------|--------|-----------------|"
} | tee "$table"
for s in $servers; do
  for _ in 1 2 3; do perf "$s" 2000 "$warmup" >>"$log"; done
done
for r in $rates; do
  for s in $servers; do
    out="$(perf "$s" "$r" "$period")"
    { echo "--- $s rate $r"; echo "$out"; } >>"$log"
    row "$s" "$r" <<<"$out" | tee -a "$table"
  done
done
echo "load after the run: $(cut -d' ' -f1-3 /proc/loadavg); lease files: netboot $(wc -l <"$work/netboot.leases" 2>/dev/null || echo -)" \
  "lines, kea $(cat "$work"/kea/leases4.csv* 2>/dev/null | wc -l) lines, dnsmasq $(wc -l <"$work/dnsmasq.leases" 2>/dev/null || echo -) lines" \
  | tee -a "$table"
for s in $servers; do
  stop_server "$s"
  # (dnsmasq logs each NAK even with quiet-dhcp: counted, not copied)
  { echo "=== $s output"; grep -v 'DHCPNAK' "$work/$s.out"; echo "($(grep -c 'DHCPNAK' "$work/$s.out") DHCPNAK lines)"; } \
    >>"$log" 2>/dev/null || true
done
echo "table: $table; perfdhcp output: $log"
