package dev.netboot.cli.capture;

import static dev.netboot.cli.capture.Frames.BROADCAST;
import static dev.netboot.cli.capture.Frames.CLIENT;
import static dev.netboot.cli.capture.Frames.SERVER;
import static dev.netboot.cli.capture.Frames.ethernet;
import static dev.netboot.cli.capture.Frames.ipv4Udp;
import static dev.netboot.cli.capture.Frames.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PcapngReaderTest {
    private static final byte[] DISCOVER = payload(300, 1);
    private static final byte[] OFFER = payload(310, 7);
    private static final byte[] DISCOVER_FRAME = ethernet(ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER));
    private static final byte[] OFFER_FRAME = ethernet(ipv4Udp(SERVER, 67, BROADCAST, 68, OFFER));
    private static final long T0 = 1_700_000_000_123_456L;

    @ParameterizedTest(name = "bigEndian={0}")
    @ValueSource(booleans = {false, true})
    void readsEnhancedPacketBlocksInEitherByteOrder(boolean bigEndian) {
        PcapngBuilder b = new PcapngBuilder().section(bigEndian, PcapngBuilder.Option.text(4, "test"));
        byte[] file = b.interfaceBlock(1, 262144, PcapngBuilder.Option.text(2, "eth0"))
                .enhancedPacket(0, T0, DISCOVER_FRAME, PcapngBuilder.Option.text(1, "a comment"))
                .enhancedPacket(0, T0 + 1_000, OFFER_FRAME)
                .bytes();

        List<Captured> all = Captured.readAll(file, "t.pcapng");

        assertEquals(2, all.size());
        assertEquals(1, all.get(0).frameNumber());
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 123_456_000), all.get(0).timestamp().orElseThrow());
        assertEquals(68, all.get(0).sourcePort());
        assertArrayEquals(DISCOVER, all.get(0).payload());
        assertEquals(2, all.get(1).frameNumber());
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 124_456_000), all.get(1).timestamp().orElseThrow());
        assertArrayEquals(OFFER, all.get(1).payload());
        for (Captured c : all) {
            long at = ((DatagramOrigin.Frame) c.origin()).payloadOffset();
            assertArrayEquals(c.payload(), Arrays.copyOfRange(file, (int) at, (int) at + c.payload().length));
        }
    }

    @Test
    void simpleAndObsoletePacketBlocks() {
        PcapngBuilder b = new PcapngBuilder().section(false);
        byte[] file = b.interfaceBlock(1, 0)
                .simplePacket(DISCOVER_FRAME, DISCOVER_FRAME.length)
                .packet(0, T0, OFFER_FRAME)
                .bytes();

        List<Captured> all = Captured.readAll(file, "spb.pcapng");

        assertEquals(2, all.size());
        assertEquals(Optional.empty(), all.get(0).timestamp(), "simple packet blocks carry no time");
        assertArrayEquals(DISCOVER, all.get(0).payload());
        assertEquals(2, all.get(1).frameNumber());
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 123_456_000), all.get(1).timestamp().orElseThrow());
        assertArrayEquals(OFFER, all.get(1).payload());
    }

    @Test
    void simplePacketBlockHonoursTheInterfaceSnapshotLength() {
        int snap = 100;
        byte[] file = new PcapngBuilder().section(true)
                .interfaceBlock(1, snap)
                .simplePacket(Arrays.copyOf(DISCOVER_FRAME, snap), DISCOVER_FRAME.length)
                .bytes();
        List<Captured> all = Captured.readAll(file, "spb.pcapng");
        assertEquals(1, all.size());
        assertEquals(snap - 42, all.get(0).payload().length);
        assertEquals(DISCOVER.length, all.get(0).declaredLength());
    }

    @Test
    void unknownBlocksAreSkippedAndFramesCountOnlyPackets() {
        PcapngBuilder b = new PcapngBuilder().section(false);
        byte[] file = b.interfaceBlock(1, 262144)
                .nameResolution(SERVER, "server.test")
                .block(5, new byte[] {0, 0, 0, 0, 1, 2, 3, 4, 5}) // interface statistics
                .block(0x00000bad, payload(33, 0)) // custom block
                .block(0x7fffffff, new byte[0])
                .enhancedPacket(0, T0, ethernet(new byte[28], 0x0806))
                .enhancedPacket(0, T0, DISCOVER_FRAME)
                .bytes();
        List<Captured> all = Captured.readAll(file, "skip.pcapng");
        assertEquals(1, all.size());
        assertEquals(2, all.get(0).frameNumber());
    }

    @Test
    void interfacesWithDifferentLinkTypesAndAnUnsupportedOne() {
        PcapngBuilder b = new PcapngBuilder().section(false);
        byte[] ip = ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER);
        byte[] file = b.interfaceBlock(1, 0)
                .interfaceBlock(276, 0)
                .interfaceBlock(147, 0)
                .interfaceBlock(113, 0)
                .interfaceBlock(101, 0)
                .enhancedPacket(0, T0, ethernet(ip, 0x0800, 0x8100))
                .enhancedPacket(1, T0, Frames.sll2(ip, 0x0800))
                .enhancedPacket(2, T0, ip)
                .enhancedPacket(3, T0, Frames.sll(ip, 0x0800))
                .enhancedPacket(4, T0, ip)
                .bytes();
        List<CaptureNote> notes = new ArrayList<>();

        TrackingAllocator allocator = new TrackingAllocator();

        List<Captured> all = Captured.readAll(file, "multi.pcapng",
                CaptureOptions.defaults().withNotes(notes::add).withAllocator(allocator));

        assertEquals(List.of(1L, 2L, 4L, 5L), all.stream().map(Captured::frameNumber).toList());
        assertEquals(4, allocator.allocated(), "no buffer for the frame of the unsupported interface");
        all.forEach(c -> assertArrayEquals(DISCOVER, c.payload()));
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).message().startsWith("interface 2: link type 147 not supported"), notes.toString());
    }

    @Test
    void aNewSectionChangesByteOrderAndResetsInterfaces() {
        PcapngBuilder b = new PcapngBuilder();
        b.section(false).interfaceBlock(1, 0).enhancedPacket(0, T0, DISCOVER_FRAME);
        b.section(true).interfaceBlock(113, 0).enhancedPacket(0, T0, Frames.sll(ipv4Udp(SERVER, 67, BROADCAST, 68, OFFER), 0x0800));
        List<Captured> all = Captured.readAll(b.bytes(), "two.pcapng");
        assertEquals(2, all.size());
        assertArrayEquals(DISCOVER, all.get(0).payload());
        assertArrayEquals(OFFER, all.get(1).payload());

        PcapngBuilder stale = new PcapngBuilder();
        stale.section(false).interfaceBlock(1, 0);
        stale.section(false).enhancedPacket(0, T0, DISCOVER_FRAME);
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> Captured.readAll(stale.bytes(), "stale.pcapng"));
        assertTrue(e.reason().contains("refers to interface 0 but the section describes 0"), e.reason());
    }

    @Test
    void timestampResolutionAndOffset() {
        PcapngBuilder b = new PcapngBuilder().section(false);
        b.interfaceBlock(1, 0, b.tsresol(9));
        b.interfaceBlock(1, 0, b.tsresol(0x80 | 10), b.tsoffset(100));
        b.interfaceBlock(1, 0, b.tsresol(3), b.tsoffset(-5));
        b.interfaceBlock(1, 0, b.tsresol(0));
        byte[] file = b.enhancedPacket(0, 1_700_000_000_123_456_789L, DISCOVER_FRAME)
                .enhancedPacket(1, 3 * 1024 + 512, DISCOVER_FRAME)
                .enhancedPacket(2, 1_700_000_000_250L, DISCOVER_FRAME)
                .enhancedPacket(3, 42, DISCOVER_FRAME)
                .bytes();

        List<Instant> times = Captured.readAll(file, "ts.pcapng").stream().map(c -> c.timestamp().orElseThrow()).toList();

        assertEquals(List.of(
                Instant.ofEpochSecond(1_700_000_000L, 123_456_789),
                Instant.ofEpochSecond(103, 500_000_000),
                Instant.ofEpochSecond(1_700_000_000L - 5, 250_000_000),
                Instant.ofEpochSecond(42)), times);
    }

    @Test
    void timestampsBeyondInstantRangeAreAFormatError() {
        PcapngBuilder b = new PcapngBuilder().section(false);
        b.interfaceBlock(1, 0, b.tsresol(0));
        byte[] file = b.enhancedPacket(0, -1L, DISCOVER_FRAME).bytes();
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> Captured.readAll(file, "far.pcapng"));
        assertTrue(e.reason().contains("timestamp 18446744073709551615 (if_tsresol 0, if_tsoffset 0) is out of range"),
                e.reason());
    }

    @Test
    void badByteOrderMagicAndVersion() {
        byte[] file = new PcapngBuilder().section(false).bytes();
        byte[] badMagic = file.clone();
        badMagic[8] = 0x11;
        CaptureFormatException magic = assertThrows(CaptureFormatException.class,
                () -> Captured.readAll(badMagic, "m.pcapng"));
        assertEquals(8, magic.offset());
        assertEquals("pcapng byte-order magic 0x113c2b1a (expected: 1a2b3c4d in either byte order)", magic.reason());

        byte[] badVersion = file.clone();
        badVersion[12] = 2;
        CaptureFormatException version = assertThrows(CaptureFormatException.class,
                () -> Captured.readAll(badVersion, "v.pcapng"));
        assertEquals(12, version.offset());
        assertEquals("pcapng major version 2 (expected: 1)", version.reason());
    }

    @Test
    void impossibleBlockLengths() {
        byte[] section = new PcapngBuilder().section(false).interfaceBlock(1, 0).bytes();
        int next = section.length;

        byte[] notMultipleOfFour = concat(section, le(6, 33), new byte[25]);
        CaptureFormatException e1 = assertThrows(CaptureFormatException.class,
                () -> Captured.readAll(notMultipleOfFour, "a.pcapng"));
        assertEquals(next + 4, e1.offset());
        assertEquals("pcapng enhanced packet block total length 33 (expected: a multiple of 4, at least 32)", e1.reason());

        byte[] tooShort = concat(section, le(0x1234, 8));
        CaptureFormatException e2 = assertThrows(CaptureFormatException.class,
                () -> Captured.readAll(tooShort, "b.pcapng"));
        assertEquals("pcapng block of type 0x1234 total length 8 (expected: a multiple of 4, at least 12)", e2.reason());

        byte[] trailer = new PcapngBuilder().section(false).interfaceBlock(1, 0).enhancedPacket(0, T0, DISCOVER_FRAME).bytes();
        trailer[trailer.length - 4]++;
        CaptureFormatException e3 = assertThrows(CaptureFormatException.class,
                () -> Captured.readAll(trailer, "c.pcapng"));
        assertEquals(trailer.length - 4, e3.offset());
        assertTrue(e3.reason().startsWith("pcapng enhanced packet block trailing total length"), e3.reason());

        byte[] capturedTooLong = new PcapngBuilder().section(false).interfaceBlock(1, 0)
                .enhancedPacket(0, T0, DISCOVER_FRAME).bytes();
        int capturedAt = next + 20;
        capturedTooLong[capturedAt + 1] = 0x10;
        CaptureFormatException e4 = assertThrows(CaptureFormatException.class,
                () -> Captured.readAll(capturedTooLong, "d.pcapng"));
        assertEquals(next + 20, e4.offset());
        assertTrue(e4.reason().startsWith("frame 1: captured length " + ((DISCOVER_FRAME.length & 0xff) | 0x1000)
                + " exceeds the"), e4.reason());
    }

    @Test
    void interfaceOptionOverrunningItsBlock() {
        PcapngBuilder b = new PcapngBuilder().section(false);
        byte[] file = b.interfaceBlock(1, 0, b.tsresol(9)).bytes();
        int optionLengthAt = file.length - 14; // before: the value (padded), the end option, the trailer
        file[optionLengthAt] = 40;
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> Captured.readAll(file, "o.pcapng"));
        assertTrue(e.reason().startsWith("interface option 9 of 40 bytes overruns its block"), e.reason());
    }

    @Test
    void truncatedLastBlockIsReportedAfterEarlierDatagrams() {
        byte[] whole = new PcapngBuilder().section(true).interfaceBlock(1, 0)
                .enhancedPacket(0, T0, DISCOVER_FRAME).enhancedPacket(0, T0, OFFER_FRAME).bytes();
        int lastBlock = whole.length - (32 + ((OFFER_FRAME.length + 3) & ~3));
        TrackingAllocator allocator = new TrackingAllocator();
        for (int cut : new int[] {1, 4, 20, 100, whole.length - lastBlock - 1}) {
            byte[] file = Arrays.copyOf(whole, whole.length - cut);
            List<Captured> delivered = new ArrayList<>();
            CaptureFormatException e;
            try (CaptureReader reader = CaptureReaders.open(new ByteArrayInputStream(file), Path.of("cut.pcapng"),
                    CaptureOptions.defaults().withAllocator(allocator))) {
                e = assertThrows(CaptureFormatException.class, () -> {
                    while (reader.hasNext()) {
                        delivered.add(Captured.take(reader.next()));
                    }
                });
            }
            assertEquals(1, delivered.size(), "cut " + cut);
            assertEquals(lastBlock, e.offset(), "cut " + cut);
            assertTrue(e.reason().startsWith("truncated pcapng"), e.reason());
        }
        assertEquals(0, allocator.live());
    }

    @Test
    void blocksLargerThanTheLimit() {
        PcapngBuilder b = new PcapngBuilder().section(false);
        byte[] file = b.interfaceBlock(1, 0, PcapngBuilder.Option.text(2, "x".repeat(200))).bytes();
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> Captured.readAll(file, "l.pcapng", CaptureOptions.defaults().withMaxRecordBytes(128)));
        assertTrue(e.reason().contains("exceeds maxRecordBytes 128 (raise it with CaptureOptions.withMaxRecordBytes)"),
                e.reason());
    }

    @Test
    void formatIsRecognisedByMagicNotName() {
        byte[] file = new PcapngBuilder().section(false).interfaceBlock(1, 0).enhancedPacket(0, T0, DISCOVER_FRAME).bytes();
        try (CaptureReader reader = CaptureReaders.open(new ByteArrayInputStream(file), Path.of("misnamed.pcap"),
                CaptureOptions.defaults())) {
            assertEquals(CaptureFormat.PCAPNG, reader.format());
            assertTrue(reader.next().payload().release());
        }
    }

    private static byte[] le(int type, int length) {
        return new byte[] {(byte) type, (byte) (type >> 8), (byte) (type >> 16), (byte) (type >> 24),
            (byte) length, (byte) (length >> 8), (byte) (length >> 16), (byte) (length >> 24)};
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
