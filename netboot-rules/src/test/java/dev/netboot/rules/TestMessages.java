package dev.netboot.rules;

import dev.netboot.dhcp.Ipv4;
import dev.netboot.dhcp.DhcpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Crafts raw BOOTREQUEST bytes (236-byte header, magic cookie, options, end) for tests. */
public final class TestMessages {
    private final ByteArrayOutputStream options = new ByteArrayOutputStream();
    private byte[] chaddr = {0x52, 0x54, 0, 0x12, 0x34, 0x56};
    private int htype = 1;
    private int giaddr;
    private int ciaddr;

    /** An empty BOOTREQUEST; see {@link #discover()}. */
    public TestMessages() {}

    /** A DISCOVER from 52:54:00:12:34:56 with no other options. */
    public static TestMessages discover() {
        return new TestMessages().option(53, new byte[] {1});
    }

    public TestMessages mac(String mac) {
        chaddr = Bytes.parseHexBytes(mac);
        return this;
    }

    public TestMessages hardware(int htype, byte[] address) {
        this.htype = htype;
        this.chaddr = address.clone();
        return this;
    }

    public TestMessages giaddr(String a) {
        giaddr = Ipv4.parse(a);
        return this;
    }

    public TestMessages ciaddr(String a) {
        ciaddr = Ipv4.parse(a);
        return this;
    }

    /** Appends one option occurrence (call twice to split a value, RFC 3396). */
    public TestMessages option(int code, byte[] value) {
        options.write(code);
        options.write(value.length);
        options.writeBytes(value);
        return this;
    }

    public TestMessages option(int code, String text) {
        return option(code, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public TestMessages arch(int... codes) {
        byte[] v = new byte[2 * codes.length];
        for (int i = 0; i < codes.length; i++) {
            v[2 * i] = (byte) (codes[i] >>> 8);
            v[2 * i + 1] = (byte) codes[i];
        }
        return option(93, v);
    }

    public byte[] bytes() {
        byte[] h = new byte[240];
        h[0] = 1;
        h[1] = (byte) htype;
        h[2] = (byte) chaddr.length;
        h[4] = 0x12;
        h[5] = 0x34;
        h[6] = 0x56;
        h[7] = 0x78;
        putInt(h, 12, ciaddr);
        putInt(h, 24, giaddr);
        System.arraycopy(chaddr, 0, h, 28, Math.min(16, chaddr.length));
        putInt(h, 236, 0x63825363);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h);
        out.writeBytes(options.toByteArray());
        out.write(255);
        return out.toByteArray();
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    /** Decodes the message into a buffer, applies {@code f} while the buffer is live, and releases it. */
    public <T> T withMessage(Function<DhcpMessage, T> f) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes());
        try {
            return f.apply(DhcpMessage.decode(buf));
        } finally {
            buf.release();
        }
    }
}
