package dev.netboot.cli;

import dev.netboot.rules.isc.DhcpdConf;
import dev.netboot.server.dhcp.RuleSetPolicy;
import dev.netboot.server.http.AddressAllowList;
import dev.netboot.server.serve.NetbootServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code netboot serve}: DHCP (or proxyDHCP), TFTP and HTTP boot in one process from one
 * dhcpd.conf. Reloads on SIGHUP or when the file changes (validated first, kept if bad); stops
 * cleanly on SIGTERM.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the DHCP (or proxyDHCP), TFTP and HTTP boot servers from one dhcpd.conf.",
            "Reloads on SIGHUP or when the configuration file changes; stops on SIGTERM/SIGINT."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--tftp-root", required = true, paramLabel = "DIR", description = "Boot root (TFTP, and HTTP under /tftpboot/).")
    Path tftpRoot;

    @Option(names = {"-i", "--interface"}, paramLabel = "IF", description = "Interface for DHCP (repeatable).")
    List<String> interfaces = new ArrayList<>();

    @Option(names = "--bind", defaultValue = "0.0.0.0", paramLabel = "ADDRESS", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--dhcp-port", defaultValue = "67", description = "DHCP port (default: ${DEFAULT-VALUE}).")
    int dhcpPort;

    @Option(names = "--tftp-port", defaultValue = "69", description = "TFTP port (default: ${DEFAULT-VALUE}).")
    int tftpPort;

    @Option(names = "--http-port", defaultValue = "80", description = "HTTP port, -1 for none (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = {"--lease-file", "--leases"}, paramLabel = "F", defaultValue = "/var/lib/netboot/leases",
            description = "Lease journal (default: ${DEFAULT-VALUE}).")
    Path leaseFile;

    @Option(names = "--proxy", description = "proxyDHCP: boot information only, beside another DHCP server.")
    boolean proxy;

    @Option(names = "--http-allow", paramLabel = "CIDRS", defaultValue = "0.0.0.0/0 ::/0",
            description = "Who may use HTTP and /metrics, e.g. \"127.0.0.1/8 192.168.0.0/16\" (default: everyone).")
    String httpAllow;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NetbootServer server;
        try {
            NetbootServer.Settings s = new NetbootServer.Settings(config.config, this::loadPolicy, tftpRoot, interfaces,
                    bind, dhcpPort, tftpPort, httpPort, leaseFile, proxy, AddressAllowList.parse(httpAllow), Duration.ofSeconds(2));
            server = NetbootServer.start(s);
        } catch (IOException e) {
            err.println("netboot serve: " + e);
            return 1;
        } catch (RuntimeException e) {
            // configuration errors (file:line:col), bind failures and bad options: one line each
            err.println("netboot serve: " + e.getMessage());
            return 1;
        }
        Signals.onHangup(server::reload);
        Foreground.untilShutdown(server::close, "netboot-serve-shutdown", out,
                "serve: ready dhcp=" + server.dhcpAddresses() + " tftp=" + server.tftpAddress() + " http=" + server.httpAddress());
        return 0;
    }

    private RuleSetPolicy loadPolicy() {
        DhcpdConf.Result result = config.reader().read(config.config);
        PrintWriter err = spec.commandLine().getErr();
        result.warnings().forEach(err::println);
        err.flush();
        return RuleSetPolicy.of(result.ruleSet(), result.files());
    }
}
