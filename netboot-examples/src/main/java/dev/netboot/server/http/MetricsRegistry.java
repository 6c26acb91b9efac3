package dev.netboot.server.http;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Named counters and gauges, with help text and labels, shared by the servers of one process (HTTP,
 * DHCP, TFTP) and exposed by {@link HttpBootServer} at {@code /metrics} in the Prometheus text
 * exposition format (version 0.0.4).
 *
 * <pre>{@code
 * MetricsRegistry metrics = MetricsRegistry.create();
 * MetricsRegistry.Counter acks = metrics.counter("netboot_dhcp_acks_total", "DHCPACKs sent.");
 * acks.increment();
 * metrics.counterFunction("netboot_dhcp_offers_total", "DHCPOFFERs sent.", Map.of(),
 *         () -> dhcpServer.counters().offered());
 * }</pre>
 *
 * <p>A series is identified by its metric name and its labels (order of the labels does not
 * matter). Registering the same series again returns the same counter or gauge, so that a server
 * restarted in the same process (a configuration reload) keeps counting; registering a name that
 * exists with another type, or with other label names, is refused with an
 * {@link IllegalArgumentException}. Names follow Prometheus: {@code [a-zA-Z_:][a-zA-Z0-9_:]*} for
 * metrics, {@code [a-zA-Z_][a-zA-Z0-9_]*} (not starting with {@code __}) for labels; counters
 * should end in {@code _total}.
 *
 * <p>Thread-safe: counters and gauges are {@link java.util.concurrent.atomic.LongAdder}s, updated
 * without locks from any thread; registration takes a lock; {@link #scrape()} reads without one.
 * No buffers are involved.
 */
public interface MetricsRegistry {
    /** A new, empty registry. */
    static MetricsRegistry create() {
        return new DefaultMetricsRegistry();
    }

    /** The counter {@code name} with these labels, registered on first use. */
    Counter counter(String name, String help, Map<String, String> labels);

    /** The counter {@code name} without labels, registered on first use. */
    default Counter counter(String name, String help) {
        return counter(name, help, Map.of());
    }

    /** The gauge {@code name} with these labels, registered on first use. */
    Gauge gauge(String name, String help, Map<String, String> labels);

    /** The gauge {@code name} without labels, registered on first use. */
    default Gauge gauge(String name, String help) {
        return gauge(name, help, Map.of());
    }

    /**
     * A counter kept elsewhere (for example in a server's own counters), read when scraped; a later
     * registration of the same series replaces the function. The function must be cheap,
     * non-blocking and monotonic; one that throws is left out of that scrape.
     */
    void counterFunction(String name, String help, Map<String, String> labels, LongSupplier value);

    /**
     * A gauge read when scraped (leases in use, transfers in flight); a later registration of the
     * same series replaces the function. The function must be cheap and non-blocking; one that
     * throws is left out of that scrape.
     */
    void gaugeFunction(String name, String help, Map<String, String> labels, LongSupplier value);

    /**
     * Every series in the Prometheus text exposition format 0.0.4: metrics in registration order,
     * each with its {@code # HELP} and {@code # TYPE} lines, then its series in registration order.
     */
    String scrape();

    /** A monotonically increasing count. Thread-safe. */
    interface Counter {
        /** Adds one. */
        void increment();

        /** Adds {@code amount}, which must not be negative. */
        void add(long amount);

        /** The current count. */
        long value();
    }

    /** A value that goes up and down (connections open, transfers in flight). Thread-safe. */
    interface Gauge {
        /** Adds one. */
        void increment();

        /** Subtracts one. */
        void decrement();

        /** Adds {@code delta}, which may be negative. */
        void add(long delta);

        /** The current value. */
        long value();
    }
}
