package dev.netboot.rules.isc;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
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
        return name -> {
            try {
                List<Inet4Address> out = new ArrayList<>();
                for (InetAddress a : InetAddress.getAllByName(name)) {
                    if (a instanceof Inet4Address v4) {
                        out.add(v4);
                    }
                }
                return out;
            } catch (UnknownHostException e) {
                return List.of();
            }
        };
    }

    /** A fixed table from host name (case-insensitive) to dotted-quad addresses. */
    static HostResolver of(Map<String, List<String>> table) {
        Map<String, List<String>> copy = new java.util.HashMap<>();
        table.forEach((k, v) -> copy.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
        return name -> {
            List<String> addrs = copy.get(name.toLowerCase(java.util.Locale.ROOT));
            if (addrs == null) {
                return List.of();
            }
            List<Inet4Address> out = new ArrayList<>();
            for (String a : addrs) {
                try {
                    out.add((Inet4Address) InetAddress.getByAddress(name, Addr.bytes(Addr.parse(a))));
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException(e);
                }
            }
            return out;
        };
    }
}
