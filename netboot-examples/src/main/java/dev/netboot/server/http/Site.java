package dev.netboot.server.http;

import java.nio.file.Path;
import java.util.List;

/**
 * What every connection of one server shares: the configuration, the root's real path, the parsed
 * prefix and metrics path, the counters. Immutable (the counters are thread-safe).
 */
record Site(HttpBootConfig config, Path realRoot, List<String> prefix, List<String> metricsPath,
        HttpMetrics metrics) {}
