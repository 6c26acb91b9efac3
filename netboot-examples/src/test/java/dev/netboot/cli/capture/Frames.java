package dev.netboot.cli.capture;

import java.io.ByteArrayOutputStream;

/** Test-only: byte-level builders of IPv4/UDP packets and the link-layer frames around them (JDK only). */
final class Frames {
    static final byte[] CLIENT = {0, 0, 0, 0};
    static final byte[] BROADCAST = {(byte) 255, (byte) 255, (byte) 255, (byte) 255};
    static final byte[] SERVER = {(byte) 192, (byte) 168, 2, 14};

    private Frames() {}

    /** An IPv4 header without options, then UDP, then {@code payload}. */
    static byte[] ipv4Udp(byte[] source, int sourcePort, byte[] destination, int destinationPort, byte[] payload) {
        return ipv4Udp(source, sourcePort, destination, destinationPort, payload, 0, 0);
    }

    /**
     * An IPv4/UDP packet with {@code optionWords} 4-byte words of IPv4 options (NOPs) and the
     * flags/fragment-offset field {@code fragment}.
     */
    static byte[] ipv4Udp(byte[] source, int sourcePort, byte[] destination, int destinationPort, byte[] payload,
            int optionWords, int fragment) {
        byte[] udp = new byte[8 + payload.length];
        put16(udp, 0, sourcePort);
        put16(udp, 2, destinationPort);
        put16(udp, 4, udp.length);
        System.arraycopy(payload, 0, udp, 8, payload.length);
        return ipv4(source, destination, 17, udp, optionWords, fragment);
    }

    /** An IPv4 packet carrying {@code data} as protocol {@code protocol}. */
    static byte[] ipv4(byte[] source, byte[] destination, int protocol, byte[] data, int optionWords, int fragment) {
        int headerLength = 20 + 4 * optionWords;
        byte[] ip = new byte[headerLength + data.length];
        ip[0] = (byte) (0x40 | (headerLength / 4));
        put16(ip, 2, ip.length);
        put16(ip, 4, 0x1234);
        put16(ip, 6, fragment);
        ip[8] = 64;
        ip[9] = (byte) protocol;
        System.arraycopy(source, 0, ip, 12, 4);
        System.arraycopy(destination, 0, ip, 16, 4);
        for (int i = 20; i < headerLength; i++) {
            ip[i] = 1; // NOP options
        }
        System.arraycopy(data, 0, ip, headerLength, data.length);
        return ip;
    }

    /** An Ethernet II frame with {@code etherType}, preceded by one 4-byte tag per {@code tagTypes} entry. */
    static byte[] ethernet(byte[] l3, int etherType, int... tagTypes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {-1, -1, -1, -1, -1, -1, 2, 0, 0, 0, 0, 1});
        int vlan = 100;
        for (int tag : tagTypes) {
            out.writeBytes(new byte[] {(byte) (tag >> 8), (byte) tag, (byte) (vlan >> 8), (byte) vlan});
            vlan++;
        }
        out.writeBytes(new byte[] {(byte) (etherType >> 8), (byte) etherType});
        out.writeBytes(l3);
        return out.toByteArray();
    }

    /** An Ethernet II frame carrying IPv4. */
    static byte[] ethernet(byte[] ipv4) {
        return ethernet(ipv4, 0x0800);
    }

    /** A Linux cooked (SLL, link type 113) frame. */
    static byte[] sll(byte[] l3, int protocol) {
        byte[] frame = new byte[16 + l3.length];
        put16(frame, 0, 0); // to us
        put16(frame, 2, 1); // ARPHRD_ETHER
        put16(frame, 4, 6);
        System.arraycopy(new byte[] {2, 0, 0, 0, 0, 1}, 0, frame, 6, 6);
        put16(frame, 14, protocol);
        System.arraycopy(l3, 0, frame, 16, l3.length);
        return frame;
    }

    /** A Linux cooked v2 (SLL2, link type 276) frame. */
    static byte[] sll2(byte[] l3, int protocol) {
        byte[] frame = new byte[20 + l3.length];
        put16(frame, 0, protocol);
        frame[7] = 3; // interface index
        put16(frame, 8, 1); // ARPHRD_ETHER
        frame[10] = 4; // outgoing
        frame[11] = 6;
        System.arraycopy(new byte[] {2, 0, 0, 0, 0, 1}, 0, frame, 12, 6);
        System.arraycopy(l3, 0, frame, 20, l3.length);
        return frame;
    }

    /** {@code frame} followed by {@code count} zero bytes (Ethernet minimum-size padding, FCS, trailers). */
    static byte[] padded(byte[] frame, int count) {
        byte[] out = new byte[frame.length + count];
        System.arraycopy(frame, 0, out, 0, frame.length);
        return out;
    }

    /** {@code n} bytes counting up from {@code first}. */
    static byte[] payload(int n, int first) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    static void put16(byte[] b, int at, int value) {
        b[at] = (byte) (value >> 8);
        b[at + 1] = (byte) value;
    }
}
