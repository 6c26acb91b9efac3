package dev.netboot.cli.capture;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Test-only: writes pcapng files block by block (JDK only). Each {@link #section} fixes the byte
 * order of the blocks after it, as in the format.
 */
final class PcapngBuilder {
    /** One block option: code and raw value (padded on output). */
    record Option(int code, byte[] value) {
        static Option text(int code, String text) {
            return new Option(code, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private boolean bigEndian;

    /** Appends a Section Header Block (version 1.0, section length unknown). */
    PcapngBuilder section(boolean bigEndian, Option... options) {
        this.bigEndian = bigEndian;
        Body body = new Body();
        body.u32(0x1a2b3c4dL);
        body.u16(1);
        body.u16(0);
        body.u32(0xffffffffL);
        body.u32(0xffffffffL);
        body.options(options);
        return block(0x0a0d0d0a, body);
    }

    /** Appends an Interface Description Block. */
    PcapngBuilder interfaceBlock(int linkType, long snapLength, Option... options) {
        Body body = new Body();
        body.u16(linkType);
        body.u16(0);
        body.u32(snapLength);
        body.options(options);
        return block(1, body);
    }

    /** The if_tsresol option (code 9). */
    Option tsresol(int value) {
        return new Option(9, new byte[] {(byte) value});
    }

    /** The if_tsoffset option (code 14), in this section's byte order. */
    Option tsoffset(long seconds) {
        Body b = new Body();
        b.u64(seconds);
        return new Option(14, b.bytes());
    }

    /** Appends an Enhanced Packet Block holding all of {@code frame}. */
    PcapngBuilder enhancedPacket(int interfaceId, long timestamp, byte[] frame, Option... options) {
        return enhancedPacket(interfaceId, timestamp, frame, frame.length, options);
    }

    /** Appends an Enhanced Packet Block of a frame that was {@code original} bytes on the wire. */
    PcapngBuilder enhancedPacket(int interfaceId, long timestamp, byte[] frame, int original, Option... options) {
        Body body = new Body();
        body.u32(interfaceId);
        body.u32(timestamp >>> 32);
        body.u32(timestamp & 0xffffffffL);
        body.u32(frame.length);
        body.u32(original);
        body.padded(frame);
        body.options(options);
        return block(6, body);
    }

    /** Appends a Simple Packet Block (interface 0). */
    PcapngBuilder simplePacket(byte[] frame, int original) {
        Body body = new Body();
        body.u32(original);
        body.padded(frame);
        return block(3, body);
    }

    /** Appends an obsolete Packet Block (type 2). */
    PcapngBuilder packet(int interfaceId, long timestamp, byte[] frame) {
        Body body = new Body();
        body.u16(interfaceId);
        body.u16(0);
        body.u32(timestamp >>> 32);
        body.u32(timestamp & 0xffffffffL);
        body.u32(frame.length);
        body.u32(frame.length);
        body.padded(frame);
        return block(2, body);
    }

    /** Appends a Name Resolution Block with one IPv4 record and the end record. */
    PcapngBuilder nameResolution(byte[] address, String name) {
        Body body = new Body();
        byte[] text = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        body.u16(1);
        body.u16(4 + text.length);
        byte[] value = new byte[4 + text.length];
        System.arraycopy(address, 0, value, 0, 4);
        System.arraycopy(text, 0, value, 4, text.length);
        body.padded(value);
        body.u16(0);
        body.u16(0);
        return block(4, body);
    }

    /** Appends a block of any type with {@code body} (padded to 4 bytes). */
    PcapngBuilder block(int type, byte[] bodyBytes) {
        Body body = new Body();
        body.padded(bodyBytes);
        return block(type, body);
    }

    /** Appends raw bytes (for damaged files). */
    PcapngBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private PcapngBuilder block(int type, Body body) {
        byte[] b = body.bytes();
        Body block = new Body();
        block.u32(type & 0xffffffffL);
        block.u32(b.length + 12);
        block.out.writeBytes(b);
        block.u32(b.length + 12);
        out.writeBytes(block.bytes());
        return this;
    }

    private final class Body {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void u16(int v) {
            if (bigEndian) {
                out.write(v >> 8);
                out.write(v);
            } else {
                out.write(v);
                out.write(v >> 8);
            }
        }

        void u32(long v) {
            if (bigEndian) {
                u16((int) (v >>> 16) & 0xffff);
                u16((int) v & 0xffff);
            } else {
                u16((int) v & 0xffff);
                u16((int) (v >>> 16) & 0xffff);
            }
        }

        void u64(long v) {
            if (bigEndian) {
                u32(v >>> 32);
                u32(v & 0xffffffffL);
            } else {
                u32(v & 0xffffffffL);
                u32(v >>> 32);
            }
        }

        void padded(byte[] data) {
            out.writeBytes(data);
            out.write(new byte[(4 - data.length % 4) % 4], 0, (4 - data.length % 4) % 4);
        }

        void options(Option... options) {
            if (options.length == 0) {
                return;
            }
            for (Option o : options) {
                u16(o.code());
                u16(o.value().length);
                padded(o.value());
            }
            u16(0);
            u16(0);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
