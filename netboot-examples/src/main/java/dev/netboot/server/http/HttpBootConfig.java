package dev.netboot.server.http;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of an {@link HttpBootServer}. Immutable and thread-safe; build one with
 * {@link #builder(Path)}:
 *
 * <pre>{@code
 * HttpBootConfig config = HttpBootConfig.builder(Path.of("/var/lib/tftpboot"))
 *         .bind(new InetSocketAddress(80))
 *         .allowList(AddressAllowList.parse("127.0.0.1/8 192.168.0.0/16"))
 *         .build();
 * }</pre>
 *
 * @param root the directory served (the TFTP root); symbolic links inside it are followed as long
 *     as they stay inside it
 * @param bindAddress the local address and port; port 0 picks a free port
 * @param prefix the URL path the root is served under, normalized to start and end with {@code /}
 *     ({@code /tftpboot/}, or {@code /} for the whole root)
 * @param allowList clients answered; others get 403 (on every path, {@code /metrics} included)
 * @param metricsPath the path of the Prometheus endpoint ({@code /metrics}), or the empty string
 *     for none; answered before files, so it shadows a file of that name when the prefix is {@code /}
 * @param contentProvider dynamic content consulted before the file system
 * @param metrics where the server registers its counters (shared with other servers)
 * @param limits request limits
 * @param idleTimeout how long a connection may wait for a complete request, and how long a
 *     response may make no progress, before the connection is closed
 * @param clock source of the Date header and of access-log durations
 * @param ioThreads I/O threads; 0 for Netty's default (twice the processors)
 * @param forceNio use the NIO transport even when the native epoll transport is available
 */
public record HttpBootConfig(Path root, InetSocketAddress bindAddress, String prefix, AddressAllowList allowList,
        String metricsPath, BootContentProvider contentProvider, MetricsRegistry metrics, HttpLimits limits,
        Duration idleTimeout, InstantSource clock, int ioThreads, boolean forceNio) {
    /** The write-up's alias. */
    public static final String DEFAULT_PREFIX = "/tftpboot/";
    /** Where Prometheus looks by default. */
    public static final String DEFAULT_METRICS_PATH = "/metrics";
    /** 30 seconds. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);

    /** Validates and normalizes the prefix and metrics path. */
    public HttpBootConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(bindAddress, "bindAddress");
        prefix = normalizePath("prefix", prefix, false);
        Objects.requireNonNull(allowList, "allowList");
        metricsPath = normalizePath("metricsPath", metricsPath, true);
        Objects.requireNonNull(contentProvider, "contentProvider");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout: " + idleTimeout + " (expected: > 0)");
        }
        Objects.requireNonNull(clock, "clock");
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads: " + ioThreads + " (expected: >= 0)");
        }
    }

    /** A builder serving {@code root} with the defaults below. */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** The prefix as path segments ({@code [tftpboot]}; empty for {@code /}). */
    List<String> prefixSegments() {
        return segments(prefix);
    }

    /** The metrics path as segments, or null when disabled. */
    List<String> metricsSegments() {
        return metricsPath.isEmpty() ? null : segments(metricsPath);
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private static String normalizePath(String what, String path, boolean emptyAllowed) {
        Objects.requireNonNull(path, what);
        if (path.isEmpty() && emptyAllowed) {
            return path;
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(what + ": \"" + path + "\" (expected: a path starting with /)");
        }
        StringBuilder sb = new StringBuilder("/");
        for (String s : segments(path)) {
            if (s.equals(".") || s.equals("..") || !s.chars().allMatch(c -> c > 0x20 && c < 0x7f
                    && c != '%' && c != '?' && c != '#')) {
                throw new IllegalArgumentException(what + ": \"" + path
                        + "\" (expected: segments of printable ASCII without %, ?, #, . or ..)");
            }
            sb.append(s).append('/');
        }
        // the metrics endpoint is one resource, the prefix a directory
        return emptyAllowed && sb.length() > 1 ? sb.substring(0, sb.length() - 1) : sb.toString();
    }

    /** A mutable builder; not thread-safe. */
    public static final class Builder {
        private final Path root;
        private InetSocketAddress bindAddress = new InetSocketAddress(80);
        private String prefix = DEFAULT_PREFIX;
        private AddressAllowList allowList = AddressAllowList.ALL;
        private String metricsPath = DEFAULT_METRICS_PATH;
        private BootContentProvider contentProvider = BootContentProvider.NONE;
        private MetricsRegistry metrics;
        private HttpLimits limits = HttpLimits.DEFAULT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private InstantSource clock = InstantSource.system();
        private int ioThreads;
        private boolean forceNio;

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "root");
        }

        /** The local address and port (default: every address, port 80; port 0 picks a free port). */
        public Builder bind(InetSocketAddress address) {
            this.bindAddress = address;
            return this;
        }

        /** The URL path the root is served under (default {@code /tftpboot/}). */
        public Builder prefix(String prefix) {
            this.prefix = prefix;
            return this;
        }

        /** Clients answered (default {@link AddressAllowList#ALL}, as a TFTP server answers everyone). */
        public Builder allowList(AddressAllowList allowList) {
            this.allowList = allowList;
            return this;
        }

        /** The metrics endpoint path (default {@code /metrics}; empty for none). */
        public Builder metricsPath(String path) {
            this.metricsPath = path;
            return this;
        }

        /** Dynamic content consulted before the file system (default: none). */
        public Builder contentProvider(BootContentProvider provider) {
            this.contentProvider = provider;
            return this;
        }

        /** The registry to count into and to expose (default: a new one, private to this server). */
        public Builder metrics(MetricsRegistry registry) {
            this.metrics = registry;
            return this;
        }

        /** Request limits (default {@link HttpLimits#DEFAULT}). */
        public Builder limits(HttpLimits limits) {
            this.limits = limits;
            return this;
        }

        /** Idle and stall timeout (default 30 s). */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /** The clock (default the system clock). */
        public Builder clock(InstantSource clock) {
            this.clock = clock;
            return this;
        }

        /** I/O threads (default 0: Netty's default). */
        public Builder ioThreads(int threads) {
            this.ioThreads = threads;
            return this;
        }

        /** Uses NIO even where epoll is available (default false). */
        public Builder forceNio(boolean nio) {
            this.forceNio = nio;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException naming the setting that is out of range
         */
        public HttpBootConfig build() {
            return new HttpBootConfig(root, bindAddress, prefix, allowList, metricsPath, contentProvider,
                    metrics != null ? metrics : MetricsRegistry.create(), limits, idleTimeout, clock, ioThreads,
                    forceNio);
        }
    }
}
