package dev.netboot.server.serve;

import dev.netboot.cli.capture.CaptureOptions;
import dev.netboot.cli.capture.CaptureReader;
import dev.netboot.cli.capture.UdpDatagram;
import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.Ipv4;
import dev.netboot.dhcp.MessageType;
import dev.netboot.tftp.TftpCodec;
import dev.netboot.tftp.TftpCodecException;
import dev.netboot.tftp.TftpOptions;
import dev.netboot.tftp.TftpPacket;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a tcpdump capture of one network boot holds, decoded with netboot's own code: the DHCP
 * messages ({@link DhcpMessage} over datagrams from {@link CaptureReader}), the TFTP packets
 * ({@link TftpCodec}), and the first line of each HTTP request and response (TCP payloads, read
 * from the classic pcap records here because the capture reader delivers UDP only). Every value
 * is copied out of the capture's buffers, which are released before {@link #read} returns.
 * Immutable.
 */
final class BootCapture {
    /** One DHCP message, its fields copied. {@code arch} is -1 without option 93. */
    record Dhcp(long frame, String source, String destination, MessageType type, int xid, String mac, int arch,
            byte[] userClass, String vendorClass, String bootFile, String siaddr, String yiaddr, String serverId) {
        String userClassText() {
            return userClass == null ? null : new String(userClass, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return "#" + frame + " " + source + " > " + destination + " " + type + " xid " + Integer.toHexString(xid)
                    + " " + mac + " arch=" + arch + " 77=" + (userClass == null ? "-" : ByteBufUtil.hexDump(userClass))
                    + " 60=" + vendorClass + " yiaddr=" + yiaddr + " siaddr=" + siaddr + " 54=" + serverId
                    + " file=\"" + bootFile + "\"";
        }
    }

    /**
     * One TFTP packet. {@code data} is the DATA payload (empty for other packets), {@code block}
     * the DATA or ACK block number (-1 otherwise).
     */
    record Tftp(long frame, InetSocketAddress source, InetSocketAddress destination, int opcode, String filename,
            TftpOptions options, int block, byte[] data, int errorCode, String errorMessage) {
        @Override
        public String toString() {
            return "#" + frame + " " + source + " > " + destination + " op " + opcode
                    + (filename != null ? " \"" + filename + "\"" : "") + (options != null ? " " + options : "")
                    + (block >= 0 ? " block " + block + (opcode == TftpCodec.DATA ? " (" + data.length + " bytes)" : "") : "")
                    + (errorMessage != null ? " error " + errorCode + " \"" + errorMessage + "\"" : "");
        }
    }

    /** The first line of an HTTP request or response carried in one TCP segment. */
    record Http(long frame, String source, String destination, String firstLine) {
        @Override
        public String toString() {
            return "#" + frame + " " + source + " > " + destination + " " + firstLine;
        }
    }

    /** One read request and the packets of its transfer (same client port, server's side any port). */
    record Transfer(Tftp request, List<Tftp> packets) {
        /** The file as the client received it: DATA blocks in order, each block once. */
        byte[] received() {
            TreeMap<Integer, byte[]> blocks = new TreeMap<>();
            for (Tftp p : packets) {
                if (p.opcode() == TftpCodec.DATA && p.source().getPort() != request.source().getPort()) {
                    blocks.putIfAbsent(p.block(), p.data());
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            blocks.values().forEach(out::writeBytes);
            return out.toByteArray();
        }

        /** The server's packets of the given opcode. */
        List<Tftp> fromServer(int opcode) {
            return packets.stream().filter(p -> p.opcode() == opcode && !p.source().equals(request.source())).toList();
        }

        /** The client's packets of the given opcode (after the request). */
        List<Tftp> fromClient(int opcode) {
            return packets.stream().filter(p -> p.opcode() == opcode && p.source().equals(request.source())).toList();
        }
    }

    final List<Dhcp> dhcp;
    final List<Tftp> tftp;
    final List<Http> http;

    private BootCapture(List<Dhcp> dhcp, List<Tftp> tftp, List<Http> http) {
        this.dhcp = List.copyOf(dhcp);
        this.tftp = List.copyOf(tftp);
        this.http = List.copyOf(http);
    }

    /** Reads {@code pcap} (classic pcap over Ethernet, as tcpdump writes it). */
    static BootCapture read(Path pcap) {
        List<Dhcp> dhcp = new ArrayList<>();
        List<Tftp> tftp = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(pcap, CaptureOptions.defaults())) {
            while (reader.hasNext()) {
                try (UdpDatagram d = reader.next()) {
                    InetSocketAddress src = d.source().orElseThrow();
                    InetSocketAddress dst = d.destination().orElseThrow();
                    if (isDhcp(src.getPort()) || isDhcp(dst.getPort())) {
                        dhcp.add(dhcp(d, src, dst));
                    } else {
                        Tftp t = tftp(d, src, dst);
                        if (t != null) {
                            tftp.add(t);
                        }
                    }
                }
            }
        }
        return new BootCapture(dhcp, tftp, http(pcap));
    }

    private static boolean isDhcp(int port) {
        return port == 67 || port == 68 || port == 4011;
    }

    private static Dhcp dhcp(UdpDatagram d, InetSocketAddress src, InetSocketAddress dst) {
        DhcpMessage m = DhcpMessage.decode(d.payload());
        byte[] vendor = m.optionBytes(60);
        return new Dhcp(d.frameNumber(), host(src), host(dst), m.messageType(), m.xid(), m.chaddrString(),
                m.optionU16(93, -1), m.optionBytes(77),
                vendor == null ? null : new String(vendor, StandardCharsets.ISO_8859_1), m.bootFileName(),
                Ipv4.format(m.siaddr()), Ipv4.format(m.yiaddr()), m.has(54) ? Ipv4.format(m.optionInt(54, 0)) : null);
    }

    /** A TFTP packet, or null for a datagram that is not one (anything else on the segment). */
    private static Tftp tftp(UdpDatagram d, InetSocketAddress src, InetSocketAddress dst) {
        TftpPacket p;
        try {
            p = TftpCodec.decode(d.payload());
        } catch (TftpCodecException e) {
            return null;
        }
        long frame = d.frameNumber();
        if (p instanceof TftpPacket.ReadRequest r) {
            return new Tftp(frame, src, dst, p.opcode(), r.filename(), r.options(), -1, new byte[0], -1, null);
        } else if (p instanceof TftpPacket.OptionAck o) {
            return new Tftp(frame, src, dst, p.opcode(), null, o.options(), -1, new byte[0], -1, null);
        } else if (p instanceof TftpPacket.Data data) {
            return new Tftp(frame, src, dst, p.opcode(), null, null, data.block(), ByteBufUtil.getBytes(data.payload()),
                    -1, null);
        } else if (p instanceof TftpPacket.Ack a) {
            return new Tftp(frame, src, dst, p.opcode(), null, null, a.block(), new byte[0], -1, null);
        } else if (p instanceof TftpPacket.ErrorPacket e) {
            return new Tftp(frame, src, dst, p.opcode(), null, null, -1, new byte[0], e.code().code(), e.message());
        }
        return null;
    }

    private static String host(InetSocketAddress a) {
        return a.getAddress().getHostAddress();
    }

    /** The DHCP messages of type {@code type}. */
    List<Dhcp> dhcp(MessageType type) {
        return dhcp.stream().filter(m -> type.equals(m.type())).toList();
    }

    /** The read requests for {@code filename}, each with its transfer, in capture order. */
    List<Transfer> transfers(String filename) {
        List<Transfer> out = new ArrayList<>();
        for (Tftp rrq : tftp) {
            if (rrq.opcode() != TftpCodec.RRQ || !rrq.filename().equals(filename)) {
                continue;
            }
            InetSocketAddress client = rrq.source();
            List<Tftp> packets = tftp.stream()
                    .filter(p -> p.frame() > rrq.frame() && p.opcode() != TftpCodec.RRQ)
                    .filter(p -> p.source().equals(client) || p.destination().equals(client))
                    .toList();
            out.add(new Transfer(rrq, packets));
        }
        return out;
    }

    /** The HTTP first lines that start with {@code prefix}. */
    List<Http> http(String prefix) {
        return http.stream().filter(h -> h.firstLine().startsWith(prefix)).toList();
    }

    /** A readable summary for assertion messages: DHCP, TFTP requests and errors, HTTP. */
    String summary() {
        StringBuilder b = new StringBuilder();
        dhcp.forEach(m -> b.append("  ").append(m).append('\n'));
        tftp.stream().filter(t -> t.opcode() == TftpCodec.RRQ || t.opcode() == TftpCodec.OACK
                || t.opcode() == TftpCodec.ERROR).forEach(t -> b.append("  ").append(t).append('\n'));
        http.forEach(h -> b.append("  ").append(h).append('\n'));
        return b.toString();
    }

    // ------------------------------------------------------------------ TCP, from the pcap records

    private static final int PCAP_MAGIC = 0xa1b2c3d4;
    private static final int PCAP_MAGIC_NANOS = 0xa1b23c4d;
    private static final int LINKTYPE_ETHERNET = 1;

    /** The first lines of HTTP messages: TCP segments to or from port 80 whose payload starts a request or response. */
    private static List<Http> http(Path pcap) {
        byte[] file;
        try {
            file = Files.readAllBytes(pcap);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.BIG_ENDIAN);
        if (file.length < 24) {
            throw new IllegalStateException(pcap + ": " + file.length + " bytes, shorter than a pcap header");
        }
        int magic = b.getInt(0);
        if (magic != PCAP_MAGIC && magic != PCAP_MAGIC_NANOS) {
            b.order(ByteOrder.LITTLE_ENDIAN);
            magic = b.getInt(0);
            if (magic != PCAP_MAGIC && magic != PCAP_MAGIC_NANOS) {
                throw new IllegalStateException(pcap + ": offset 0: not a classic pcap file");
            }
        }
        if (b.getInt(20) != LINKTYPE_ETHERNET) {
            throw new IllegalStateException(pcap + ": offset 20: link type " + b.getInt(20) + " (expected: 1, Ethernet)");
        }
        List<Http> out = new ArrayList<>();
        int off = 24;
        long frame = 0;
        while (off + 16 <= file.length) {
            int captured = b.getInt(off + 8);
            int data = off + 16;
            if (captured < 0 || data + captured > file.length) {
                throw new IllegalStateException(pcap + ": offset " + off + ": record of " + captured
                        + " bytes runs past the end of the file");
            }
            frame++;
            Http h = httpLine(file, data, captured, frame);
            if (h != null) {
                out.add(h);
            }
            off = data + captured;
        }
        return out;
    }

    private static Http httpLine(byte[] f, int start, int length, long frame) {
        int end = start + length;
        // Ethernet II, IPv4 only (the capture filter is "ip or arp"; the guest's IPv6 is not captured)
        if (length < 14 + 20 || u16(f, start + 12) != 0x0800) {
            return null;
        }
        int ip = start + 14;
        int ihl = (f[ip] & 0x0f) * 4;
        if ((f[ip] & 0xf0) != 0x40 || (f[ip + 9] & 0xff) != 6 || ip + ihl + 20 > end) {
            return null;
        }
        int ipEnd = Math.min(end, ip + u16(f, ip + 2));
        int tcp = ip + ihl;
        int srcPort = u16(f, tcp);
        int dstPort = u16(f, tcp + 2);
        int payload = tcp + ((f[tcp + 12] & 0xf0) >> 4) * 4;
        if ((srcPort != 80 && dstPort != 80) || payload >= ipEnd) {
            return null;
        }
        String text = new String(f, payload, ipEnd - payload, StandardCharsets.ISO_8859_1);
        int eol = text.indexOf("\r\n");
        String first = eol < 0 ? text : text.substring(0, eol);
        if (!first.matches("(GET|HEAD|POST) \\S+ HTTP/1\\.[01]|HTTP/1\\.[01] \\d{3}.*")) {
            return null;
        }
        String src = address(f, ip + 12) + ":" + srcPort;
        String dst = address(f, ip + 16) + ":" + dstPort;
        return new Http(frame, src, dst, first);
    }

    private static int u16(byte[] f, int i) {
        return ((f[i] & 0xff) << 8) | (f[i + 1] & 0xff);
    }

    private static String address(byte[] f, int i) {
        return Arrays.stream(new int[] {f[i] & 0xff, f[i + 1] & 0xff, f[i + 2] & 0xff, f[i + 3] & 0xff})
                .mapToObj(Integer::toString).collect(Collectors.joining("."));
    }
}
