package dev.netboot.cli.capture;

import static dev.netboot.cli.capture.Frames.BROADCAST;
import static dev.netboot.cli.capture.Frames.CLIENT;
import static dev.netboot.cli.capture.Frames.SERVER;
import static dev.netboot.cli.capture.Frames.ethernet;
import static dev.netboot.cli.capture.Frames.ipv4Udp;
import static dev.netboot.cli.capture.Frames.payload;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PcapReaderTest {
    private static final byte[] DISCOVER = payload(300, 1);
    private static final byte[] OFFER = payload(310, 7);

    @ParameterizedTest(name = "bigEndian={0} nanos={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void readsBothByteOrdersAndTimeResolutions(boolean bigEndian, boolean nanos) {
        byte[] file = new PcapBuilder(bigEndian, nanos, 1, 65535)
                .record(1_700_000_000L, nanos ? 123_456_789 : 123_456, ethernet(ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER)))
                .record(1_700_000_001L, 5, ethernet(ipv4Udp(SERVER, 67, BROADCAST, 68, OFFER)))
                .bytes();

        List<Captured> all = Captured.readAll(file, "t.pcap");

        assertEquals(2, all.size());
        Captured first = all.get(0);
        assertEquals(1, first.frameNumber());
        assertEquals(Instant.ofEpochSecond(1_700_000_000L, nanos ? 123_456_789 : 123_456_000), first.timestamp().orElseThrow());
        assertEquals("0.0.0.0", first.sourceAddress());
        assertEquals(68, first.sourcePort());
        assertEquals("255.255.255.255", first.destinationAddress());
        assertEquals(67, first.destinationPort());
        assertArrayEquals(DISCOVER, first.payload());
        assertEquals(DISCOVER.length, first.declaredLength());
        Captured second = all.get(1);
        assertEquals(2, second.frameNumber());
        assertEquals(Instant.ofEpochSecond(1_700_000_001L, nanos ? 5 : 5_000), second.timestamp().orElseThrow());
        assertEquals("192.168.2.14", second.sourceAddress());
        assertArrayEquals(OFFER, second.payload());
    }

    @Test
    void payloadOffsetPointsIntoTheFile() {
        byte[] file = PcapBuilder.ethernet()
                .record(1, 0, ethernet(ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER)))
                .record(2, 0, ethernet(ipv4Udp(SERVER, 67, BROADCAST, 68, OFFER)))
                .bytes();
        for (Captured c : Captured.readAll(file, "t.pcap")) {
            long at = ((DatagramOrigin.Frame) c.origin()).payloadOffset();
            assertArrayEquals(c.payload(), Arrays.copyOfRange(file, (int) at, (int) at + c.payload().length));
        }
        Captured second = Captured.readAll(file, "t.pcap").get(1);
        long expected = 24 + 16 + (14 + 28 + DISCOVER.length) + 16 + 14 + 28;
        assertEquals("t.pcap: frame 2, offset " + (expected + 10), second.origin().locate(10));
    }

    @Test
    void vlanTagsAreSkipped() {
        byte[] ip = ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER);
        byte[] file = PcapBuilder.ethernet()
                .record(1, 0, ethernet(ip, 0x0800, 0x8100))
                .record(2, 0, ethernet(ip, 0x0800, 0x88a8, 0x8100))
                .record(3, 0, ethernet(ip, 0x0800, 0x9100, 0x8100, 0x8100))
                .record(4, 0, ethernet(ip, 0x86dd, 0x8100))
                .bytes();

        List<Captured> all = Captured.readAll(file, "vlan.pcap");

        assertEquals(List.of(1L, 2L, 3L), all.stream().map(Captured::frameNumber).toList());
        all.forEach(c -> assertArrayEquals(DISCOVER, c.payload()));
    }

    @Test
    void linuxCookedCapturesV1AndV2() {
        byte[] ip = ipv4Udp(SERVER, 67, BROADCAST, 68, OFFER);
        byte[] sll = new PcapBuilder(false, false, 113, 262144)
                .record(1, 0, Frames.sll(ip, 0x0806))
                .record(2, 0, Frames.sll(ip, 0x0800))
                .bytes();
        byte[] sll2 = new PcapBuilder(true, true, 276, 262144)
                .record(1, 0, Frames.sll2(ip, 0x0800))
                .record(2, 0, Frames.sll2(ip, 0x86dd))
                .bytes();

        List<Captured> fromSll = Captured.readAll(sll, "sll.pcap");
        List<Captured> fromSll2 = Captured.readAll(sll2, "sll2.pcap");

        assertEquals(1, fromSll.size());
        assertEquals(2, fromSll.get(0).frameNumber());
        assertArrayEquals(OFFER, fromSll.get(0).payload());
        assertEquals(1, fromSll2.size());
        assertEquals(1, fromSll2.get(0).frameNumber());
        assertArrayEquals(OFFER, fromSll2.get(0).payload());
        assertEquals("192.168.2.14", fromSll2.get(0).sourceAddress());
    }

    @ParameterizedTest
    @ValueSource(ints = {101, 228})
    void rawIpv4(int linkType) {
        byte[] ipv6 = new byte[48];
        ipv6[0] = 0x60;
        byte[] file = new PcapBuilder(false, false, linkType, 262144)
                .record(1, 0, ipv6)
                .record(2, 0, ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER))
                .bytes();
        List<CaptureNote> notes = new ArrayList<>();

        List<Captured> all = Captured.readAll(file, "raw.pcap", CaptureOptions.defaults().withNotes(notes::add));

        assertEquals(1, all.size());
        assertEquals(2, all.get(0).frameNumber());
        assertArrayEquals(DISCOVER, all.get(0).payload());
        // Raw IP (101) may hold IPv6, which is skipped quietly; link type 228 promises IPv4.
        assertEquals(linkType == 101 ? 0 : 1, notes.size(), notes.toString());
    }

    @Test
    void ipv4OptionsAreHonoured() {
        byte[] file = PcapBuilder.ethernet()
                .record(1, 0, ethernet(ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER, 1, 0)))
                .record(2, 0, ethernet(ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER, 10, 0)))
                .bytes();
        List<Captured> all = Captured.readAll(file, "ihl.pcap");
        assertEquals(2, all.size());
        all.forEach(c -> assertArrayEquals(DISCOVER, c.payload()));
    }

    @Test
    void ethernetPaddingAndTrailersAreTrimmed() {
        byte[] small = payload(4, 0x40);
        byte[] frame = Frames.padded(ethernet(ipv4Udp(CLIENT, 68, BROADCAST, 67, small)), 14);
        List<Captured> all = Captured.readAll(PcapBuilder.ethernet().record(1, 0, frame).bytes(), "pad.pcap");
        assertEquals(1, all.size());
        assertArrayEquals(small, all.get(0).payload());
    }

    @Test
    void fragmentsAfterTheFirstAreSkippedWithANote() {
        byte[] first = ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER, 0, 0x2000);
        // The first fragment claims the whole UDP length but carries only 100 payload bytes.
        byte[] cut = Arrays.copyOf(first, 20 + 8 + 100);
        Frames.put16(cut, 2, cut.length);
        byte[] later = Frames.ipv4(CLIENT, BROADCAST, 17, payload(200, 0), 0, 0x0000 | (108 / 8));
        List<CaptureNote> notes = new ArrayList<>();

        List<Captured> all = Captured.readAll(PcapBuilder.ethernet()
                .record(1, 0, ethernet(cut)).record(2, 0, ethernet(later)).bytes(),
                "frag.pcap", CaptureOptions.defaults().withNotes(notes::add));

        assertEquals(1, all.size());
        assertEquals(100, all.get(0).payload().length);
        assertEquals(DISCOVER.length, all.get(0).declaredLength());
        assertEquals(2, notes.size(), notes.toString());
        assertTrue(notes.get(0).message().contains("first IPv4 fragment only"), notes.get(0).toString());
        assertTrue(notes.get(1).message().contains("frame 2: IPv4 fragment at offset 104 skipped"), notes.get(1).toString());
        assertEquals(24 + 16 + 14 + cut.length, notes.get(1).offset());
    }

    @Test
    void snapshotLengthCutsArePartialDatagramsWithANote() {
        byte[] frame = ethernet(ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER));
        List<CaptureNote> notes = new ArrayList<>();
        byte[] file = new PcapBuilder(false, false, 1, 96).record(1, 0, frame, 96, frame.length).bytes();

        try (CaptureReader reader = CaptureReaders.open(new ByteArrayInputStream(file), Path.of("snap.pcap"),
                CaptureOptions.defaults().withNotes(notes::add))) {
            UdpDatagram d = reader.next();
            assertTrue(d.truncated());
            assertEquals(96 - 42, d.payload().readableBytes());
            assertEquals(DISCOVER.length, d.declaredLength());
            assertTrue(d.payload().release());
            assertFalse(reader.hasNext());
        }
        assertEquals(1, notes.size());
        assertEquals("snap.pcap: offset 24: frame 1: UDP payload truncated: 54 of 300 bytes"
                + " (the capture kept 96 of 342 bytes of the frame)", notes.get(0).toString());
    }

    @Test
    void otherTrafficIsSkippedQuietlyAndTheFilterChoosesPorts() {
        byte[] arp = ethernet(new byte[28], 0x0806);
        byte[] tcp = ethernet(Frames.ipv4(CLIENT, SERVER, 6, new byte[20], 0, 0));
        byte[] dns = ethernet(ipv4Udp(SERVER, 53, CLIENT, 40000, payload(40, 0)));
        byte[] pxe = ethernet(ipv4Udp(CLIENT, 68, SERVER, 4011, DISCOVER));
        byte[] dhcp = ethernet(ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER));
        byte[] file = PcapBuilder.ethernet().record(1, 0, arp).record(2, 0, tcp).record(3, 0, dns)
                .record(4, 0, pxe).record(5, 0, dhcp).bytes();
        List<CaptureNote> notes = new ArrayList<>();

        List<Captured> any = Captured.readAll(file, "mix.pcap", CaptureOptions.defaults().withNotes(notes::add));
        List<Captured> dhcpOnly = Captured.readAll(file, "mix.pcap",
                CaptureOptions.defaults().withFilter(UdpPortFilter.dhcp()).withNotes(notes::add));
        List<Captured> dnsOnly = Captured.readAll(file, "mix.pcap",
                CaptureOptions.defaults().withFilter(UdpPortFilter.ports(53)));

        assertEquals(List.of(3L, 4L, 5L), any.stream().map(Captured::frameNumber).toList());
        assertEquals(List.of(4L, 5L), dhcpOnly.stream().map(Captured::frameNumber).toList());
        assertEquals(List.of(3L), dnsOnly.stream().map(Captured::frameNumber).toList());
        assertEquals(List.of(), notes);
    }

    @Test
    void damagedHeadersAreNotedAndSkipped() {
        byte[] badVersion = ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER);
        badVersion[0] = 0x55;
        byte[] badIhl = ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER);
        badIhl[0] = 0x44;
        byte[] badTotal = ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER);
        Frames.put16(badTotal, 2, 10);
        byte[] badUdpLength = ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER);
        Frames.put16(badUdpLength, 24, 7);
        byte[] longUdpLength = ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER);
        Frames.put16(longUdpLength, 24, 8 + DISCOVER.length + 50);
        byte[] shortIp = Arrays.copyOf(ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER), 24);
        byte[] shortEthernet = new byte[10];
        byte[] shortVlan = Arrays.copyOf(ethernet(badVersion, 0x0800, 0x8100), 15);
        List<CaptureNote> notes = new ArrayList<>();

        List<Captured> all = Captured.readAll(PcapBuilder.ethernet()
                .record(1, 0, ethernet(badVersion)).record(2, 0, ethernet(badIhl)).record(3, 0, ethernet(badTotal))
                .record(4, 0, ethernet(badUdpLength)).record(5, 0, ethernet(longUdpLength))
                .record(6, 0, ethernet(shortIp)).record(7, 0, shortEthernet).record(8, 0, shortVlan).bytes(),
                "bad.pcap", CaptureOptions.defaults().withNotes(notes::add));

        assertEquals(1, all.size(), "only the datagram whose UDP length overruns its packet is delivered, in part");
        assertEquals(5, all.get(0).frameNumber());
        assertArrayEquals(DISCOVER, all.get(0).payload());
        assertEquals(DISCOVER.length + 50, all.get(0).declaredLength());
        List<String> messages = notes.stream().map(CaptureNote::message).toList();
        assertEquals(List.of(
                "frame 1: IP version 5 at frame byte 14 (expected: 4)",
                "frame 2: IPv4 header length 16 (expected: >= 20)",
                "frame 3: IPv4 total length 10 is less than its header length 20",
                "frame 4: UDP length 7 (expected: >= 8)",
                "frame 5: UDP payload truncated: 300 of 350 bytes (IPv4 total length 328)",
                "frame 6: UDP header truncated: 4 of 8 bytes",
                "frame 7: Ethernet header truncated: 10 bytes",
                "frame 8: VLAN tag truncated at frame byte 12"), messages);
    }

    @Test
    void zeroTotalLengthMeansSegmentationOffloadAndTheFrameHoldsThePacket() {
        byte[] ip = ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER);
        Frames.put16(ip, 2, 0);
        List<CaptureNote> notes = new ArrayList<>();
        List<Captured> all = Captured.readAll(PcapBuilder.ethernet().record(1, 0, ethernet(ip)).bytes(), "tso.pcap",
                CaptureOptions.defaults().withNotes(notes::add));
        assertEquals(1, all.size());
        assertArrayEquals(DISCOVER, all.get(0).payload());
        assertEquals(List.of(), notes);
    }

    @Test
    void unsupportedLinkTypeIsRejectedAtTheHeader() {
        byte[] file = new PcapBuilder(false, false, 105, 65535).bytes();
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> Captured.readAll(file, "wifi.pcap"));
        assertEquals(20, e.offset());
        assertTrue(e.getMessage().startsWith("wifi.pcap: offset 20: link type 105 not supported"), e.getMessage());
    }

    @Test
    void wrongMajorVersionIsRejected() {
        byte[] file = PcapBuilder.ethernet().bytes();
        file[4] = 3;
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> Captured.readAll(file, "v.pcap"));
        assertEquals(4, e.offset());
        assertEquals("pcap major version 3 (expected: 2)", e.reason());
    }

    @Test
    void truncatedLastRecordIsReportedAfterEarlierDatagrams() {
        byte[] whole = PcapBuilder.ethernet()
                .record(1, 0, ethernet(ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER)))
                .record(2, 0, ethernet(ipv4Udp(SERVER, 67, BROADCAST, 68, OFFER)))
                .bytes();
        long secondRecord = 24 + 16 + 14 + 28 + DISCOVER.length;
        byte[] cut = Arrays.copyOf(whole, whole.length - 5);
        TrackingAllocator allocator = new TrackingAllocator();
        List<Captured> delivered = new ArrayList<>();

        CaptureFormatException e;
        try (CaptureReader reader = CaptureReaders.open(new ByteArrayInputStream(cut), Path.of("cut.pcap"),
                CaptureOptions.defaults().withAllocator(allocator))) {
            e = assertThrows(CaptureFormatException.class, () -> {
                while (reader.hasNext()) {
                    delivered.add(Captured.take(reader.next()));
                }
            });
            assertFalse(reader.hasNext(), "a failed reader has no more elements");
            assertThrows(NoSuchElementException.class, reader::next);
        }

        assertEquals(1, delivered.size());
        assertArrayEquals(DISCOVER, delivered.get(0).payload());
        assertEquals(Path.of("cut.pcap"), e.file());
        assertEquals(secondRecord, e.offset());
        assertEquals("cut.pcap: offset " + secondRecord + ": truncated pcap record (frame 2): needs "
                + (16 + 14 + 28 + OFFER.length) + " bytes from offset " + secondRecord + ", the file ends after "
                + (16 + 14 + 28 + OFFER.length - 5), e.getMessage());
        assertEquals(0, allocator.live(), "the partial frame's buffer was released");
    }

    @Test
    void truncatedRecordHeaderAndFileHeader() {
        byte[] whole = PcapBuilder.ethernet().record(1, 0, ethernet(ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER))).bytes();
        CaptureFormatException inRecordHeader = assertThrows(CaptureFormatException.class,
                () -> Captured.readAll(Arrays.copyOf(whole, 24 + 9), "h.pcap"));
        assertEquals(24, inRecordHeader.offset());
        assertEquals("truncated pcap record header: needs 16 bytes from offset 24, the file ends after 9",
                inRecordHeader.reason());

        CaptureFormatException inFileHeader = assertThrows(CaptureFormatException.class,
                () -> Captured.readAll(Arrays.copyOf(whole, 10), "f.pcap"));
        assertEquals(0, inFileHeader.offset());
        assertEquals("truncated pcap file header: needs 24 bytes from offset 0, the file ends after 10",
                inFileHeader.reason());

        CaptureFormatException inMagic = assertThrows(CaptureFormatException.class,
                () -> Captured.readAll(Arrays.copyOf(whole, 2), "m.pcap"));
        assertEquals("truncated file header: the file ends after 2 bytes", inMagic.reason());
    }

    @Test
    void recordsLargerThanTheLimitAreRejectedNamingTheLimit() {
        byte[] frame = ethernet(ipv4Udp(CLIENT, 68, BROADCAST, 67, payload(1000, 0)));
        byte[] file = PcapBuilder.ethernet().record(1, 0, frame).bytes();

        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> Captured.readAll(file, "big.pcap",
                CaptureOptions.defaults().withMaxRecordBytes(512)));

        assertEquals(24, e.offset());
        assertEquals("frame 1: captured length 1042 exceeds maxRecordBytes 512"
                + " (raise it with CaptureOptions.withMaxRecordBytes)", e.reason());
        assertEquals(1, Captured.readAll(file, "big.pcap", CaptureOptions.defaults().withMaxRecordBytes(2048)).size());
    }

    @Test
    void hugeRecordLengthsFailWithoutAllocating() {
        byte[] file = PcapBuilder.ethernet().raw(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1})
                .bytes();
        TrackingAllocator allocator = new TrackingAllocator();
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> Captured.readAll(file, "huge.pcap", CaptureOptions.defaults().withAllocator(allocator)));
        assertTrue(e.reason().contains("captured length 4294967295 exceeds maxRecordBytes 262144"), e.reason());
        assertEquals(0, allocator.allocated());
    }

    @Test
    void garbageAndEmptyFilesAreRejectedAtOffsetZero() {
        CaptureFormatException garbage = assertThrows(CaptureFormatException.class,
                () -> Captured.readAll(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}, "a.out"));
        assertEquals(0, garbage.offset());
        assertTrue(garbage.getMessage().startsWith("a.out: offset 0: unrecognised format: first bytes 0x7f454c46"),
                garbage.getMessage());

        CaptureFormatException empty = assertThrows(CaptureFormatException.class,
                () -> Captured.readAll(new byte[0], "empty.pcap"));
        assertEquals(0, empty.offset());
        assertTrue(empty.reason().startsWith("empty file"), empty.reason());
    }

    @Test
    void closeReleasesTheDatagramReadAhead() {
        byte[] file = PcapBuilder.ethernet()
                .record(1, 0, ethernet(ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER)))
                .record(2, 0, ethernet(ipv4Udp(SERVER, 67, BROADCAST, 68, OFFER)))
                .bytes();
        TrackingAllocator allocator = new TrackingAllocator();
        CaptureReader reader = CaptureReaders.open(new ByteArrayInputStream(file), Path.of("t.pcap"),
                CaptureOptions.defaults().withAllocator(allocator));
        try (UdpDatagram first = reader.next()) {
            assertTrue(reader.hasNext(), "reads the second frame ahead");
            assertEquals(2, allocator.live());
            assertEquals(1, first.frameNumber());
        }
        reader.close();
        reader.close();
        assertEquals(0, allocator.live());
        assertFalse(reader.hasNext());
    }

    @Test
    void streamDeliversInOrderAndClosesTheReader() {
        byte[] file = PcapBuilder.ethernet()
                .record(1, 0, ethernet(ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER)))
                .record(2, 0, ethernet(ipv4Udp(SERVER, 67, BROADCAST, 68, OFFER)))
                .bytes();
        CaptureReader reader = CaptureReaders.open(new ByteArrayInputStream(file), Path.of("s.pcap"),
                CaptureOptions.defaults());
        List<Long> frames;
        try (var stream = reader.stream()) {
            frames = stream.map(Captured::take).map(Captured::frameNumber).toList();
        }
        assertEquals(List.of(1L, 2L), frames);
        assertFalse(reader.hasNext());
        assertEquals(CaptureFormat.PCAP, reader.format());
    }

    @Test
    void readsFromAPath(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("capture.bin");
        java.nio.file.Files.write(file, PcapBuilder.ethernet()
                .record(1, 0, ethernet(ipv4Udp(CLIENT, 68, BROADCAST, 67, DISCOVER))).bytes());
        List<Captured> all = Captured.readAll(file, CaptureOptions.defaults());
        assertEquals(1, all.size());
        assertEquals(file, all.get(0).origin().file());
        assertThrows(java.io.UncheckedIOException.class, () -> CaptureReader.open(dir.resolve("missing.pcap")));
    }
}
