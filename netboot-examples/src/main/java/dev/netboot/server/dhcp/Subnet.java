package dev.netboot.server.dhcp;

import dev.netboot.dhcp.Ipv4;

/**
 * An IPv4 subnet, network address and prefix length. Immutable.
 *
 * @param network the network address (host bits zero), big-endian int
 * @param prefixLength 0 to 32
 */
public record Subnet(int network, int prefixLength) {
    /**
     * Validates.
     *
     * @throws IllegalArgumentException when the prefix is out of range or host bits are set
     */
    public Subnet {
        int mask = Link.prefixToMask(prefixLength);
        if ((network & ~mask) != 0) {
            throw new IllegalArgumentException("subnet " + Ipv4.format(network) + "/" + prefixLength
                    + " has host bits set (expected: " + Ipv4.format(network & mask) + "/" + prefixLength + ")");
        }
    }

    /** Parses {@code 10.213.0.0/24}. */
    public static Subnet parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a subnet: '" + cidr + "' (expected: a.b.c.d/len)");
        }
        return new Subnet(Ipv4.parse(cidr.substring(0, slash)), Integer.parseInt(cidr.substring(slash + 1)));
    }

    /** The subnet of {@code mask} (a contiguous netmask) containing {@code address}. */
    public static Subnet ofMask(int address, int mask) {
        int prefix = Integer.bitCount(mask);
        if (Link.prefixToMask(prefix) != mask) {
            throw new IllegalArgumentException("netmask " + Ipv4.format(mask) + " is not contiguous");
        }
        return new Subnet(address & mask, prefix);
    }

    /** The netmask. */
    public int mask() {
        return Link.prefixToMask(prefixLength);
    }

    /** Whether {@code address} is in this subnet. */
    public boolean contains(int address) {
        return (address & mask()) == network;
    }

    /** The directed broadcast address. */
    public int broadcast() {
        return network | ~mask();
    }

    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + prefixLength;
    }
}
