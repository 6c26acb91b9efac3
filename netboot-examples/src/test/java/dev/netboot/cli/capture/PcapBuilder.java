package dev.netboot.cli.capture;

import java.io.ByteArrayOutputStream;

/** Test-only: writes classic pcap files byte by byte, in either byte order and time resolution (JDK only). */
final class PcapBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final boolean bigEndian;

    /** Starts a file: the 24-byte header with micro- or nanosecond magic. */
    PcapBuilder(boolean bigEndian, boolean nanos, int linkType, int snapLength) {
        this.bigEndian = bigEndian;
        u32(nanos ? 0xa1b23c4dL : 0xa1b2c3d4L);
        u16(2);
        u16(4);
        u32(0);
        u32(0);
        u32(snapLength);
        u32(linkType);
    }

    /** Little-endian, microseconds, snapshot length 262144. */
    static PcapBuilder ethernet() {
        return new PcapBuilder(false, false, 1, 262_144);
    }

    /** Appends a record holding all of {@code frame}. */
    PcapBuilder record(long seconds, long fraction, byte[] frame) {
        return record(seconds, fraction, frame, frame.length, frame.length);
    }

    /** Appends a record of which the capture kept {@code captured} of {@code original} bytes. */
    PcapBuilder record(long seconds, long fraction, byte[] frame, int captured, int original) {
        u32(seconds);
        u32(fraction);
        u32(captured);
        u32(original);
        out.write(frame, 0, Math.min(captured, frame.length));
        return this;
    }

    /** Appends raw bytes (for damaged files). */
    PcapBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private void u16(int v) {
        if (bigEndian) {
            out.write(v >> 8);
            out.write(v);
        } else {
            out.write(v);
            out.write(v >> 8);
        }
    }

    private void u32(long v) {
        if (bigEndian) {
            u16((int) (v >>> 16) & 0xffff);
            u16((int) v & 0xffff);
        } else {
            u16((int) v & 0xffff);
            u16((int) (v >>> 16) & 0xffff);
        }
    }
}
