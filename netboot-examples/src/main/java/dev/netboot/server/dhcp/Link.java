package dev.netboot.server.dhcp;

import dev.netboot.dhcp.Ipv4;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a DHCP message arrived: the interface (when the server is bound per interface) and the
 * server's own address on it, which is the server identifier (option 54) in replies and the
 * link address that selects the client's subnet when the message was not relayed. Immutable.
 *
 * @param interfaceName the receiving interface, empty when the socket is not bound to one
 * @param serverAddress the server's IPv4 address on that link (big-endian int); never 0 for a
 *     server that answers
 * @param netmask the interface's netmask, or 0 when unknown
 */
public record Link(Optional<String> interfaceName, int serverAddress, int netmask) {
    /** Validates. */
    public Link {
        Objects.requireNonNull(interfaceName, "interfaceName");
    }

    /** A link on interface {@code name} where the server has {@code address}/{@code prefix}. */
    public static Link of(String name, int address, int prefixLength) {
        return new Link(Optional.of(name), address, prefixToMask(prefixLength));
    }

    /** A link without an interface (a socket bound to an address rather than a device). */
    public static Link unbound(int serverAddress) {
        return new Link(Optional.empty(), serverAddress, 0);
    }

    static int prefixToMask(int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " (expected: 0-32)");
        }
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** {@code nbs0 10.213.0.1} or {@code * 127.0.0.1}. */
    @Override
    public String toString() {
        return interfaceName.orElse("*") + " " + Ipv4.format(serverAddress);
    }
}
