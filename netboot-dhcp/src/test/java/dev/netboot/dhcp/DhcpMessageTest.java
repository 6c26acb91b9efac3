package dev.netboot.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netboot.dhcp.option.DhcpOptions;
import dev.netboot.dhcp.option.OptionCodecs;
import dev.netboot.dhcp.option.OptionRegistry;
import dev.netboot.dhcp.option.UserClass;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DhcpMessageTest {

    @Test
    void readsHeaderFieldsInPlace() {
        byte[] bytes = RawPacket.discover().set(10, 0x80, 0).set(12, 10, 0, 0, 7).set(24, 10, 213, 0, 2)
                .set(8, 0, 3).set(3, 1).setText(44, "srv").setText(108, "boot.efi").bytes();
        DhcpMessage m = DhcpMessage.decode(Unpooled.wrappedBuffer(bytes));
        assertEquals(1, m.op());
        assertEquals(1, m.htype());
        assertEquals(6, m.hlen());
        assertEquals(1, m.hops());
        assertEquals(0x12345678, m.xid());
        assertEquals(3, m.secs());
        assertTrue(m.broadcast());
        assertEquals(Ipv4.parse("10.0.0.7"), m.ciaddr());
        assertEquals(Ipv4.parse("10.213.0.2"), m.giaddr());
        assertEquals("52:54:00:12:34:56", m.chaddrString());
        assertEquals(0x525400123456L, m.mac48());
        assertEquals("srv", m.sname());
        assertEquals("boot.efi", m.file());
        assertEquals(MessageType.DISCOVER, m.messageType());
        assertTrue(m.problems().isEmpty());
    }

    @Test
    void decodingDoesNotMoveIndicesNorRetainAndReEncodesByteForByte() {
        ByteBuf buf = ByteBufAllocator.DEFAULT.buffer();
        byte[] bytes = RawPacket.discover().option(60, "PXEClient").raw(0, 0, 0).option(99, 1, 2, 3).bytes();
        buf.writeBytes(new byte[] {9, 9}).writeBytes(bytes);
        buf.readerIndex(2);
        DhcpMessage m = DhcpMessage.decode(buf);
        assertEquals(2, buf.readerIndex());
        assertEquals(1, buf.refCnt());
        ByteBuf out = Unpooled.buffer();
        m.writeTo(out);
        assertArrayEquals(bytes, ByteBufUtilTest.bytes(out));
        assertEquals(3, m.optionCount(), "53, 60 and the unknown 99, in order; pads skipped");
        assertEquals(99, m.optionCode(2));
        assertEquals(2 + 243 + 2 + 9 + 3 + 2, m.optionValueIndex(2), "absolute index into the buffer");
        assertTrue(buf.release());
    }

    @Test
    void bootpWithoutMagicCookieHasNoOptions() {
        DhcpMessage m = DhcpMessage.decode(RawPacket.discover().noCookie().buf());
        assertFalse(m.hasMagicCookie());
        assertEquals(0, m.optionCount());
        assertNull(m.messageType());
        assertTrue(m.problems().isEmpty());
        assertTrue(m.toString().contains("BOOTP"));
    }

    @Test
    void shortMessageIsATypedErrorWithOffset() {
        DhcpCodecException e = assertThrows(DhcpCodecException.class,
                () -> DhcpMessage.decode(Unpooled.wrappedBuffer(new byte[235])));
        assertEquals(235, e.offset());
        assertEquals("header", e.field());
        assertTrue(e.getMessage().contains("at least 236"), e.getMessage());
    }

    @Test
    void hlenOver16IsClampedAndReported() {
        DhcpMessage m = DhcpMessage.decode(RawPacket.discover().set(2, 20).buf());
        assertEquals(16, m.hlen());
        assertEquals(16, m.chaddr().length);
        DhcpProblem p = m.problems().get(0);
        assertEquals("hlen", p.field());
        assertEquals(2, p.offset());
        assertEquals("14", p.rawHex());
        assertThrows(DhcpCodecException.class, () -> DhcpDecoder.strict().decode(RawPacket.discover().set(2, 20).buf()));
    }

    @Test
    void truncatedOptionIsReportedAndEarlierOptionsKept() {
        byte[] bytes = RawPacket.discover().option(60, "PXEClient").raw(12, 50, 'a', 'b').noEnd().bytes();
        DhcpMessage m = DhcpMessage.decode(Unpooled.wrappedBuffer(bytes));
        assertEquals("PXEClient", m.option(DhcpOptions.VENDOR_CLASS_IDENTIFIER).orElseThrow());
        DhcpProblem p = m.problems().get(0);
        assertEquals(12, p.code());
        assertEquals(240 + 3 + 11, p.offset());
        assertTrue(p.reason().contains("length 50 exceeds the 2 bytes left"), p.reason());
        assertEquals("0c:32:61:62", p.rawHex());
        DhcpCodecException e = assertThrows(DhcpCodecException.class, () -> DhcpDecoder.strict().decode(Unpooled.wrappedBuffer(bytes)));
        assertEquals(254, e.offset());
        assertEquals("option 12", e.field());
    }

    @Test
    void missingLengthByteAndMissingEndAreProblems() {
        DhcpMessage m = DhcpMessage.decode(RawPacket.discover().raw(12).noEnd().buf());
        assertEquals(1, m.problems().size());
        assertTrue(m.problems().get(0).reason().contains("no length byte"));
        DhcpMessage n = DhcpMessage.decode(RawPacket.discover().noEnd().buf());
        assertTrue(n.problems().get(0).reason().contains("no end option"));
    }

    @Test
    void badTypedValueIsReportedLenientlyAndRaisedStrictly() {
        byte[] bytes = RawPacket.discover().option(1, 255, 255, 0).option(60, "x").bytes();
        DhcpMessage m = DhcpMessage.decode(Unpooled.wrappedBuffer(bytes));
        assertEquals("x", m.option(DhcpOptions.VENDOR_CLASS_IDENTIFIER).orElseThrow(), "rest of the packet kept");
        DhcpProblem p = m.problems().get(0);
        assertEquals(1, p.code());
        assertEquals(245, p.offset());
        assertEquals("01:03:ff:ff:00", p.rawHex());
        assertTrue(p.reason().contains("length 3 (expected: 4)"), p.reason());
        DhcpCodecException e = assertThrows(DhcpCodecException.class, () -> m.option(DhcpOptions.SUBNET_MASK));
        assertEquals("option 1 (Subnet Mask)", e.field());
        assertThrows(DhcpCodecException.class, () -> DhcpDecoder.strict().decode(Unpooled.wrappedBuffer(bytes)));
    }

    @Test
    void optionOverloadReadsFileThenSname() {
        RawPacket p = RawPacket.discover().option(52, 3);
        // file field (offset 108): option 67 then end; sname (44): option 66 then end
        p.set(108, 67, 9).setText(110, "boot.kpxe").set(110 + 9, 255);
        p.set(44, 66, 4).setText(46, "tftp").set(50, 255);
        DhcpMessage m = DhcpMessage.decode(p.buf());
        assertEquals(3, m.overload());
        assertEquals("", m.file());
        assertEquals("", m.sname());
        assertEquals("boot.kpxe", m.bootFileName());
        assertEquals("tftp", m.option(DhcpOptions.TFTP_SERVER_NAME).orElseThrow());
        assertEquals(List.of(53, 52, 67, 66), List.of(m.optionCode(0), m.optionCode(1), m.optionCode(2), m.optionCode(3)));
        assertTrue(m.problems().isEmpty(), m.problems().toString());
    }

    @Test
    void badOverloadValueIsAProblem() {
        DhcpMessage m = DhcpMessage.decode(RawPacket.discover().option(52, 7).buf());
        assertEquals(0, m.overload());
        assertTrue(m.problems().stream().anyMatch(p -> p.code() == 52 && p.reason().contains("value 7")));
    }

    @Test
    void splitLongOptionIsJoinedWhereATypedAccessorAsks() {
        // option 119 split in two parts (RFC 3396): "a.example" split after 4 bytes
        byte[] name = {1, 'a', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0};
        RawPacket p = RawPacket.discover();
        p.raw(119, 4, name[0], name[1], name[2], name[3]);
        p.option(60, "between");
        int[] rest = new int[name.length - 4];
        for (int i = 4; i < name.length; i++) {
            rest[i - 4] = name[i];
        }
        p.option(119, rest);
        DhcpMessage m = DhcpMessage.decode(p.buf());
        assertEquals(2, m.occurrences(119));
        assertEquals(List.of("a.example"), m.option(DhcpOptions.DOMAIN_SEARCH).orElseThrow());
        assertEquals(11, m.valueLength(119));
        assertTrue(m.problems().isEmpty(), m.problems().toString());
    }

    @Test
    void repeatedFixedWidthOptionIsNotJoined() {
        // dnsmasq sends option 54 twice
        DhcpMessage m = DhcpMessage.decode(RawPacket.discover().option(54, 10, 213, 0, 1).option(54, 10, 213, 0, 1).buf());
        assertEquals("10.213.0.1", m.option(DhcpOptions.SERVER_IDENTIFIER).orElseThrow().getHostAddress());
        assertEquals(4, m.valueLength(54));
        assertEquals(4, m.optionBytes(54).length);
        assertTrue(m.optionEquals(54, new byte[] {10, (byte) 213, 0, 1}));
        assertTrue(m.problems().isEmpty());
    }

    @Test
    void splitIpListIsJoined() {
        DhcpMessage m = DhcpMessage.decode(RawPacket.discover().option(6, 1, 1, 1, 1, 2, 2).option(6, 2, 2).buf());
        assertEquals(2, m.option(DhcpOptions.DOMAIN_NAME_SERVERS).orElseThrow().size());
        assertTrue(m.problems().isEmpty());
    }

    @Test
    void byteComparisonsWithoutCopy() {
        DhcpMessage m = DhcpMessage.decode(RawPacket.discover().option(60, "PXEClient:Arch:00007:UNDI:003016").option(77, "iPXE").buf());
        assertTrue(m.optionStartsWith(60, "PXEClient".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(m.optionEquals(60, "PXEClient".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(m.optionEquals(77, "iPXE".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(m.optionStartsWith(61, new byte[0]));
        assertEquals(UserClass.raw("iPXE"), m.option(DhcpOptions.USER_CLASS).orElseThrow());
    }

    @Test
    void primitiveAccessorsAndArchitecture() {
        DhcpMessage m = DhcpMessage.decode(RawPacket.discover().option(93, 0, 11, 0, 7).option(50, 10, 0, 0, 9).option(57, 5, 192).buf());
        assertEquals(ClientArchitecture.ARM64_UEFI, m.clientArchitecture());
        assertEquals(List.of(ClientArchitecture.ARM64_UEFI, ClientArchitecture.X64_UEFI), m.option(DhcpOptions.CLIENT_ARCHITECTURE).orElseThrow());
        assertEquals(Ipv4.parse("10.0.0.9"), m.optionInt(50, 0));
        assertEquals(1472, m.optionU16(57, -1));
        assertEquals(-1, m.optionU16(58, -1));
        assertEquals(1, m.optionU8(53, 7), "DISCOVER");
        assertEquals(7, m.optionU8(58, 7), "absent: the default");
        assertEquals(7, m.optionU8(57, 7), "two bytes long, not one: the default");
    }

    @Test
    void limitsAreEnforcedWithNamedErrors() {
        DhcpDecoder small = DhcpDecoder.lenient().withLimits(DhcpLimits.DEFAULT.withMaxOptions(2));
        DhcpCodecException e = assertThrows(DhcpCodecException.class,
                () -> small.decode(RawPacket.discover().option(60, "a").option(61, 1, 2).buf()));
        assertTrue(e.getMessage().contains("maxOptions 2"), e.getMessage());
        assertTrue(e.getMessage().contains("withMaxOptions"), e.getMessage());
        DhcpDecoder tiny = DhcpDecoder.lenient().withLimits(DhcpLimits.DEFAULT.withMaxMessageSize(250));
        DhcpCodecException f = assertThrows(DhcpCodecException.class, () -> tiny.decode(RawPacket.discover().option(60, "0123456789abcdef").buf()));
        assertTrue(f.getMessage().contains("maxMessageSize 250"), f.getMessage());
    }

    /** Offsets are 16-bit inside the view: a larger limit would let a >64 KiB message be misread. */
    @Test
    void maxMessageSizeAbove65535IsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DhcpLimits.DEFAULT.withMaxMessageSize(65536));
        assertTrue(e.getMessage().contains("65535"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DhcpLimits(70_000, 10));
        assertEquals(65535, DhcpLimits.DEFAULT.withMaxMessageSize(DhcpLimits.MAX_MESSAGE_SIZE).maxMessageSize());
    }

    /** At the largest limit, an option near the end of a 65535-byte message is read at the right place. */
    @Test
    void largestMessageIsReadExactly() {
        RawPacket p = RawPacket.discover();
        int filler = 65535 - 240 - 3 - 6 - 1;
        for (int left = filler; left > 0; ) {
            int n = Math.min(255, left - 2);
            p.option(224, new int[n]);
            left -= n + 2;
        }
        byte[] bytes = p.option(60, 'a', 'b', 'c', 'd').bytes();
        assertEquals(65535, bytes.length);
        DhcpMessage m = DhcpDecoder.lenient().withLimits(DhcpLimits.DEFAULT.withMaxMessageSize(65535))
                .decode(Unpooled.wrappedBuffer(bytes));
        assertEquals(65535 - 1 - 4, m.valueIndex(60));
        assertTrue(m.optionEquals(60, "abcd".getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * An error inside a split option (RFC 3396) is reported at the faulty byte's offset in the wire
     * part that holds it, never inside another option.
     */
    @Test
    void errorInSplitOptionPointsIntoThePartHoldingTheFaultyByte() {
        // 119 split around option 60: part 1 "1 a 7 e", part 2 "x a m p l e" then a forward pointer
        RawPacket p = RawPacket.discover();
        p.raw(119, 4, 1, 'a', 7, 'e');
        p.option(60, "between");
        p.option(119, 'x', 'a', 'm', 'p', 'l', 'e', 0xC0, 0x50);
        byte[] bytes = p.bytes();
        DhcpMessage m = DhcpMessage.decode(Unpooled.wrappedBuffer(bytes));
        int part2 = 243 + 6 + 9 + 2; // value of the second part
        DhcpCodecException e = assertThrows(DhcpCodecException.class, () -> m.option(DhcpOptions.DOMAIN_SEARCH));
        assertEquals(part2 + 6, e.offset(), e.getMessage());
        assertEquals(0xC0, bytes[e.offset()] & 0xFF, "the offset points at the bad pointer");
        assertTrue(e.reason().contains("in part 2 of 2"), e.reason());
        DhcpProblem problem = m.problems().get(0);
        assertEquals(part2 + 6, problem.offset());
        assertEquals("77:08:78:61:6d:70:6c:65:c0:50", problem.rawHex(), "the raw bytes of the part concerned");
        // an error in the first part still points into the first part
        RawPacket q = RawPacket.discover();
        q.raw(119, 2, 0x40, 0);
        q.option(60, "between");
        q.option(119, 0);
        DhcpCodecException f = assertThrows(DhcpCodecException.class,
                () -> DhcpMessage.decode(q.buf()).option(DhcpOptions.DOMAIN_SEARCH));
        assertEquals(245, f.offset());
    }

    /** problems() of a view that may be shared is immutable and the same list for every thread. */
    @Test
    void problemsOfASharedViewAreImmutableAndConsistentAcrossThreads() throws Exception {
        byte[] bytes = RawPacket.discover().option(1, 255, 255, 0).option(2, 1).set(2, 20).bytes();
        for (int round = 0; round < 50; round++) {
            DhcpMessage shared = DhcpDecoder.lenient().decode(Unpooled.wrappedBuffer(bytes));
            int threads = 4;
            java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                List<java.util.concurrent.Future<List<DhcpProblem>>> results = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return shared.problems();
                    }));
                }
                List<DhcpProblem> first = results.get(0).get();
                assertEquals(3, first.size(), first.toString());
                for (var r : results) {
                    assertEquals(first, r.get());
                }
                assertThrows(UnsupportedOperationException.class, () -> first.add(first.get(0)));
                assertTrue(shared.problems() == shared.problems(), "computed once, then cached");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void siteDefinedOptionThroughRegistry() {
        OptionRegistry site = OptionRegistry.standard().toBuilder().define(150, "tftp-list", OptionCodecs.ipv4List())
                .define(224, "site-flag", OptionCodecs.uint16()).build();
        DhcpMessage m = DhcpDecoder.strict().withRegistry(site).decode(RawPacket.discover().option(224, 1, 2).buf());
        assertEquals("site-flag", m.registry().name(224));
        assertEquals(0x102, m.option(site.byCode(224).map(k -> (dev.netboot.dhcp.option.OptionKey<Integer>) k).orElseThrow()).orElseThrow());
        assertThrows(DhcpCodecException.class, () -> DhcpDecoder.strict().withRegistry(site).decode(RawPacket.discover().option(224, 1).buf()));
    }

    @Test
    void readerReusesOneView() {
        DhcpMessageReader reader = DhcpDecoder.lenient().newReader();
        DhcpMessage a = reader.read(RawPacket.discover().option(60, "a").buf());
        assertEquals(2, a.optionCount());
        DhcpMessage b = reader.read(RawPacket.discover().buf());
        assertTrue(a == b);
        assertEquals(1, b.optionCount());
    }

    /**
     * A reused view never clears its per-code index; each message stamps the slots it sets. Past
     * 32768 messages the stamp wraps and the index is cleared: an option of one message must never
     * show through in the next, before or after the wrap, and index-based and per-code accessors
     * must agree.
     */
    @Test
    void readerIndexIsExactAcrossManyMessages() {
        DhcpMessageReader reader = DhcpDecoder.lenient().newReader();
        ByteBuf withVendor = RawPacket.discover().option(60, "PXEClient").option(77, "iP").option(77, "XE").buf();
        ByteBuf without = RawPacket.discover().option(50, 10, 0, 0, 7).buf();
        // option 43 only in the first message: its slot keeps the first stamp until the stamp comes round again
        ByteBuf first = RawPacket.discover().option(43, 1, 0).buf();
        assertTrue(reader.read(first).has(43));
        try {
            for (int n = 0; n < 70_000; n++) {
                boolean vendor = n % 3 == 0;
                DhcpMessage m = reader.read(vendor ? withVendor : without);
                if (m.has(60) != vendor || m.has(77) != vendor || m.has(50) == vendor || m.has(43)) {
                    fail("message " + n + ": stale or missing option in the index");
                }
                if (n % 9_973 == 0 || n == 32_767 || n == 32_768) {
                    assertEquals(vendor ? 4 : 2, m.optionCount(), "message " + n);
                    assertEquals(vendor ? 2 : 0, m.occurrences(77), "message " + n);
                    assertEquals(vendor ? 4 : -1, m.valueLength(77), "message " + n);
                    assertEquals(vendor ? 2 : 1, m.indexOf(vendor ? 77 : 50), "message " + n);
                    assertEquals(vendor ? 77 : 50, m.optionCode(vendor ? 3 : 1), "message " + n);
                    assertEquals(vendor ? -1 : 0x0a000007, m.optionInt(50, -1), "message " + n);
                    assertEquals(vendor, m.optionEquals(77, "iPXE".getBytes()), "message " + n);
                }
            }
        } finally {
            assertTrue(withVendor.release());
            assertTrue(without.release());
            assertTrue(first.release());
        }
    }

    @Test
    void everyCorpusPacketDecodesStrictly() {
        for (byte[] bytes : RawPacket.corpus()) {
            DhcpMessage m = DhcpDecoder.strict().decode(Unpooled.wrappedBuffer(bytes));
            for (var key : OptionRegistry.standard().keys()) {
                // every typed value decodes (a malformed one would throw), and exactly the present ones
                assertEquals(m.has(key.code()), m.option(key).isPresent(), key.toString());
            }
            assertEquals(List.of(), m.problems());
            ByteBuf out = Unpooled.buffer();
            m.writeTo(out);
            assertArrayEquals(bytes, ByteBufUtilTest.bytes(out));
        }
        assertEquals(62, RawPacket.corpus().size());
    }
}
