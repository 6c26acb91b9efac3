package dev.netboot.rules.isc;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/**
 * Resolves host names written where dhcpd.conf expects an address ({@code option ntp-servers
 * ntp.home.kraxel.org;}, {@code fixed-address}, {@code next-server}) when the configuration is
 * read. Replaceable so that tests and embedders control name resolution. Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface HostResolver {
    /** The IPv4 addresses of {@code hostName}, or an empty list if it does not resolve. */
    List<Inet4Address> resolve(String hostName);

    /** Resolves through the JVM's resolver ({@link InetAddress#getAllByName}). */
    static HostResolver system() {
        return new SystemResolver();
    }

    /** A fixed table from host name (case-insensitive) to dotted-quad addresses. */
    static HostResolver of(Map<String, List<String>> table) {
        return new TableResolver(table);
    }
}
