package dev.netboot.server.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The client addresses an {@link HttpBootServer} answers, as CIDR blocks (IPv4 and IPv6); every
 * other client gets 403. The write-up's Apache rule {@code Require ip 127.0.0.1/8 192.168.0.0/16}
 * reads as {@code AddressAllowList.parse("127.0.0.1/8 192.168.0.0/16")}; as in Apache, host bits
 * after the prefix are ignored ({@code 127.0.0.1/8} is {@code 127.0.0.0/8}). An IPv4-mapped IPv6
 * client ({@code ::ffff:192.168.2.30}, as a dual-stack socket may report it) is matched against
 * the IPv4 blocks too.
 *
 * <p>Immutable and thread-safe. Parsing never touches DNS: only address literals are accepted.
 */
public final class AddressAllowList {
    /** Every address, IPv4 and IPv6. */
    public static final AddressAllowList ALL = parse("0.0.0.0/0 ::/0");

    private final List<CidrBlock> v4;
    private final List<CidrBlock> v6;
    private final String text;

    private AddressAllowList(Set<CidrBlock> blocks) {
        this.v4 = blocks.stream().filter(CidrBlock::isIpv4).toList();
        this.v6 = blocks.stream().filter(b -> !b.isIpv4()).toList();
        this.text = blocks.stream().map(CidrBlock::toString).collect(Collectors.joining(" "));
    }

    /**
     * Parses blocks separated by white space or commas, each {@code address/prefix} or a bare
     * address (a block of one).
     *
     * @throws IllegalArgumentException naming the entry (1-based) and what is wrong with it, or
     *     when there is no entry at all (an empty list would refuse everyone, which is more likely
     *     a mistake than the intent)
     */
    public static AddressAllowList parse(String blocks) {
        String[] entries = blocks.trim().split("[\\s,]+");
        List<String> list = new ArrayList<>();
        for (String e : entries) {
            if (!e.isEmpty()) {
                list.add(e);
            }
        }
        return of(list);
    }

    /**
     * One block per element.
     *
     * @throws IllegalArgumentException as {@link #parse(String)}
     */
    public static AddressAllowList of(List<String> blocks) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("allow-list: no entry (expected: at least one CIDR block such as "
                    + "192.168.0.0/16; use AddressAllowList.ALL to allow everyone)");
        }
        Set<CidrBlock> set = new LinkedHashSet<>();
        for (int i = 0; i < blocks.size(); i++) {
            String b = blocks.get(i).trim();
            try {
                set.add(CidrBlock.parse(b));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("allow-list entry " + (i + 1) + " \"" + b + "\": " + e.getMessage(), e);
            }
        }
        return new AddressAllowList(set);
    }

    /** Whether {@code address} is in one of the blocks. */
    public boolean permits(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length == 4) {
            return matches(v4, a) || matches(v6, mapped(a));
        }
        if (isIpv4Mapped(a)) {
            byte[] v4Part = {a[12], a[13], a[14], a[15]};
            if (matches(v4, v4Part)) {
                return true;
            }
        }
        return matches(v6, a);
    }

    /** Whether the remote {@code address} (an {@link InetSocketAddress}) is permitted; false for anything else. */
    public boolean permits(SocketAddress address) {
        return address instanceof InetSocketAddress isa && isa.getAddress() != null && permits(isa.getAddress());
    }

    private static boolean matches(List<CidrBlock> blocks, byte[] a) {
        for (CidrBlock b : blocks) {
            if (b.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isIpv4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static byte[] mapped(byte[] v4) {
        byte[] m = new byte[16];
        m[10] = (byte) 0xff;
        m[11] = (byte) 0xff;
        System.arraycopy(v4, 0, m, 12, 4);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressAllowList l && l.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The canonical blocks, separated by spaces: {@code 127.0.0.0/8 192.168.0.0/16}. */
    @Override
    public String toString() {
        return text;
    }
}
