/**
 * TFTP benchmarks: whole-process throughput of netboot's server and client beside tftpd-hpa, curl
 * and Apache Commons Net ({@link dev.netboot.benchmarks.tftp.TftpThroughput}, run by
 * {@code benchmarks/tftp/run-tftp.sh}), and the per-packet codec cost with JMH
 * ({@link dev.netboot.benchmarks.tftp.TftpCodecBenchmark}, {@code benchmarks/tftp/run-tftp-codec.sh}).
 */
package dev.netboot.benchmarks.tftp;
