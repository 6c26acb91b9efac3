package dev.netboot.cli;

import dev.netboot.dhcp.Ipv4;
import dev.netboot.rules.hosts.HostsTable;
import dev.netboot.rules.hosts.HostsTableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code netboot hosts}: the write-up's script. One table (hostname, mac, ip) becomes dhcpd host
 * declarations and BIND forward and reverse zone records, each written atomically.
 */
@Command(name = "hosts", mixinStandardHelpOptions = true,
        description = {"Generate dhcpd host declarations and BIND zone records from a hosts table (hostname,mac,ip).",
            "Exit status: 0 written, 1 a bad row (reported as file:line:col) or an unwritable file, 2 usage error."})
final class HostsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOSTS_CSV", description = "The table: a header naming hostname, mac and ip columns, then one host per line.")
    Path table;

    @Option(names = "--domain", required = true, paramLabel = "D", description = "DNS domain of the hosts, e.g. home.kraxel.org.")
    String domain;

    @Option(names = "--dhcpd-include", paramLabel = "F", description = "Write dhcpd host declarations to F.")
    Path dhcpdInclude;

    @Option(names = "--zone", paramLabel = "F", description = "Write forward zone records (A) to F.")
    Path zone;

    @Option(names = "--reverse-zone", paramLabel = "F", description = "Write reverse zone records (PTR) to F.")
    Path reverseZone;

    @Option(names = "--network", paramLabel = "CIDR",
            description = "Network of the reverse zone (/8, /16 or /24); default: the /24 of the table's first address.")
    String network;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        HostsTable hosts;
        try {
            hosts = HostsTable.read(table);
        } catch (HostsTableException e) {
            err.println(e.getMessage());
            return 1;
        } catch (UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        if (dhcpdInclude == null && zone == null && reverseZone == null) {
            out.print(hosts.toDhcpdInclude());
            return 0;
        }
        String net = network;
        if (net == null && !hosts.entries().isEmpty()) {
            net = Ipv4.format(hosts.entries().get(0).address() & 0xFFFFFF00) + "/24";
        }
        try {
            write(dhcpdInclude, hosts.toDhcpdInclude());
            write(zone, hosts.toForwardZone(domain));
            if (reverseZone != null) {
                write(reverseZone, hosts.toReverseZone(net == null ? "0.0.0.0/24" : net, domain));
            }
        } catch (IllegalArgumentException e) {
            err.println("error: --network: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("error: cannot write " + e.getMessage());
            return 1;
        }
        out.println("hosts: " + hosts.entries().size() + " entries written");
        return 0;
    }

    /** Writes through a temporary file renamed into place, so a reader never sees half a file. */
    private static void write(Path file, String content) throws IOException {
        if (file == null) {
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
