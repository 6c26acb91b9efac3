package dev.netboot.rules.isc;

import dev.netboot.dhcp.Ipv4;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link HostResolver#of}: a fixed table from host name (case-insensitive) to dotted-quad
 * addresses. Immutable and thread-safe.
 */
final class TableResolver implements HostResolver {
    private final Map<String, List<String>> table = new HashMap<>();

    TableResolver(Map<String, List<String>> table) {
        for (Map.Entry<String, List<String>> e : table.entrySet()) {
            this.table.put(e.getKey().toLowerCase(Locale.ROOT), List.copyOf(e.getValue()));
        }
    }

    @Override
    public List<Inet4Address> resolve(String hostName) {
        List<String> addrs = table.get(hostName.toLowerCase(Locale.ROOT));
        if (addrs == null) {
            return List.of();
        }
        List<Inet4Address> out = new ArrayList<>();
        for (String a : addrs) {
            try {
                out.add((Inet4Address) InetAddress.getByAddress(hostName, Ipv4.toBytes(Ipv4.parse(a))));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return out;
    }
}
