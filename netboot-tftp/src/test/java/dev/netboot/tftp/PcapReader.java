package dev.netboot.tftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test-only reader of classic pcap files (Ethernet, IPv4, UDP); other frames are skipped. */
final class PcapReader {
    /** One UDP datagram: ports and payload (addresses are not needed by the tests). */
    record Datagram(int index, int sourcePort, int destinationPort, byte[] payload) {}

    private PcapReader() {}

    static List<Datagram> udp(String resource) {
        byte[] file;
        try (InputStream in = PcapReader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            file = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic != 0xa1b2c3d4) {
            throw new IllegalArgumentException(resource + ": not a little-endian classic pcap (magic "
                    + Integer.toHexString(magic) + ")");
        }
        if (b.getInt(20) != 1) {
            throw new IllegalArgumentException(resource + ": link type " + b.getInt(20) + " (expected: 1, Ethernet)");
        }
        List<Datagram> out = new ArrayList<>();
        int pos = 24;
        int index = 0;
        while (pos + 16 <= file.length) {
            int captured = b.getInt(pos + 8);
            int frame = pos + 16;
            pos = frame + captured;
            index++;
            ByteBuffer f = ByteBuffer.wrap(file, frame, captured).slice().order(ByteOrder.BIG_ENDIAN);
            if (captured < 14 + 20 + 8 || f.getShort(12) != 0x0800) {
                continue;
            }
            int ihl = (f.get(14) & 0x0F) * 4;
            if (f.get(14 + 9) != 17) {
                continue; // ICMP port unreachable and the like
            }
            int udp = 14 + ihl;
            int udpLength = f.getShort(udp + 4) & 0xFFFF;
            int start = frame + udp + 8;
            out.add(new Datagram(index, f.getShort(udp) & 0xFFFF, f.getShort(udp + 2) & 0xFFFF,
                    Arrays.copyOfRange(file, start, start + udpLength - 8)));
        }
        return out;
    }
}
