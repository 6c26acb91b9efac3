package dev.netboot.server.http;

import io.netty.util.NetUtil;
import java.util.Arrays;

/**
 * One CIDR block of an {@link AddressAllowList}: a network (host bits cleared) and a prefix length.
 * Immutable.
 */
final class CidrBlock {
    private final byte[] network;
    private final int prefixLength;

    private CidrBlock(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
    }

    /**
     * Parses {@code a.b.c.d/n}, {@code v6/n}, or a bare address (a block of one). Host bits are
     * cleared, as Apache httpd does for {@code Require ip 127.0.0.1/8}.
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    static CidrBlock parse(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = parseAddress(address);
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("prefix length \"" + p + "\" (expected: 0 to " + bits + ")");
            }
            prefix = Integer.parseInt(p);
            if (prefix > bits) {
                throw new IllegalArgumentException("prefix length " + prefix + " (expected: 0 to " + bits + ")");
            }
        }
        mask(bytes, prefix);
        return new CidrBlock(bytes, prefix);
    }

    private static byte[] parseAddress(String s) {
        if (s.indexOf(':') >= 0) {
            // NetUtil only converts literals (no DNS); zones and brackets have no meaning in an ACL
            if (s.indexOf('%') >= 0 || s.indexOf('[') >= 0 || !NetUtil.isValidIpV6Address(s)) {
                throw new IllegalArgumentException("not an IPv6 address: \"" + s + "\"");
            }
            byte[] b = NetUtil.createByteArrayFromIpAddressString(s);
            if (b == null || b.length != 16) {
                throw new IllegalArgumentException("not an IPv6 address: \"" + s + "\"");
            }
            return b;
        }
        return parseIpv4(s);
    }

    /** Strict dotted quad: four decimal parts 0-255, no leading zeros (which some parsers read as octal). */
    private static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address (expected four decimal parts): \"" + s + "\"");
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                throw new IllegalArgumentException("not an IPv4 address: \"" + s + "\" (part " + (i + 1) + ")");
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw new IllegalArgumentException("not an IPv4 address: \"" + s + "\" (part " + (i + 1) + " > 255)");
            }
            b[i] = (byte) v;
        }
        return b;
    }

    private static void mask(byte[] b, int prefix) {
        for (int i = 0; i < b.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            b[i] &= (byte) (0xff00 >>> keep);
        }
    }

    /** Whether {@code address} (4 or 16 bytes, same family as this block) lies in the block. */
    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int m = (0xff00 >>> rest) & 0xff;
        return (address[full] & m) == (network[full] & m);
    }

    boolean isIpv4() {
        return network.length == 4;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CidrBlock c && c.prefixLength == prefixLength && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }

    /** The canonical form: {@code 127.0.0.0/8}, {@code fe80::/10}. */
    @Override
    public String toString() {
        String a = network.length == 4
                ? (network[0] & 0xff) + "." + (network[1] & 0xff) + "." + (network[2] & 0xff) + "." + (network[3] & 0xff)
                : NetUtil.bytesToIpAddress(network);
        return a + "/" + prefixLength;
    }
}
