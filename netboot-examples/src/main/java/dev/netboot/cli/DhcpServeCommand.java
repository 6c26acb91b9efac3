package dev.netboot.cli;

import dev.netboot.server.dhcp.AutoBootProfile;
import dev.netboot.server.dhcp.BootPolicy;
import dev.netboot.server.dhcp.DhcpServer;
import dev.netboot.server.dhcp.DhcpServerException;
import dev.netboot.server.dhcp.RuleSetPolicy;
import dev.netboot.server.dhcp.SimplePolicy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code netboot dhcp-serve}: runs the reference DHCP server (or proxyDHCP server) until it is
 * stopped with SIGTERM or SIGINT, then makes the lease journal durable and exits. Configured from
 * an ISC dhcpd.conf ({@code --config}) or from a few options for a single subnet.
 */
@Command(name = "dhcp-serve", mixinStandardHelpOptions = true,
        description = {"Runs the reference DHCP server (or, with --proxy, a proxyDHCP server).",
            "Configuration: --config dhcpd.conf, or --subnet/--range/--router/... for one subnet,",
            "or --proxy --boot-profile auto. Stops on SIGTERM/SIGINT."})
public final class DhcpServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-i", "--interface"}, paramLabel = "NAME",
            description = "Interface to serve (repeatable). Without it: bind --bind with --server-address.")
    List<String> interfaces = new ArrayList<>();

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address to bind when no interface is given (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--server-address", paramLabel = "ADDRESS",
            description = "Server identifier (option 54); default: the interface's address.")
    String serverAddress;

    @Option(names = "--port", defaultValue = "67", description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--client-port", defaultValue = "68", description = "Client port (default: ${DEFAULT-VALUE}).")
    int clientPort;

    @Option(names = "--leases", paramLabel = "FILE", description = "Lease journal (required unless --proxy).")
    Path leases;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "ISC dhcpd.conf to serve.")
    Path config;

    @Option(names = "--include-root", paramLabel = "DIR",
            description = "Directory absolute include paths of --config are resolved under.")
    Path includeRoot;

    @Option(names = "--subnet", paramLabel = "CIDR", description = "Subnet served (without --config).")
    String subnet;

    @Option(names = "--range", paramLabel = "FIRST-LAST", description = "Dynamic range (repeatable).")
    List<String> ranges = new ArrayList<>();

    @Option(names = "--router", paramLabel = "ADDRESS", description = "Option 3 (repeatable).")
    List<String> routers = new ArrayList<>();

    @Option(names = "--dns", paramLabel = "ADDRESS", description = "Option 6 (repeatable).")
    List<String> dns = new ArrayList<>();

    @Option(names = "--ntp", paramLabel = "ADDRESS", description = "Option 42 (repeatable).")
    List<String> ntp = new ArrayList<>();

    @Option(names = "--domain", paramLabel = "NAME", description = "Option 15.")
    String domain;

    @Option(names = "--filename", paramLabel = "FILE", description = "Boot file name.")
    String filename;

    @Option(names = "--next-server", paramLabel = "ADDRESS", description = "Boot server (siaddr).")
    String nextServer;

    @Option(names = "--host", paramLabel = "MAC=ADDRESS", description = "Fixed address (repeatable).")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--lease-time", paramLabel = "SECONDS", defaultValue = "43200",
            description = "Default lease time (default: ${DEFAULT-VALUE}).")
    long leaseTime;

    @Option(names = "--max-lease-time", paramLabel = "SECONDS", defaultValue = "86400",
            description = "Maximum lease time (default: ${DEFAULT-VALUE}).")
    long maxLeaseTime;

    @Option(names = "--proxy", description = "proxyDHCP: boot information for PXE/HTTP clients only (ports 67, 4011).")
    boolean proxy;

    @Option(names = "--pxe-port", defaultValue = "4011", description = "PXE boot server port (default: ${DEFAULT-VALUE}).")
    int pxePort;

    @Option(names = "--boot-profile", paramLabel = "NAME",
            description = "Built-in boot rules instead of --config: 'auto' (BIOS, UEFI, iPXE, HTTP boot, Raspberry Pi).")
    String bootProfile;

    @Option(names = "--http-base", paramLabel = "URL",
            description = "Base URL for iPXE scripts and HTTP boot in the auto profile (default: http://<server>/).")
    String httpBase;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            BootPolicy policy = policy();
            DhcpServer.Builder b = DhcpServer.builder(policy).interfaces(interfaces).port(port).clientPort(clientPort)
                    .proxy(proxy).pxePort(pxePort)
                    .leaseTimes(Duration.ofSeconds(leaseTime), Duration.ofSeconds(maxLeaseTime));
            if (interfaces.isEmpty()) {
                b.bindAddress(bind);
            }
            if (serverAddress != null) {
                b.serverAddress(serverAddress);
            }
            if (!proxy) {
                if (leases == null) {
                    err.println("netboot dhcp-serve: --leases FILE is required (or --proxy)");
                    return 2;
                }
                b.leaseFile(leases);
            }
            DhcpServer server = b.start();
            // Ready line for scripts and tests: printed once every socket is bound.
            return Foreground.untilShutdown(server::close, "dhcp-serve-shutdown", spec.commandLine().getOut(),
                    "dhcp-serve: ready " + server.localAddresses()) ? 0 : 1;
        } catch (DhcpServerException | IllegalArgumentException e) {
            err.println("netboot dhcp-serve: " + e.getMessage());
            return 1;
        }
    }

    private BootPolicy policy() {
        if (config != null) {
            return RuleSetPolicy.fromIscFile(config, includeRoot);
        }
        if ("auto".equals(bootProfile)) {
            AutoBootProfile.Builder p = AutoBootProfile.builder();
            if (httpBase != null) {
                p.httpBase(httpBase);
            }
            return p.build();
        }
        if (bootProfile != null) {
            throw new IllegalArgumentException("unknown --boot-profile " + bootProfile + " (expected: auto)");
        }
        SimplePolicy.Builder p = SimplePolicy.builder().leaseTimes(leaseTime, maxLeaseTime);
        if (subnet != null) {
            p.subnet(subnet, s -> {
                for (String r : ranges) {
                    String[] ab = r.split("-");
                    if (ab.length != 2) {
                        throw new IllegalArgumentException("--range " + r + " (expected: FIRST-LAST)");
                    }
                    s.range(ab[0].trim(), ab[1].trim());
                }
                if (!routers.isEmpty()) {
                    s.routers(routers.toArray(String[]::new));
                }
                if (!dns.isEmpty()) {
                    s.dns(dns.toArray(String[]::new));
                }
                if (!ntp.isEmpty()) {
                    s.ntp(ntp.toArray(String[]::new));
                }
                if (domain != null) {
                    s.domain(domain);
                }
            });
        } else if (!proxy) {
            throw new IllegalArgumentException("no configuration: give --config FILE, or --subnet CIDR --range A-B");
        }
        for (String h : hosts) {
            int eq = h.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("--host " + h + " (expected: MAC=ADDRESS)");
            }
            p.host(h.substring(0, eq), h.substring(eq + 1));
        }
        if (filename != null) {
            p.filename(filename);
        }
        if (nextServer != null) {
            p.nextServer(nextServer);
        }
        return p.build();
    }
}
