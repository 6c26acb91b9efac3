/**
 * JMH benchmarks of the rule engine on the verbatim reference configuration (MISSION.md): a
 * decision per client, facts extraction plus decision, and reading the configuration warm and
 * cold; plus two plain-JVM probes (cold reads, decisions per CPU-second) for a shared machine.
 * {@code benchmarks/run-rules.sh} builds, runs and tabulates them.
 */
package dev.netboot.benchmarks.rules;
