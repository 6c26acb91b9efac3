package dev.netboot.server.http;

import java.util.EnumMap;
import java.util.Map;

/** The HTTP boot server's own series in a {@link MetricsRegistry}; thread-safe (LongAdders). */
final class HttpMetrics {
    private final MetricsRegistry.Counter[] byClass = new MetricsRegistry.Counter[6];
    final MetricsRegistry.Counter sentBytes;
    final MetricsRegistry.Counter denied;
    final MetricsRegistry.Counter generated;
    final MetricsRegistry.Counter connectionsAccepted;
    final MetricsRegistry.Counter connectionsRefused;
    final MetricsRegistry.Gauge connectionsOpen;
    private final EnumMap<PathRejection, MetricsRegistry.Counter> rejected = new EnumMap<>(PathRejection.class);

    HttpMetrics(MetricsRegistry registry) {
        for (int c = 1; c <= 5; c++) {
            byClass[c] = registry.counter("netboot_http_requests_total",
                    "HTTP requests answered, by status class.", Map.of("class", c + "xx"));
        }
        sentBytes = registry.counter("netboot_http_sent_bytes_total",
                "Response body bytes sent (files, ranges, generated content, error texts).");
        denied = registry.counter("netboot_http_denied_total",
                "Requests refused with 403 because the client address is not in the allow-list.");
        for (PathRejection r : PathRejection.values()) {
            rejected.put(r, registry.counter("netboot_http_path_rejected_total",
                    "Requests whose path was refused or not found, by reason.", Map.of("reason", r.label)));
        }
        generated = registry.counter("netboot_http_generated_total",
                "Requests answered by the dynamic content provider.");
        connectionsAccepted = registry.counter("netboot_http_connections_total", "Connections accepted.");
        connectionsRefused = registry.counter("netboot_http_connections_refused_total",
                "Connections closed on accept because HttpLimits.maxConnections were already open.");
        connectionsOpen = registry.gauge("netboot_http_connections_open", "Connections open now.");
    }

    void response(int status, long bodyBytes) {
        int c = status / 100;
        if (c >= 1 && c <= 5) {
            byClass[c].increment();
        }
        sentBytes.add(bodyBytes);
    }

    void rejected(PathRejection reason) {
        rejected.get(reason).increment();
    }
}
