package dev.netboot.rules.isc;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link HostResolver#system()}: the JVM's resolver, IPv4 addresses only. A class rather than a
 * lambda: every reader has one, and a lambda's first use costs a cold read more than the class.
 * Stateless and thread-safe.
 */
final class SystemResolver implements HostResolver {
    @Override
    public List<Inet4Address> resolve(String hostName) {
        try {
            List<Inet4Address> out = new ArrayList<>();
            for (InetAddress a : InetAddress.getAllByName(hostName)) {
                if (a instanceof Inet4Address v4) {
                    out.add(v4);
                }
            }
            return out;
        } catch (UnknownHostException e) {
            return List.of();
        }
    }
}
