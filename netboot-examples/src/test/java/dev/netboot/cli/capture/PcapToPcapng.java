package dev.netboot.cli.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test-only recipe of the hand-made pcapng sample: rewrites a classic pcap as a big-endian pcapng
 * section with nanosecond timestamps, interface and section options, and a Name Resolution Block
 * (which readers skip). {@code SampleFilesTest} checks that the committed sample still equals the
 * recipe's output; {@link #main} regenerates it (JDK only, no tools at test time).
 */
final class PcapToPcapng {
    private PcapToPcapng() {}

    /** {@code java ... PcapToPcapng in.pcap out.pcapng}. */
    public static void main(String[] args) throws IOException {
        Files.write(Path.of(args[1]), convert(Files.readAllBytes(Path.of(args[0])), Path.of(args[0]).getFileName().toString()));
    }

    static byte[] convert(byte[] pcap, String sourceName) {
        ByteBuffer in = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
        int magic = in.getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            in.order(ByteOrder.BIG_ENDIAN);
            magic = in.getInt(0);
        }
        boolean nanos = magic == 0xa1b23c4d;
        int snapLength = in.getInt(16);
        int linkType = in.getInt(20) & 0xffff;
        PcapngBuilder out = new PcapngBuilder()
                .section(true,
                        PcapngBuilder.Option.text(1, "Hand-made from " + sourceName + " for netboot's tests: big-endian"
                                + " section, nanosecond timestamps, a name resolution block to skip."),
                        PcapngBuilder.Option.text(4, "netboot PcapToPcapng"));
        out.interfaceBlock(linkType, snapLength, PcapngBuilder.Option.text(2, "veth-client"), out.tsresol(9))
                .nameResolution(new byte[] {(byte) 192, (byte) 168, 2, 14}, "boot-server.test");
        int at = 24;
        while (at + 16 <= pcap.length) {
            long seconds = Integer.toUnsignedLong(in.getInt(at));
            long fraction = Integer.toUnsignedLong(in.getInt(at + 4));
            int captured = in.getInt(at + 8);
            int original = in.getInt(at + 12);
            byte[] frame = new byte[captured];
            System.arraycopy(pcap, at + 16, frame, 0, captured);
            long timestamp = seconds * 1_000_000_000L + (nanos ? fraction : fraction * 1000);
            out.enhancedPacket(0, timestamp, frame, original);
            at += 16 + captured;
        }
        return out.bytes();
    }
}
