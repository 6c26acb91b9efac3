package dev.netboot.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netboot.dhcp.option.OptionKey;
import dev.netboot.dhcp.option.OptionRegistry;
import io.netty.buffer.ByteBuf;
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

    /** Any message built through the writer decodes to the same header and option values. */
    @Property(tries = 300)
    void writtenMessagesDecodeToTheSameValues(@ForAll("messages") Built b) {
        ByteBuf out = Unpooled.buffer();
        DhcpWriter w = new DhcpWriter();
        w.begin(out, 2, MessageType.OFFER).maxMessageSize(b.maxSize()).xid(b.xid()).flags(b.flags()).yiaddr(b.yiaddr()).chaddr(b.chaddr());
        List<Integer> written = new ArrayList<>();
        for (var e : b.options().entrySet()) {
            try {
                w.option(e.getKey(), e.getValue());
                written.add(e.getKey());
            } catch (DhcpCodecException full) {
                // too big for this maximum message size: a typed error, and the message stays valid
            }
        }
        int len = w.finish();
        assertEquals(len, out.readableBytes());
        DhcpMessage m = DhcpMessage.decode(out);
        assertEquals(List.of(), m.problems().stream().filter(p -> p.code() == -1 || p.reason().contains("length") && p.field().startsWith("option ") && !p.field().contains("(")).toList());
        assertEquals(b.xid(), m.xid());
        assertEquals(b.flags(), m.flags());
        assertEquals(b.yiaddr(), m.yiaddr());
        assertArrayEquals(b.chaddr(), m.chaddr());
        assertEquals(MessageType.OFFER, m.messageType());
        for (int code : written) {
            assertArrayEquals(b.options().get(code), rawJoined(m, code), "option " + code);
        }
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
            int at = 236 + positions.get(i) % Math.max(1, bytes.length - 236);
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
