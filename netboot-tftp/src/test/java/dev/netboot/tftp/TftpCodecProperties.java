package dev.netboot.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class TftpCodecProperties {

    /** Decodes, or returns the codec's exception; anything else thrown fails the property. */
    private static Object decodeOrError(byte[] bytes) {
        ByteBuf buf = Unpooled.buffer(bytes.length).writeBytes(bytes);
        try {
            TftpPacket p = TftpCodec.decode(buf);
            assertEquals(0, buf.readerIndex());
            if (p instanceof TftpPacket.Data d) {
                return new TftpPacket.Data(d.block(), Unpooled.wrappedBuffer(ByteBufUtil.getBytes(d.payload())));
            }
            return p;
        } catch (TftpCodecException e) {
            assertTrue(e.offset() >= -1 && e.offset() <= bytes.length, e.getMessage());
            return e;
        } finally {
            assertTrue(buf.release());
        }
    }

    private static byte[] encode(TftpPacket p) {
        ByteBuf out = Unpooled.buffer();
        try {
            TftpCodec.encode(p, out);
            assertEquals(TftpCodec.encodedLength(p), out.readableBytes());
            return ByteBufUtil.getBytes(out);
        } finally {
            assertTrue(out.release());
        }
    }

    @Property(tries = 3000)
    void arbitraryBytesGiveAPacketOrACodecException(@ForAll @Size(max = 700) byte[] bytes) {
        checkNormalForm(decodeOrError(bytes));
    }

    @Property(tries = 3000)
    void bytesAfterAValidOpcodeGiveAPacketOrACodecException(@ForAll @IntRange(min = 0, max = 7) int opcode,
            @ForAll("tftpish") byte[] body) {
        byte[] bytes = new byte[body.length + 2];
        bytes[1] = (byte) opcode;
        System.arraycopy(body, 0, bytes, 2, body.length);
        checkNormalForm(decodeOrError(bytes));
    }

    /** Bytes drawn mostly from NUL, 0xFF, option names, digits and mode names. */
    @Provide
    Arbitrary<byte[]> tftpish() {
        Arbitrary<String> piece = Arbitraries.of("\0", "\0", "\u00ff", "octet", "NetAscii", "mail", "blksize",
                "tsize", "timeout", "windowsize", "0", "1468", "65464", "x", "pxelinux.0", "\0\0");
        return piece.list().ofMaxSize(20).map(l -> String.join("", l).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** A decoded packet re-encodes to bytes that decode to the same packet. */
    private static void checkNormalForm(Object decoded) {
        if (decoded instanceof TftpPacket p) {
            Object again = decodeOrError(encode(p));
            try {
                assertEquals(p, again);
            } finally {
                release(p);
                release(again);
            }
        }
    }

    private static void release(Object p) {
        if (p instanceof TftpPacket.Data d) {
            d.payload().release();
        }
    }

    @Provide
    Arbitrary<TftpPacket> packets() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange('\u0001', '\u00ff').ofMinLength(1).ofMaxLength(40)
                .filter(s -> s.charAt(s.length() - 1) != '\u00ff'); // trailing 0xFF is stripped from file names
        Arbitrary<String> value = Arbitraries.strings().withCharRange('\u0001', '\u00ff').ofMaxLength(30);
        Arbitrary<TftpOptions> options = Combinators.combine(text.filter(s -> s.length() <= 64), value)
                .as(TftpOption::new).list().ofMaxSize(8).map(TftpOptions::of);
        Arbitrary<TransferMode> mode = Arbitraries.of(TransferMode.class);
        Arbitrary<Integer> block = Arbitraries.integers().between(0, 65535);
        return Arbitraries.oneOf(
                Combinators.combine(text, mode, options).as(TftpPacket.ReadRequest::new),
                Combinators.combine(text, mode, options).as(TftpPacket.WriteRequest::new),
                Combinators.combine(block, Arbitraries.bytes().array(byte[].class).ofMaxSize(600))
                        .as((b, bytes) -> new TftpPacket.Data(b, Unpooled.wrappedBuffer(bytes))),
                block.map(TftpPacket.Ack::new),
                Combinators.combine(Arbitraries.integers().between(0, 65535).map(TftpErrorCode::valueOf), value)
                        .as(TftpPacket.ErrorPacket::new),
                options.map(TftpPacket.OptionAck::new));
    }

    @Property(tries = 2000)
    void everyPacketRoundTripsExactly(@ForAll("packets") TftpPacket p) {
        byte[] wire = encode(p);
        Object decoded = decodeOrError(wire);
        try {
            assertEquals(p, decoded);
            assertArrayEquals(wire, encode((TftpPacket) decoded));
        } finally {
            release(p);
            release(decoded);
        }
    }

    @Property(tries = 200)
    void limitsAreNamedWhenHit(@ForAll @IntRange(min = 65, max = 2000) int nameLength) {
        byte[] bytes = TftpCodecTest.bytes(0, 1, "f\0octet\0" + "n".repeat(nameLength) + "\0" + "1\0");
        Object r = decodeOrError(bytes);
        TftpCodecException e = (TftpCodecException) r;
        assertEquals(10, e.offset());
        assertTrue(e.getMessage().contains("maxOptionNameLength"));
        assertTrue(List.of("option 0 name").contains(e.field()));
    }
}
