package dev.netboot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** CIDR matching against a reference computed with big integers, IPv4 and IPv6, every prefix length. */
class AddressAllowListProperties {
    @Property(tries = 3000)
    void ipv4MatchesTheReference(@ForAll int network, @ForAll int address, @ForAll @IntRange(max = 32) int prefix)
            throws UnknownHostException {
        String block = dotted(network) + "/" + prefix;
        boolean expected = prefix == 0 || (network ^ address) >>> (32 - prefix) == 0;
        assertEquals(expected, AddressAllowList.parse(block).permits(InetAddress.getByAddress(bytes(address))),
                block + " vs " + dotted(address));
    }

    @Property(tries = 3000)
    void ipv6MatchesTheReference(@ForAll @Size(16) byte[] network, @ForAll @Size(16) byte[] address,
            @ForAll @IntRange(max = 128) int prefix, @ForAll boolean near) throws UnknownHostException {
        if (near) {
            // make a match likely: share the first bytes
            System.arraycopy(network, 0, address, 0, Math.min(16, prefix / 8));
        }
        InetAddress n = InetAddress.getByAddress(network);
        InetAddress a = InetAddress.getByAddress(address);
        if (n.getAddress().length != 16 || a.getAddress().length != 16) {
            return; // an IPv4-mapped array became an Inet4Address: covered elsewhere
        }
        String block = n.getHostAddress() + "/" + prefix;
        BigInteger x = new BigInteger(1, network).xor(new BigInteger(1, address));
        boolean expected = x.shiftRight(128 - prefix).signum() == 0;
        assertEquals(expected, AddressAllowList.parse(block).permits(a), block + " vs " + a.getHostAddress());
    }

    private static byte[] bytes(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static String dotted(int v) {
        return (v >>> 24) + "." + (v >>> 16 & 0xff) + "." + (v >>> 8 & 0xff) + "." + (v & 0xff);
    }
}
