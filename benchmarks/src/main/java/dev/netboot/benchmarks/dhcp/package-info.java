/**
 * JMH benchmarks of the DHCPv4 codec: decoding real packets and reading four fields, and encoding
 * an OFFER, each beside a minimal hand-written baseline and three Java peers measured in the same
 * run. {@code benchmarks/run-dhcp.sh} builds, runs and tabulates them.
 */
package dev.netboot.benchmarks.dhcp;
