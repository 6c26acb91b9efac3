package dev.netboot.server.dhcp;

import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.DhcpWriter;
import dev.netboot.dhcp.Ipv4;
import dev.netboot.dhcp.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds client messages for tests (a tiny crafted DHCP client); not thread-safe. */
final class Packets {
    private final MessageType type;
    private byte[] mac = {2, 0x13, 0, 0, 0, 1};
    private int xid = 0x1234;
    private int ciaddr;
    private int giaddr;
    private int flags;
    private int op = 1;
    private int maxSize;
    private final List<Object[]> options = new ArrayList<>();

    private Packets(MessageType type) {
        this.type = type;
    }

    static Packets of(MessageType type) {
        return new Packets(type);
    }

    Packets mac(int last) {
        mac = new byte[] {2, 0x13, 0, 0, (byte) (last >>> 8), (byte) last};
        return this;
    }

    Packets mac(byte[] m) {
        mac = m.clone();
        return this;
    }

    byte[] macAddress() {
        return mac.clone();
    }

    Packets xid(int v) {
        xid = v;
        return this;
    }

    Packets ciaddr(String a) {
        ciaddr = Ipv4.parse(a);
        return this;
    }

    Packets giaddr(String a) {
        giaddr = Ipv4.parse(a);
        return this;
    }

    Packets broadcast() {
        flags = 0x8000;
        return this;
    }

    Packets op(int v) {
        op = v;
        return this;
    }

    /** Lets the built message grow to {@code bytes} (IP and UDP headers included) without sending option 57. */
    Packets maxSize(int bytes) {
        maxSize = bytes;
        return this;
    }

    Packets option(int code, byte[] value) {
        options.add(new Object[] {code, value});
        return this;
    }

    Packets option(int code, String text) {
        return option(code, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    Packets address(int code, String a) {
        int v = Ipv4.parse(a);
        return option(code, new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }

    Packets requestList(int... codes) {
        byte[] v = new byte[codes.length];
        for (int i = 0; i < codes.length; i++) {
            v[i] = (byte) codes[i];
        }
        return option(55, v);
    }

    Packets arch(int code) {
        return option(93, new byte[] {(byte) (code >>> 8), (byte) code});
    }

    /** A new unpooled heap buffer (the caller releases it). */
    ByteBuf build() {
        ByteBuf out = Unpooled.buffer(600);
        DhcpWriter w = new DhcpWriter();
        w.begin(out, op, type).xid(xid).ciaddr(ciaddr).giaddr(giaddr).flags(flags).chaddr(mac);
        if (maxSize > 0) {
            w.maxMessageSize(maxSize);
        }
        for (Object[] o : options) {
            w.option((Integer) o[0], (byte[]) o[1]);
        }
        w.finish();
        return out;
    }

    static String text(DhcpMessage m, int code) {
        byte[] v = m.optionBytes(code);
        return v == null ? null : new String(v, StandardCharsets.ISO_8859_1);
    }
}
