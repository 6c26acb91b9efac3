package dev.netboot.cli.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the bytes, a reader delivers datagrams or throws {@link CaptureFormatException},
 * nothing else, and every buffer it made is released; and what the test builders write, it reads back.
 */
class CaptureReaderProperties {
    private static final int[] LINK_TYPES = {1, 101, 113, 228, 276};

    /** One datagram to write. */
    record Spec(byte[] source, int sourcePort, byte[] destination, int destinationPort, byte[] payload,
            int ipOptionWords, int vlanTags, int linkIndex, long seconds, int micros) {}

    @Property
    void arbitraryBytesGiveDatagramsOrAFormatException(@ForAll("junk") byte[] bytes) {
        drain(bytes);
    }

    @Property
    void arbitraryBytesAfterAValidFileHeader(@ForAll("headers") byte[] header, @ForAll("junk") byte[] rest) {
        byte[] file = Arrays.copyOf(header, header.length + rest.length);
        System.arraycopy(rest, 0, file, header.length, rest.length);
        drain(file);
    }

    @Property
    void mutatedSamplesGiveDatagramsOrAFormatException(@ForAll("mutatedSamples") byte[] file) {
        drain(file);
    }

    @Property
    void pcapRoundTrip(@ForAll("specs") List<Spec> specs, @ForAll boolean bigEndian, @ForAll boolean nanos,
            @ForAll("linkIndex") int linkIndex) {
        int linkType = LINK_TYPES[linkIndex];
        PcapBuilder pcap = new PcapBuilder(bigEndian, nanos, linkType, 262_144);
        for (Spec s : specs) {
            pcap.record(s.seconds(), nanos ? s.micros() * 1000L : s.micros(), frame(s, linkType));
        }
        List<Captured> read = Captured.readAll(pcap.bytes(), "rt.pcap");
        assertMatches(specs, read, true);
    }

    @Property
    void pcapngRoundTrip(@ForAll("specs") List<Spec> specs, @ForAll boolean bigEndian) {
        PcapngBuilder b = new PcapngBuilder().section(bigEndian);
        for (int linkType : LINK_TYPES) {
            b.interfaceBlock(linkType, 0);
        }
        for (Spec s : specs) {
            b.enhancedPacket(s.linkIndex(), s.seconds() * 1_000_000L + s.micros(), frame(s, LINK_TYPES[s.linkIndex()]));
        }
        List<Captured> read = Captured.readAll(b.bytes(), "rt.pcapng");
        assertMatches(specs, read, true);
    }

    @Property
    void hexLinesRoundTrip(@ForAll("payloads") List<byte[]> payloads, @ForAll("separators") List<String> separators) {
        StringBuilder text = new StringBuilder("# generated\n");
        for (byte[] p : payloads) {
            String separator = separators.get(p.length % separators.size());
            StringBuilder line = new StringBuilder(separator.equals(":") ? "" : separator);
            for (int i = 0; i < p.length; i++) {
                line.append(i == 0 ? "" : separator).append(ByteBufUtil.hexDump(p, i, 1));
            }
            text.append(p.length % 3 == 0 ? line.toString().toUpperCase() : line).append(p.length % 2 == 0 ? "\n" : " # c\n\n");
        }
        List<Captured> read = Captured.readAll(text.toString().getBytes(StandardCharsets.US_ASCII), "rt.hex");
        assertEquals(payloads.size(), read.size());
        for (int i = 0; i < payloads.size(); i++) {
            assertArrayEquals(payloads.get(i), read.get(i).payload());
        }
    }

    private static void assertMatches(List<Spec> specs, List<Captured> read, boolean timed) {
        assertEquals(specs.size(), read.size());
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            Captured c = read.get(i);
            assertEquals(i + 1, c.frameNumber());
            if (timed) {
                assertEquals(Instant.ofEpochSecond(s.seconds(), s.micros() * 1000L), c.timestamp().orElseThrow());
            }
            assertArrayEquals(s.source(), c.source().orElseThrow().getAddress().getAddress());
            assertEquals(s.sourcePort(), c.sourcePort());
            assertArrayEquals(s.destination(), c.destination().orElseThrow().getAddress().getAddress());
            assertEquals(s.destinationPort(), c.destinationPort());
            assertArrayEquals(s.payload(), c.payload());
            assertEquals(s.payload().length, c.declaredLength());
        }
    }

    private static byte[] frame(Spec s, int linkType) {
        byte[] ip = Frames.ipv4Udp(s.source(), s.sourcePort(), s.destination(), s.destinationPort(), s.payload(),
                s.ipOptionWords(), 0);
        return switch (linkType) {
            case 1 -> Frames.ethernet(ip, 0x0800, Arrays.copyOf(new int[] {0x88a8, 0x8100, 0x8100}, s.vlanTags()));
            case 113 -> Frames.sll(ip, 0x0800);
            case 276 -> Frames.sll2(ip, 0x0800);
            default -> ip;
        };
    }

    /** Reads {@code bytes} to the end or the first fault, checking the invariants on the way. */
    private static void drain(byte[] bytes) {
        TrackingAllocator allocator = new TrackingAllocator();
        CaptureOptions options = CaptureOptions.defaults().withAllocator(allocator).withMaxRecordBytes(4096)
                .withMaxLineLength(4096);
        try (CaptureReader reader = CaptureReaders.open(new ByteArrayInputStream(bytes), Path.of("fuzz"), options)) {
            while (reader.hasNext()) {
                UdpDatagram d = reader.next();
                try {
                    assertTrue(d.payload().readableBytes() <= d.declaredLength(), d.toString());
                    if (d.origin() instanceof DatagramOrigin.Frame f) {
                        int at = (int) f.payloadOffset();
                        assertArrayEquals(Arrays.copyOfRange(bytes, at, at + d.payload().readableBytes()),
                                ByteBufUtil.getBytes(d.payload()), "the payload is the file's bytes at its offset");
                    }
                } finally {
                    assertTrue(d.payload().release());
                }
            }
        } catch (CaptureFormatException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= bytes.length, e.getMessage());
            assertTrue(e.getMessage().startsWith("fuzz"), e.getMessage());
        }
        assertEquals(0, allocator.live(), "every buffer made was released");
    }

    @Provide
    Arbitrary<byte[]> junk() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
    }

    @Provide
    Arbitrary<Integer> linkIndex() {
        return Arbitraries.integers().between(0, LINK_TYPES.length - 1);
    }

    @Provide
    Arbitrary<byte[]> headers() {
        Arbitrary<byte[]> pcap = Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.of(1, 101, 113, 228, 276)).as((big, nanos, link) -> new PcapBuilder(big, nanos, link, 65535).bytes());
        Arbitrary<byte[]> pcapng = Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(1, 101, 113, 228, 276))
                .as((big, link) -> new PcapngBuilder().section(big).interfaceBlock(link, 0).bytes());
        Arbitrary<String> text = Arbitraries.of("# hex\n", "01 02\n", "");
        return Arbitraries.oneOf(pcap, pcapng, text.map(s -> s.getBytes(StandardCharsets.US_ASCII)));
    }

    @Provide
    Arbitrary<byte[]> mutatedSamples() {
        List<byte[]> files = new ArrayList<>();
        for (Path dir : List.of(Corpus.dhcp(), Corpus.handmade())) {
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(p -> !p.toString().endsWith(".json")).sorted().map(Corpus::bytes).forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Arbitraries.of(files).flatMap(f -> Combinators.combine(
                Arbitraries.integers().between(0, f.length - 1).list().ofMaxSize(6),
                Arbitraries.bytes().list().ofSize(6),
                Arbitraries.integers().between(0, f.length)).as((positions, values, cut) -> {
                    byte[] m = f.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        m[positions.get(i)] = values.get(i);
                    }
                    return Arrays.copyOf(m, cut);
                }));
    }

    @Provide
    Arbitrary<List<Spec>> specs() {
        Arbitrary<byte[]> address = Arbitraries.bytes().array(byte[].class).ofSize(4);
        Arbitrary<Integer> port = Arbitraries.integers().between(0, 65535);
        Arbitrary<byte[]> payload = Arbitraries.bytes().array(byte[].class).ofMaxSize(700);
        Arbitrary<Spec> spec = Combinators.combine(address, port, address, port, payload,
                Arbitraries.integers().between(0, 10), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, LINK_TYPES.length - 1))
                .as((sa, sp, da, dp, p, opt, vlan, link) -> new Spec(sa, sp, da, dp, p, opt, vlan, link, 0, 0));
        return Combinators.combine(spec, Arbitraries.longs().between(0, 0xffffffffL),
                Arbitraries.integers().between(0, 999_999))
                .as((s, seconds, micros) -> new Spec(s.source(), s.sourcePort(), s.destination(), s.destinationPort(),
                        s.payload(), s.ipOptionWords(), s.vlanTags(), s.linkIndex(), seconds, micros))
                .list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<byte[]>> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(400).list().ofMaxSize(10);
    }

    @Provide
    Arbitrary<List<String>> separators() {
        return Arbitraries.of("", " ", ":", "\t", "  ", " : ").list().ofMinSize(1).ofMaxSize(4);
    }
}
