package dev.netboot.benchmarks.dhcp;

import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.DhcpWriter;
import dev.netboot.dhcp.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Correctness before speed: checks, before measuring, that every implementation reads the same
 * four fields from the corpus packets and that every encoder's OFFER decodes to the reference
 * values; and probes what each peer makes of option 67 in an overloaded {@code file} field and of
 * RFC 3396 split options. The benchmarks print these reports in their setup; {@link #main} prints
 * them alone. Stateless.
 */
public final class PeerProbes {
    private static final String NETBOOT = "netboot";

    private PeerProbes() {}

    /** Prints every report (decode agreement over the whole corpus, probes, encoders). */
    public static void main(String[] args) {
        List<DhcpPeer> peers = Peers.all();
        print(decodeReport(Packets.corpus(), peers));
        print(probeReport(peers));
        print(encodeReport(peers, OfferSpec.REFERENCE));
    }

    static void print(List<String> lines) {
        lines.forEach(System.out::println);
        System.out.flush();
    }

    /** For adapters: what a peer reports as the boot file, option 67 first. */
    public static String bootFileReport(byte[] option67, String fileField) {
        return (option67 == null ? "option 67 absent" : "option 67 \"" + escape(new String(option67, StandardCharsets.ISO_8859_1)) + "\"")
                + ", file field \"" + escape(fileField) + "\"";
    }

    static String escape(String s) {
        if (s == null) {
            return "(null)";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
                b.append(c);
            } else {
                b.append(String.format(c <= 0xff ? "\\x%02x" : "\\u%04x", (int) c));
            }
        }
        return b.toString();
    }

    private static String failure(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root instanceof IllegalArgumentException) {
            root = root.getCause();
        }
        return "THREW " + root.getClass().getName() + ": " + root.getMessage();
    }

    // ---------------------------------------------------------------- decode

    /**
     * Applies {@code f} to {@code bytes} in a pooled direct buffer, then releases it. The checks use
     * the buffer class the benchmarks use, so that they do not teach the JIT a second receiver type
     * at netboot's and the baseline's call sites before measurement.
     */
    static <T> T direct(byte[] bytes, Function<ByteBuf, T> f) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
        try {
            return f.apply(b);
        } finally {
            b.release();
        }
    }

    /** Digest of the four fields as netboot reads them. */
    static int oursDigest(byte[] packet) {
        return direct(packet, b -> Ours.decodeFields(DhcpMessage.decode(b)));
    }

    /** Whether every implementation reads the same four fields from each packet. */
    static List<String> decodeReport(List<Packets.Packet> packets, List<DhcpPeer> peers) {
        List<String> out = new ArrayList<>();
        List<String> names = new ArrayList<>(List.of("minimal scan"));
        List<ToIntFunction<byte[]>> readers = new ArrayList<>(List.of(p -> direct(p, MinimalScan::decode)));
        for (DhcpPeer peer : peers) {
            names.add(peer.name());
            readers.add(p -> peer.decodeFields(ByteBuffer.wrap(p)));
        }
        int[] agree = new int[names.size()];
        List<String> details = new ArrayList<>();
        for (Packets.Packet p : packets) {
            int expected = oursDigest(p.bytes());
            for (int k = 0; k < names.size(); k++) {
                String got;
                try {
                    if (readers.get(k).applyAsInt(p.bytes()) == expected) {
                        agree[k]++;
                        continue;
                    }
                    got = k == 0 ? "differs" : peers.get(k - 1).describeFields(ByteBuffer.wrap(p.bytes()));
                } catch (RuntimeException e) {
                    got = failure(e);
                }
                details.add("    " + p.label() + ": " + names.get(k) + " reads " + got + "; netboot reads "
                        + direct(p.bytes(), b -> Ours.describeFields(DhcpMessage.decode(b))));
            }
        }
        out.add("Decode check: message type, client architecture, vendor class and requested address of "
                + packets.size() + " packet(s), compared with netboot's reading:");
        for (int k = 0; k < names.size(); k++) {
            out.add("  " + names.get(k) + ": " + agree[k] + "/" + packets.size() + " agree");
        }
        out.addAll(details);
        return out;
    }

    // ---------------------------------------------------------------- probes

    /** What each peer makes of option 67 in an overloaded file field and of split options. */
    static List<String> probeReport(List<DhcpPeer> peers) {
        List<String> out = new ArrayList<>();
        byte[] overloaded = Packets.overloadedFile();
        out.add("Probe: option 67 \"" + Packets.OVERLOADED_BOOT_FILE + "\" carried in the file field, overloaded by option 52 = 1 (RFC 2132 9.3):");
        out.add("  " + NETBOOT + ": bootFileName() \"" + escape(direct(overloaded, b -> DhcpMessage.decode(b).bootFileName())) + "\"");
        for (DhcpPeer peer : peers) {
            String got;
            try {
                got = peer.bootFile(ByteBuffer.wrap(overloaded));
            } catch (RuntimeException e) {
                got = failure(e);
            }
            out.add("  " + peer.name() + ": " + got);
        }
        splitProbe(out, peers, 43, 300, 255, "option 43 (vendor-encapsulated), 300 bytes split 255 + 45");
        splitProbe(out, peers, 60, 32, 16, "option 60 (vendor class), 32 bytes split 16 + 16");
        return out;
    }

    private static void splitProbe(List<String> out, List<DhcpPeer> peers, int code, int length, int part, String what) {
        byte[] packet = Packets.split(code, length, part);
        out.add("Probe: RFC 3396 split " + what + "; length of the value read (expected " + length + "):");
        out.add("  " + NETBOOT + ": " + direct(packet, b -> DhcpMessage.decode(b).valueLength(code)));
        for (DhcpPeer peer : peers) {
            String got;
            try {
                got = String.valueOf(peer.optionLength(ByteBuffer.wrap(packet), code));
            } catch (RuntimeException e) {
                got = failure(e);
            }
            out.add("  " + peer.name() + ": " + got);
        }
    }

    // ---------------------------------------------------------------- encode

    /** Whether each encoder's OFFER, decoded by netboot, carries the reference values. */
    static List<String> encodeReport(List<DhcpPeer> peers, OfferSpec o) {
        List<String> out = new ArrayList<>();
        out.add("Encode check: each encoder's OFFER decoded by netboot and compared with the reference values:");
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(1500);
        try {
            DhcpWriter w = new DhcpWriter();
            int n = Ours.encodeOffer(w, buf, o);
            out.add("  " + NETBOOT + " (pre-encoded): " + checkOffer(ByteBufUtil.getBytes(buf, 0, n), o));
            buf.clear();
            n = Ours.encodeOfferTyped(w, buf, o);
            out.add("  " + NETBOOT + " (typed): " + checkOffer(ByteBufUtil.getBytes(buf, 0, n), o));
            buf.clear();
            n = MinimalScan.encode(buf, o, Arrays.copyOf(o.chaddr(), 16), o.file().getBytes(StandardCharsets.US_ASCII));
            out.add("  minimal: " + checkOffer(ByteBufUtil.getBytes(buf, 0, n), o));
        } finally {
            buf.release();
        }
        for (DhcpPeer peer : peers) {
            String got;
            try {
                peer.prepare(o);
                peer.buildAndEncode(o);
                got = checkOffer(peer.lastEncoded(), o);
                peer.encodePrepared();
                String again = checkOffer(peer.lastEncoded(), o);
                if (!again.equals(got)) {
                    got += "; re-encoding a prepared message: " + again;
                }
            } catch (RuntimeException e) {
                got = failure(e);
            }
            out.add("  " + peer.name() + ": " + got);
        }
        return out;
    }

    static String checkOffer(byte[] bytes, OfferSpec o) {
        return direct(bytes, b -> checkOffer(DhcpMessage.decode(b), bytes.length, o));
    }

    private static String checkOffer(DhcpMessage m, int length, OfferSpec o) {
        List<String> issues = new ArrayList<>();
        if (!MessageType.OFFER.equals(m.messageType())) {
            issues.add("message type " + m.messageType());
        }
        if (m.op() != DhcpMessage.BOOTREPLY || m.xid() != o.xid() || m.yiaddr() != o.yiaddr() || m.siaddr() != o.siaddr()
                || !Arrays.equals(m.chaddr(), o.chaddr()) || !m.file().equals(o.file())) {
            issues.add("header differs");
        }
        int[] codes = o.codes();
        for (int i = 0; i < codes.length; i++) {
            byte[] v = m.optionBytes(codes[i]);
            if (v == null) {
                issues.add("option " + codes[i] + " missing");
            } else if (!Arrays.equals(v, o.values()[i])) {
                issues.add("option " + codes[i] + " value differs");
            }
        }
        if (m.optionCount() != codes.length + 1) {
            issues.add(m.optionCount() + " options (expected " + (codes.length + 1) + ")");
        }
        if (m.optionCount() > 0 && m.optionCode(0) != 53) {
            issues.add("option 53 is not first (it is option #" + (m.indexOf(53) + 1) + ")");
        }
        if (length < DhcpWriter.BOOTP_MIN_LENGTH) {
            issues.add(length + " bytes, under the 300-byte BOOTP minimum (RFC 1542 2.1)");
        }
        if (!m.problems().isEmpty()) {
            issues.add("problems " + m.problems());
        }
        return (issues.isEmpty() ? "ok" : String.join("; ", issues)) + " (" + length + " bytes)";
    }
}
