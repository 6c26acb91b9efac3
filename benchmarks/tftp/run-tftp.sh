#!/usr/bin/env bash
# TFTP throughput on loopback, every peer measured in one run (see TftpThroughput.java):
#   tftpd-hpa vs netboot's server, both read by curl --tftp-blksize 1468 (a 256 MiB file, median of 3);
#   netboot's client + server with blksize 1468 and windowsize 16 (epoll with and without UDP GSO, NIO);
#   Apache Commons Net 3.11.1 TFTPClient (512-byte lock-step, its only mode) as the Java baseline;
#   a boot storm: 200 concurrent clients x 16 MiB against netboot's server, with its peak heap.
# Every download is checked byte for byte. Needs curl and, for the tftpd-hpa rows, in.tftpd and root
# (in.tftpd -s chroots); missing peers are skipped with a message. Takes about 5 minutes on 2 cores.
#
#   benchmarks/tftp/run-tftp.sh                       defaults
#   benchmarks/tftp/run-tftp.sh --size-mib 64 --repeat 5 --storm-clients 50 --storm-mib 4
#   NB_SKIP_BUILD=1 benchmarks/tftp/run-tftp.sh       reuse the built jars
# Writes benchmarks/results/tftp-<time>.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../lib.sh"
[ "${NB_SKIP_BUILD:-0}" = 1 ] || nb_build
jar="$nb_bench/target/benchmarks.jar"
netboot="$nb_repo/netboot-examples/target/netboot.jar"
[ -f "$jar" ] && [ -f "$netboot" ] || { echo "build first: $jar or $netboot missing" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is needed (apt-get install curl)" >&2; exit 1; }

work="$(mktemp -d /tmp/nb-tftp-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root" "$work/out"
chmod 755 "$work" "$work/root"
nb_results tftp
out="$out.txt"
java -Xms256m -Xmx1g -cp "$jar" dev.netboot.benchmarks.tftp.TftpThroughput \
  --root "$work/root" --scratch "$work/out" --netboot-jar "$netboot" "$@" 2>&1 | tee "$out"
echo "results: $out"
