package dev.netboot.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.dhcp.option.OptionKey;
import dev.netboot.dhcp.option.OptionRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class DhcpMessageProperties {
    private static final DhcpMessageReader READER = DhcpDecoder.lenient().newReader();

    record Built(int xid, int flags, int yiaddr, byte[] chaddr, Map<Integer, byte[]> options, int maxSize) {}

    @Provide
    Arbitrary<Built> messages() {
        Arbitrary<Integer> code = Arbitraries.integers().between(1, 254).filter(c -> c != 52 && c != 53 && c != 82);
        Arbitrary<byte[]> value = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<Map<Integer, byte[]>> options = Arbitraries.maps(code, value).ofMaxSize(6).map(LinkedHashMap::new);
        return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 0xFFFF), Arbitraries.integers(),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(16), options,
                Arbitraries.integers().between(576, 1500)).as(Built::new);
    }

    /**
     * Any message built through the writer stays within the maximum message size and decodes to the
     * same header and option values; the writer rejects an option only when the options field
     * could not have held everything offered so far.
     */
    @Property(tries = 300)
    void writtenMessagesDecodeToTheSameValues(@ForAll("messages") Built b,
            @ForAll @IntRange(min = 0, max = 2) int relayAt, @ForAll @Size(max = 40) byte[] rai) {
        ByteBuf out = ByteBufAllocator.DEFAULT.buffer();
        try {
            DhcpWriter w = new DhcpWriter();
            w.begin(out, 2, MessageType.OFFER).maxMessageSize(b.maxSize()).xid(b.xid()).flags(b.flags())
                    .yiaddr(b.yiaddr()).chaddr(b.chaddr());
            // the options field's room: after option 53, leaving room for option 52 and the end option
            int room = b.maxSize() - DhcpWriter.IP_UDP_HEADERS - 243 - 3 - 1;
            int offered = 0;
            boolean relay = false;
            if (relayAt == 1) { // option 82 first, as beginReply sets it
                w.option(82, rai);
                relay = true;
                offered += rai.length + 2;
            }
            List<Integer> written = new ArrayList<>();
            for (var e : b.options().entrySet()) {
                offered += encodedSize(e.getValue().length);
                try {
                    w.option(e.getKey(), e.getValue());
                    written.add(e.getKey());
                } catch (DhcpCodecException full) {
                    // a typed error, and the message stays valid; but only when not everything fits
                    assertTrue(offered > room, "rejected although " + offered + " bytes fit in " + room + ": " + full);
                    assertTrue(full.getMessage().contains("maximum message size " + b.maxSize()), full.getMessage());
                }
            }
            if (relayAt == 2) { // option 82 last: rejected only when the options field has no room left for it
                offered += rai.length + 2;
                try {
                    w.option(82, rai);
                    relay = true;
                } catch (DhcpCodecException full) {
                    assertTrue(offered > room, "82 rejected although " + offered + " bytes fit in " + room + ": "
                            + full);
                }
            }
            int len = w.finish();
            assertEquals(len, out.readableBytes());
            assertTrue(len <= b.maxSize() - DhcpWriter.IP_UDP_HEADERS, len + " bytes exceed the maximum "
                    + b.maxSize());
            DhcpMessage m = DhcpMessage.decode(out);
            // random values under registered codes may be rejected by their typed codecs (that is the
            // only justified kind of problem, 82's random bytes included): nothing structural, nothing about 52 or 53
            for (DhcpProblem p : m.problems()) {
                assertTrue(written.contains(p.code()) || relay && p.code() == 82,
                        "problem with an option not written: " + p);
                assertEquals("option " + p.code() + " (" + OptionRegistry.standard().name(p.code()) + ")", p.field(),
                        "only typed-value problems: " + p);
            }
            assertEquals(b.xid(), m.xid());
            assertEquals(b.flags(), m.flags());
            assertEquals(b.yiaddr(), m.yiaddr());
            assertArrayEquals(b.chaddr(), m.chaddr());
            assertEquals(MessageType.OFFER, m.messageType());
            long distinct = java.util.stream.IntStream.range(0, m.optionCount()).map(m::optionCode)
                    .filter(c -> c != 52 && c != 53).distinct().count();
            assertEquals(written.size() + (relay ? 1 : 0), distinct, "exactly the options written");
            for (int code : written) {
                assertArrayEquals(b.options().get(code), rawJoined(m, code), "option " + code);
            }
            if (relay) {
                assertArrayEquals(rai, m.optionBytes(82));
            }
        } finally {
            assertTrue(out.release());
        }
    }

    /**
     * Every header field and options written through their typed keys (an address list, text long
     * enough to be split per RFC 3396, a 32-bit time, an architecture list) read back equal through
     * the typed accessors, in the order written.
     */
    @Property(tries = 300)
    void headerFieldsAndTypedOptionsRoundTrip(@ForAll int ciaddr, @ForAll int siaddr, @ForAll int giaddr,
            @ForAll @IntRange(max = 65535) int secs, @ForAll @IntRange(max = 255) int hops,
            @ForAll("cString") @net.jqwik.api.constraints.StringLength(max = 63) String sname,
            @ForAll("cString") @net.jqwik.api.constraints.StringLength(max = 127) String file,
            @ForAll @Size(min = 1, max = 6) List<Integer> routers,
            @ForAll("cString") @net.jqwik.api.constraints.StringLength(min = 1, max = 400) String domain,
            @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 0xFFFFFFFFL) long lease,
            @ForAll @Size(min = 1, max = 4) List<@IntRange(max = 65535) Integer> arch) {
        List<java.net.Inet4Address> routerAddresses = routers.stream().map(Ipv4::toInet).toList();
        List<ClientArchitecture> architectures = arch.stream().map(ClientArchitecture::valueOf).toList();
        ByteBuf out = ByteBufAllocator.DEFAULT.buffer();
        try {
            new DhcpWriter().begin(out, 1, MessageType.REQUEST).maxMessageSize(1500).ciaddr(ciaddr).siaddr(siaddr)
                    .giaddr(giaddr).secs(secs).hops(hops).sname(sname).file(file)
                    .option(dev.netboot.dhcp.option.DhcpOptions.ROUTERS, routerAddresses)
                    .option(dev.netboot.dhcp.option.DhcpOptions.DOMAIN_NAME, domain)
                    .option(dev.netboot.dhcp.option.DhcpOptions.LEASE_TIME, lease)
                    .option(dev.netboot.dhcp.option.DhcpOptions.CLIENT_ARCHITECTURE, architectures)
                    .finish();
            DhcpMessage m = DhcpMessage.decode(out);
            assertEquals(List.of(), m.problems());
            assertEquals(ciaddr, m.ciaddr());
            assertEquals(siaddr, m.siaddr());
            assertEquals(giaddr, m.giaddr());
            assertEquals(secs, m.secs());
            assertEquals(hops, m.hops());
            assertEquals(sname, m.sname());
            assertEquals(file, m.file());
            assertEquals(routerAddresses, m.option(dev.netboot.dhcp.option.DhcpOptions.ROUTERS).orElseThrow());
            assertEquals(domain, m.option(dev.netboot.dhcp.option.DhcpOptions.DOMAIN_NAME).orElseThrow());
            assertEquals(lease, m.option(dev.netboot.dhcp.option.DhcpOptions.LEASE_TIME).orElseThrow());
            assertEquals(architectures, m.option(dev.netboot.dhcp.option.DhcpOptions.CLIENT_ARCHITECTURE).orElseThrow());
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < m.optionCount(); i++) {
                if (order.isEmpty() || order.get(order.size() - 1) != m.optionCode(i)) {
                    order.add(m.optionCode(i)); // the parts of a split option count once
                }
            }
            assertEquals(List.of(53, 3, 15, 51, 93), order, "option 53 first, then in the order written");
        } finally {
            assertTrue(out.release());
        }
    }

    /** Latin-1 text without NUL (sname and file are NUL-terminated; options carry any byte but 0 here too). */
    @Provide
    Arbitrary<String> cString() {
        return Arbitraries.strings().withCharRange((char) 1, (char) 255);
    }

    /** Option 82 set after the options field was filled to any level: the limit always holds, 82 is never cut. */
    @Property(tries = 500)
    void late82NeverExceedsTheMaximumMessageSize(@ForAll @IntRange(min = 0, max = 1400) int fill,
            @ForAll @Size(max = 300) byte[] rai, @ForAll @IntRange(min = 576, max = 1500) int maxSize) {
        ByteBuf out = ByteBufAllocator.DEFAULT.buffer();
        try {
            DhcpWriter w = new DhcpWriter();
            w.begin(out, 2, MessageType.ACK).maxMessageSize(maxSize);
            try {
                w.option(224, new byte[fill]);
            } catch (DhcpCodecException full) {
                // too big even for file and sname: fine, typed
            }
            boolean set;
            try {
                w.option(82, rai);
                set = true;
            } catch (DhcpCodecException full) {
                set = false;
            }
            int len = w.finish();
            assertTrue(len <= maxSize - DhcpWriter.IP_UDP_HEADERS, len + " bytes exceed the maximum " + maxSize);
            DhcpMessage m = DhcpMessage.decode(out);
            assertEquals(set, m.has(82));
            if (set) {
                assertArrayEquals(rai, m.optionBytes(82));
            }
        } finally {
            assertTrue(out.release());
        }
    }

    private static int encodedSize(int length) {
        return length == 0 ? 2 : length + 2 * ((length + 254) / 255);
    }

    /** The view reads heap buffers through their array and direct ones through ByteBuf: same answers. */
    private static void sameOverArrayAndDirectBuffers(byte[] bytes) {
        ByteBuf direct = io.netty.buffer.ByteBufAllocator.DEFAULT.directBuffer(bytes.length + 3);
        try {
            direct.writeBytes(new byte[3]).writeBytes(bytes).skipBytes(3);
            String heap;
            try {
                heap = describe(DhcpMessage.decode(Unpooled.wrappedBuffer(bytes)));
            } catch (DhcpCodecException e) {
                heap = e.getMessage();
            }
            String viaBuf;
            try {
                viaBuf = describe(DhcpMessage.decode(direct));
            } catch (DhcpCodecException e) {
                viaBuf = e.getMessage();
            }
            assertEquals(heap, viaBuf);
            String viaReader;
            try {
                viaReader = describe(READER.read(direct));
            } catch (DhcpCodecException e) {
                viaReader = e.getMessage();
            }
            assertEquals(heap, viaReader);
        } finally {
            direct.release();
        }
    }

    private static String describe(DhcpMessage m) {
        StringBuilder sb = new StringBuilder().append(m.op()).append(m.xid()).append(m.flags()).append(m.giaddr())
                .append(m.mac48()).append(m.messageType()).append(m.clientArchitectureCode()).append(m.optionInt(50, 7))
                .append(m.optionStartsWith(60, "PXE".getBytes())).append(m.problems());
        for (int i = 0; i < m.optionCount(); i++) {
            sb.append(',').append(m.optionCode(i)).append('/').append(m.optionLength(i)).append('/').append(m.occurrences(m.optionCode(i)));
        }
        return sb.toString();
    }

    private static byte[] rawJoined(DhcpMessage m, int code) {
        // raw concatenation of every part (the writer splits only values longer than 255)
        byte[] out = new byte[0];
        for (int i = 0; i < m.optionCount(); i++) {
            if (m.optionCode(i) == code) {
                byte[] part = new byte[m.optionLength(i)];
                m.buffer().getBytes(m.optionValueIndex(i), part);
                byte[] n = java.util.Arrays.copyOf(out, out.length + part.length);
                System.arraycopy(part, 0, n, out.length, part.length);
                out = n;
            }
        }
        return out;
    }

    /** Arbitrary bytes give a message or the typed exception, nothing else, in both modes. */
    @Property(tries = 2000)
    void arbitraryBytesDecodeOrRaiseTyped(@ForAll @Size(max = 700) byte[] bytes, @ForAll boolean cookie) {
        if (cookie && bytes.length >= 240) {
            bytes[236] = 0x63;
            bytes[237] = (byte) 0x82;
            bytes[238] = 0x53;
            bytes[239] = 0x63;
        }
        exercise(bytes);
    }

    @Provide
    Arbitrary<byte[]> corpusPackets() {
        return Arbitraries.of(RawPacket.corpus());
    }

    /** Real packets with random byte mutations give a message or the typed exception. */
    @Property(tries = 3000)
    void mutatedRealPacketsDecodeOrRaiseTyped(@ForAll("corpusPackets") byte[] original,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 100000) Integer> positions,
            @ForAll @Size(min = 8, max = 8) byte[] values, @ForAll @IntRange(min = 0, max = 40) int truncate) {
        byte[] bytes = original.clone();
        for (int i = 0; i < positions.size(); i++) {
            // even positions anywhere (header, sname, file, cookie), odd ones in the options field
            int at = i % 2 == 0 ? positions.get(i) % bytes.length
                    : 236 + positions.get(i) % Math.max(1, bytes.length - 236);
            if (at < bytes.length) {
                bytes[at] = values[i];
            }
        }
        exercise(java.util.Arrays.copyOf(bytes, Math.max(0, bytes.length - truncate)));
    }

    private static void exercise(byte[] bytes) {
        sameOverArrayAndDirectBuffers(bytes);
        for (DhcpDecoder decoder : List.of(DhcpDecoder.lenient(), DhcpDecoder.strict())) {
            try {
                DhcpMessage m = decoder.decode(Unpooled.wrappedBuffer(bytes));
                m.problems();
                m.messageType();
                m.clientArchitecture();
                m.bootFileName();
                m.sname();
                m.chaddr();
                m.toString();
                for (OptionKey<?> key : OptionRegistry.standard().keys()) {
                    try {
                        m.option(key);
                    } catch (DhcpCodecException expected) {
                        // typed
                    }
                }
                for (int i = 0; i < m.optionCount(); i++) {
                    m.optionBytes(m.optionCode(i));
                }
            } catch (DhcpCodecException expected) {
                // typed
            }
        }
    }
}
