package dev.netboot.dhcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test helper: builds DHCP messages byte by byte, independently of DhcpWriter. */
final class RawPacket {
    private final byte[] header = new byte[236];
    private final ByteArrayOutputStream options = new ByteArrayOutputStream();
    private boolean cookie = true;
    private boolean end = true;

    static RawPacket discover() {
        RawPacket p = new RawPacket();
        p.header[0] = 1;
        p.header[1] = 1;
        p.header[2] = 6;
        p.header[4] = 0x12;
        p.header[5] = 0x34;
        p.header[6] = 0x56;
        p.header[7] = 0x78;
        byte[] mac = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
        System.arraycopy(mac, 0, p.header, 28, 6);
        return p.option(53, 1);
    }

    RawPacket set(int offset, int... bytes) {
        for (int i = 0; i < bytes.length; i++) {
            header[offset + i] = (byte) bytes[i];
        }
        return this;
    }

    RawPacket setText(int offset, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(b, 0, header, offset, b.length);
        return this;
    }

    RawPacket option(int code, int... value) {
        options.write(code);
        options.write(value.length);
        for (int v : value) {
            options.write(v);
        }
        return this;
    }

    RawPacket option(int code, String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        options.write(code);
        options.write(b.length);
        options.write(b, 0, b.length);
        return this;
    }

    RawPacket raw(int... bytes) {
        for (int v : bytes) {
            options.write(v);
        }
        return this;
    }

    RawPacket noCookie() {
        cookie = false;
        return this;
    }

    RawPacket noEnd() {
        end = false;
        return this;
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header, 0, header.length);
        if (cookie) {
            out.write(0x63);
            out.write(0x82);
            out.write(0x53);
            out.write(0x63);
            byte[] o = options.toByteArray();
            out.write(o, 0, o.length);
            if (end) {
                out.write(255);
            }
        } else {
            out.write(new byte[64], 0, 64);
        }
        return out.toByteArray();
    }

    /** A heap buffer (not reference-tracked) over the bytes. */
    ByteBuf buf() {
        return Unpooled.wrappedBuffer(bytes());
    }

    /** The corpus packets: UDP payloads of every DHCP packet in the project's captures. */
    static List<byte[]> corpus() {
        try (InputStream in = RawPacket.class.getResourceAsStream("/corpus-packets.hex")) {
            List<byte[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(HexFormat.of().parseHex(line.trim()));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
