package dev.netboot.dhcp.option;

import dev.netboot.dhcp.Ipv4;

/**
 * One route of option 121 (RFC 3442, also Microsoft's 249): destination network, prefix length
 * and router. Immutable; bits of the destination beyond the prefix must be zero.
 *
 * @param destination  the network as a big-endian int
 * @param prefixLength 0-32
 * @param router       the gateway as a big-endian int
 */
public record ClasslessRoute(int destination, int prefixLength, int router) {
    /** Validates. */
    public ClasslessRoute {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " (expected: 0-32)");
        }
        int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        if ((destination & ~mask) != 0) {
            throw new IllegalArgumentException("destination " + Ipv4.format(destination) + " has bits beyond /" + prefixLength);
        }
    }

    @Override
    public String toString() {
        return Ipv4.format(destination) + "/" + prefixLength + " via " + Ipv4.format(router);
    }
}
