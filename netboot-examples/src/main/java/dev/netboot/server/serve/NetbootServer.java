package dev.netboot.server.serve;

import dev.netboot.rules.isc.ConfigException;
import dev.netboot.server.dhcp.DhcpCounters;
import dev.netboot.server.dhcp.DhcpServer;
import dev.netboot.server.dhcp.DhcpServerException;
import dev.netboot.server.dhcp.RuleSetPolicy;
import dev.netboot.server.http.AddressAllowList;
import dev.netboot.server.http.HttpBootConfig;
import dev.netboot.server.http.HttpBootServer;
import dev.netboot.server.http.MetricsRegistry;
import dev.netboot.server.tftp.TftpCounters;
import dev.netboot.server.tftp.TftpServer;
import dev.netboot.server.tftp.TftpServerConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCP (or proxyDHCP), TFTP and HTTP boot servers in one process, from one dhcpd.conf and one
 * boot root, with one metrics registry. The configuration is reloaded when its file changes or on
 * {@link #reload()} (SIGHUP in the CLI): validated in full first, and kept if bad (the errors are
 * logged with file:line). {@link #close()} stops all three within about 2 s, leases made durable.
 * Thread-safe.
 */
public final class NetbootServer implements AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger(NetbootServer.class);

    /**
     * What to run.
     *
     * @param config       the dhcpd.conf
     * @param policyLoader reads and validates the configuration (throws with file:line on errors)
     * @param tftpRoot     the boot root served by TFTP and HTTP
     * @param interfaces   interfaces the DHCP server binds to (empty: {@code bindAddress})
     * @param bindAddress  address for every server when no interface is named
     * @param dhcpPort     DHCP server port (67; 0 for an ephemeral one in tests)
     * @param tftpPort     TFTP port (69)
     * @param httpPort     HTTP port (80), or -1 for no HTTP server
     * @param leaseFile    the lease journal (ignored with {@code proxy})
     * @param proxy        proxyDHCP instead of a full DHCP server
     * @param allowList    who may use HTTP and /metrics
     * @param pollInterval how often the configuration file is checked for changes
     */
    public record Settings(Path config, Supplier<RuleSetPolicy> policyLoader, Path tftpRoot, List<String> interfaces,
            String bindAddress, int dhcpPort, int tftpPort, int httpPort, Path leaseFile, boolean proxy,
            AddressAllowList allowList, Duration pollInterval) {
        /** Validates. */
        public Settings {
            Objects.requireNonNull(policyLoader, "policyLoader");
            Objects.requireNonNull(tftpRoot, "tftpRoot");
            interfaces = List.copyOf(interfaces);
        }
    }

    private final Settings settings;
    private final ReloadablePolicy policy;
    private final MetricsRegistry metrics = MetricsRegistry.create();
    private final ScheduledExecutorService watcher;
    private final DhcpServer dhcp;
    private final TftpServer tftp;
    private final HttpBootServer http;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong reloadFailures = new AtomicLong();
    /** Modification times of {@link #watched()} when last looked at (null: missing). Watcher thread only. */
    private List<FileTime> stamps;

    private NetbootServer(Settings s) throws IOException {
        this.settings = s;
        this.policy = new ReloadablePolicy(s.policyLoader().get());
        this.stamps = stamps(watched());
        InetAddress bind = InetAddress.getByName(s.bindAddress());
        DhcpServer d = null;
        TftpServer t = null;
        HttpBootServer h = null;
        try {
            // HTTP first: the DHCP server names its port in the URLs it gives UEFI HTTP boot clients
            if (s.httpPort() >= 0) {
                h = new HttpBootServer(HttpBootConfig.builder(s.tftpRoot()).bind(new InetSocketAddress(bind, s.httpPort()))
                        .allowList(s.allowList()).metrics(metrics).build());
                h.start();
            }
            DhcpServer.Builder b = DhcpServer.builder(policy).port(s.dhcpPort()).proxy(s.proxy());
            if (s.interfaces().isEmpty()) {
                b.bindAddress(s.bindAddress());
            } else {
                b.interfaces(s.interfaces());
            }
            if (!s.proxy()) {
                b.leaseFile(s.leaseFile());
            }
            if (h != null) {
                b.httpBoot(h.localAddress().getPort(), h.config().prefix());
            }
            d = b.start();
            t = TftpServerConfig.builder(s.tftpRoot()).bindAddress(bind).port(s.tftpPort()).start();
        } catch (RuntimeException e) {
            closeQuietly(h, t, d);
            throw e;
        }
        this.dhcp = d;
        this.tftp = t;
        this.http = h;
        registerMetrics();
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "netboot-config-watch");
            th.setDaemon(true);
            return th;
        });
        long every = Math.max(100, s.pollInterval().toMillis());
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the three servers.
     *
     * @throws DhcpServerException or another unchecked exception with a one-line message if a
     *     server cannot start (address in use, missing interface, bad configuration)
     */
    public static NetbootServer start(Settings settings) throws IOException {
        return new NetbootServer(settings);
    }

    private void registerMetrics() {
        counter("netboot_dhcp_received_total", "DHCP messages received.", () -> dhcp.counters().received());
        counter("netboot_dhcp_offers_total", "DHCPOFFERs sent.", () -> dhcp.counters().offered());
        counter("netboot_dhcp_acks_total", "DHCPACKs sent for requests.", () -> dhcp.counters().acked());
        counter("netboot_dhcp_naks_total", "DHCPNAKs sent.", () -> dhcp.counters().naked());
        counter("netboot_dhcp_dropped_total", "DHCP messages dropped (any reason).", () -> dhcp.counters().droppedTotal());
        counter("netboot_tftp_requests_total", "TFTP requests received.", () -> tftp.counters().requests());
        counter("netboot_tftp_completed_total", "TFTP transfers completed.", () -> tftp.counters().completed());
        counter("netboot_tftp_failed_total", "TFTP transfers failed.", () -> tftp.counters().failed());
        counter("netboot_tftp_size_probes_total", "TFTP reads the client ended after the OACK to learn the size (UEFI).",
                () -> tftp.counters().sizeProbes());
        counter("netboot_tftp_sent_bytes_total", "File bytes sent over TFTP.", () -> tftp.counters().bytesSent());
        metrics.gaugeFunction("netboot_tftp_active_transfers", "TFTP transfers running.", Map.of(), () -> tftp.counters().active());
        counter("netboot_config_reloads_total", "Configuration reloads that took effect.", reloads::get);
        counter("netboot_config_reload_failures_total", "Configuration reloads rejected (old one kept).", reloadFailures::get);
    }

    private void counter(String name, String help, LongSupplier value) {
        metrics.counterFunction(name, help, Map.of(), value);
    }

    /**
     * The files whose change triggers a reload: the configuration and every file it included when
     * the rules in force were read (so editing a host table in an include reloads too).
     */
    private List<Path> watched() {
        List<Path> files = new ArrayList<>();
        files.add(settings.config());
        if (policy.current() instanceof RuleSetPolicy r) {
            for (Path f : r.sources()) {
                if (!files.contains(f)) {
                    files.add(f);
                }
            }
        }
        return files;
    }

    private static List<FileTime> stamps(List<Path> files) {
        List<FileTime> out = new ArrayList<>(files.size());
        for (Path f : files) {
            out.add(modified(f));
        }
        return out;
    }

    private void reloadIfChanged() {
        List<FileTime> now = stamps(watched());
        if (!now.equals(stamps)) {
            stamps = now;
            if (reload()) {
                stamps = stamps(watched()); // the new rules may include other files
            }
        }
    }

    /**
     * Reads the configuration again; replaces the rules only if it is valid in full.
     *
     * @return true if the new configuration is in force
     */
    public synchronized boolean reload() {
        try {
            policy.replace(settings.policyLoader().get());
            reloads.incrementAndGet();
            LOG.info("configuration reloaded from {}", settings.config());
            return true;
        } catch (RuntimeException e) {
            reloadFailures.incrementAndGet();
            LOG.error("configuration rejected, the previous one keeps serving: {}", e.getMessage());
            Throwable c = e;
            while (c != null && !(c instanceof ConfigException)) {
                c = c.getCause();
            }
            if (c instanceof ConfigException config && config.errors().size() > 1) {
                config.errors().forEach(d -> LOG.error("  {}", d));
            }
            return false;
        }
    }

    private static FileTime modified(Path file) {
        try {
            return file == null ? null : Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    /** The metrics of all three servers (Prometheus text at {@code /metrics}). */
    public MetricsRegistry metrics() {
        return metrics;
    }

    /** The DHCP server's addresses. */
    public List<InetSocketAddress> dhcpAddresses() {
        return dhcp.localAddresses();
    }

    /** The TFTP server's address. */
    public InetSocketAddress tftpAddress() {
        return tftp.localAddress();
    }

    /** The HTTP server's address, or null without HTTP. */
    public InetSocketAddress httpAddress() {
        return http == null ? null : http.localAddress();
    }

    /** The DHCP counters. */
    public DhcpCounters dhcpCounters() {
        return dhcp.counters();
    }

    /** The TFTP counters. */
    public TftpCounters tftpCounters() {
        return tftp.counters();
    }

    /** Stops the watcher and the three servers (leases made durable). */
    @Override
    public void close() {
        watcher.shutdownNow();
        closeQuietly(http, tftp, dhcp);
    }

    private static void closeQuietly(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r != null) {
                try {
                    r.close();
                } catch (Exception e) {
                    LOG.warn("while closing {}: {}", r, e.toString());
                }
            }
        }
    }
}
