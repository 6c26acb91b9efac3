package dev.netboot.benchmarks.dhcp;

import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.MessageType;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Extracts the DHCP UDP payloads of classic pcap captures (Ethernet or Linux cooked, IPv4, UDP
 * port 67, 68 or 4011), once, into the hex text that {@link Packets} reads:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.netboot.benchmarks.dhcp.PcapPayloads
 * ../shared/corpus/dhcp/*.pcap > benchmarks/src/main/resources/dhcp-packets.txt}.
 * Benchmarks never read captures at run time. Stateless.
 */
public final class PcapPayloads {
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int LINKTYPE_LINUX_SLL = 113;

    private PcapPayloads() {}

    /** One payload: {@code label} is {@code <capture>:<n>-<message type>}. */
    record Payload(String label, byte[] bytes) {}

    /** Prints one {@code label hex} line per DHCP payload of the captures named by {@code args}. */
    public static void main(String[] args) throws IOException {
        System.out.println("# UDP payloads of the DHCP packets in corpus/dhcp/*.pcap (made by PcapPayloads).");
        System.out.println("# One packet per line: <capture>:<n>-<message type> <payload in hex>.");
        HexFormat hex = HexFormat.of();
        for (String arg : args) {
            for (Payload p : read(Path.of(arg))) {
                System.out.println(p.label() + " " + hex.formatHex(p.bytes()));
            }
        }
    }

    /** The DHCP payloads of one capture, in capture order. */
    static List<Payload> read(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
        String name = file.getFileName().toString().replaceFirst("\\.pcap$", "");
        int magic = in.getInt(0);
        if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            in.order(ByteOrder.LITTLE_ENDIAN);
        } else if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            throw new IOException(file + ": not a classic pcap file (magic 0x" + Integer.toHexString(magic) + ")");
        }
        int linkType = in.getInt(20);
        List<Payload> out = new ArrayList<>();
        int at = 24;
        while (at + 16 <= in.limit()) {
            int captured = in.getInt(at + 8);
            int frame = at + 16;
            at = frame + captured;
            if (at > in.limit()) {
                throw new IOException(file + ": record at " + (frame - 16) + " runs past the end of the file");
            }
            byte[] payload = udpPayload(in.duplicate().order(ByteOrder.BIG_ENDIAN), frame, captured, linkType);
            if (payload != null) {
                out.add(new Payload(name + ":" + (out.size() + 1) + "-" + typeName(payload), payload));
            }
        }
        return out;
    }

    private static byte[] udpPayload(ByteBuffer b, int frame, int length, int linkType) {
        int ip;
        int etherType;
        if (linkType == LINKTYPE_ETHERNET && length >= 14) {
            etherType = b.getShort(frame + 12) & 0xFFFF;
            ip = frame + 14;
        } else if (linkType == LINKTYPE_LINUX_SLL && length >= 16) {
            etherType = b.getShort(frame + 14) & 0xFFFF;
            ip = frame + 16;
        } else {
            return null;
        }
        int end = frame + length;
        if (etherType != 0x0800 || ip + 20 > end || (b.get(ip) >> 4) != 4 || b.get(ip + 9) != 17) {
            return null;
        }
        if ((b.getShort(ip + 6) & 0x3FFF) != 0) {
            return null; // a fragment: DHCP messages here are never fragmented
        }
        int udp = ip + (b.get(ip) & 0x0F) * 4;
        if (udp + 8 > end) {
            return null;
        }
        int src = b.getShort(udp) & 0xFFFF;
        int dst = b.getShort(udp + 2) & 0xFFFF;
        if (!isDhcpPort(src) && !isDhcpPort(dst)) {
            return null;
        }
        int payloadLength = Math.min((b.getShort(udp + 4) & 0xFFFF) - 8, end - udp - 8);
        byte[] payload = new byte[Math.max(0, payloadLength)];
        b.get(udp + 8, payload);
        return payload;
    }

    private static boolean isDhcpPort(int port) {
        return port == 67 || port == 68 || port == 4011;
    }

    private static String typeName(byte[] payload) {
        MessageType t = DhcpMessage.decode(Unpooled.wrappedBuffer(payload)).messageType();
        return t == null ? "bootp" : t.name().replaceFirst("^DHCP", "").toLowerCase(Locale.ROOT);
    }
}
