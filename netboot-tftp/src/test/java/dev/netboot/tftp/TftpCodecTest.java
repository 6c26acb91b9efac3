package dev.netboot.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TftpCodecTest {

    /** Concatenates strings (each given as written, "\0" for NUL) and raw bytes into a packet. */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            } else if (p instanceof Integer i) {
                out.write(i);
            } else if (p instanceof Character c) {
                out.write(c);
            } else {
                out.writeBytes((byte[]) p);
            }
        }
        return out.toByteArray();
    }

    static ByteBuf buffer(byte[] wire) {
        return Unpooled.buffer(wire.length).writeBytes(wire);
    }

    static TftpPacket decode(byte[] wire) {
        ByteBuf buf = buffer(wire);
        try {
            TftpPacket p = TftpCodec.decode(buf);
            if (p instanceof TftpPacket.Data d) {
                // copy out, because the payload is a slice of buf
                return new TftpPacket.Data(d.block(), buffer(ByteBufUtil.getBytes(d.payload())));
            }
            return p;
        } finally {
            assertTrue(buf.release());
        }
    }

    static TftpCodecException decodeFails(byte[] wire) {
        ByteBuf buf = buffer(wire);
        try {
            return assertThrows(TftpCodecException.class, () -> TftpCodec.decode(buf));
        } finally {
            assertTrue(buf.release());
        }
    }

    static byte[] encode(TftpPacket p) {
        ByteBuf out = Unpooled.buffer();
        try {
            TftpCodec.encode(p, out);
            assertEquals(TftpCodec.encodedLength(p), out.readableBytes(), "encodedLength");
            return ByteBufUtil.getBytes(out);
        } finally {
            assertTrue(out.release());
        }
    }

    static void roundTrip(TftpPacket p, byte[] wire) {
        assertArrayEquals(wire, encode(p), "encoding of " + p);
        TftpPacket decoded = decode(wire);
        try {
            assertEquals(p, decoded);
        } finally {
            if (decoded instanceof TftpPacket.Data d) {
                assertTrue(d.payload().release());
            }
        }
    }

    // ---- one round trip per packet type ----

    @Test
    void readRequestWithOptions() {
        roundTrip(new TftpPacket.ReadRequest("pxelinux.0", TransferMode.OCTET,
                        TftpOptions.of("tsize", "0", "blksize", "1468")),
                bytes(0, 1, "pxelinux.0\0octet\0tsize\0" + "0\0blksize\0" + "1468\0"));
    }

    @Test
    void writeRequestNetascii() {
        roundTrip(new TftpPacket.WriteRequest("upload.txt", TransferMode.NETASCII),
                bytes(0, 2, "upload.txt\0netascii\0"));
    }

    @Test
    void data() {
        roundTrip(new TftpPacket.Data(65535, Unpooled.wrappedBuffer(new byte[] {1, 2, 3})),
                bytes(0, 3, 0xFF, 0xFF, 1, 2, 3));
    }

    @Test
    void emptyData() {
        roundTrip(new TftpPacket.Data(0, Unpooled.EMPTY_BUFFER), bytes(0, 3, 0, 0));
    }

    @Test
    void ack() {
        roundTrip(new TftpPacket.Ack(258), bytes(0, 4, 1, 2));
    }

    @Test
    void error() {
        roundTrip(new TftpPacket.ErrorPacket(TftpErrorCode.FILE_NOT_FOUND, "no such file"),
                bytes(0, 5, 0, 1, "no such file\0"));
    }

    @Test
    void errorWithUnassignedCodeSurvives() {
        TftpPacket p = decode(bytes(0, 5, 0x12, 0x34, "x\0"));
        TftpPacket.ErrorPacket e = assertInstanceOf(TftpPacket.ErrorPacket.class, p);
        assertEquals(0x1234, e.code().code());
        assertArrayEquals(bytes(0, 5, 0x12, 0x34, "x\0"), encode(e));
    }

    @Test
    void optionAck() {
        roundTrip(new TftpPacket.OptionAck(TftpOptions.of("blksize", "1468", "tsize", "4294967296")),
                bytes(0, 6, "blksize\0" + "1468\0tsize\0" + "4294967296\0"));
    }

    @Test
    void emptyOptionAck() {
        roundTrip(new TftpPacket.OptionAck(TftpOptions.empty()), bytes(0, 6));
    }

    // ---- what boot ROMs send ----

    @Test
    void fileNameWithTrailingFfBytesIsAccepted() {
        TftpPacket.ReadRequest r = assertInstanceOf(TftpPacket.ReadRequest.class,
                decode(bytes(0, 1, "pxelinux.0", 0xFF, 0xFF, "\0octet\0")));
        assertEquals("pxelinux.0", r.filename());
        assertEquals(TransferMode.OCTET, r.mode());
    }

    @Test
    void fileNameWithTrailingNulPaddingIsAccepted() {
        TftpPacket.ReadRequest r = assertInstanceOf(TftpPacket.ReadRequest.class,
                decode(bytes(0, 1, "boot/grub.efi\0\0\0\0octet\0")));
        assertEquals("boot/grub.efi", r.filename());
    }

    @Test
    void nulPaddingAfterTheLastFieldIsIgnored() {
        TftpPacket.ReadRequest r = assertInstanceOf(TftpPacket.ReadRequest.class,
                decode(bytes(0, 1, "a\0octet\0blksize\0" + "1400\0\0\0\0\0")));
        assertEquals(TftpOptions.of("blksize", "1400"), r.options());
    }

    @Test
    void modeIsCaseInsensitive() {
        TftpPacket.ReadRequest r = assertInstanceOf(TftpPacket.ReadRequest.class, decode(bytes(0, 1, "a\0OcTeT\0")));
        assertEquals(TransferMode.OCTET, r.mode());
    }

    @Test
    void optionsKeepOrderAndSpellingAndLookUpIgnoringCase() {
        TftpPacket.ReadRequest r = assertInstanceOf(TftpPacket.ReadRequest.class,
                decode(bytes(0, 1, "a\0octet\0BLKSIZE\0" + "1468\0tsize\0" + "0\0")));
        assertEquals("BLKSIZE", r.options().entries().get(0).name());
        assertEquals("1468", r.options().value("blksize").orElseThrow());
        assertEquals("0", r.options().value("TSize").orElseThrow());
    }

    @Test
    void fileNameBytesSurviveAsIso88591() {
        byte[] wire = bytes(0, 1, "caf", 0xC3, 0xA9, "\0octet\0");
        TftpPacket.ReadRequest r = assertInstanceOf(TftpPacket.ReadRequest.class, decode(wire));
        assertArrayEquals(bytes("caf", 0xC3, 0xA9), r.filename().getBytes(StandardCharsets.ISO_8859_1));
        assertArrayEquals(wire, encode(r));
    }

    @Test
    void ackWithTrailingPaddingIsAccepted() {
        assertEquals(new TftpPacket.Ack(7), decode(bytes(0, 4, 0, 7, 0, 0)));
    }

    @Test
    void errorWithoutTerminatingNulIsAccepted() {
        assertEquals(new TftpPacket.ErrorPacket(TftpErrorCode.NOT_DEFINED, "oops"), decode(bytes(0, 5, 0, 0, "oops")));
        assertEquals(new TftpPacket.ErrorPacket(TftpErrorCode.DISK_FULL, ""), decode(bytes(0, 5, 0, 3)));
    }

    // ---- hostile and broken packets: a typed error with offset, never an index exception ----

    private static void fails(byte[] wire, String field, int offset, String reasonPart) {
        TftpCodecException e = decodeFails(wire);
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.reason().contains(reasonPart), e.getMessage());
    }

    @Test
    void tooShortForAnOpcode() {
        fails(bytes(), "opcode", 0, "0 bytes");
        fails(bytes(0), "opcode", 0, "1 bytes");
    }

    @Test
    void unknownOpcodes() {
        fails(bytes(0, 0), "opcode", 0, "unknown opcode 0");
        fails(bytes(0, 7, 1, 2), "opcode", 0, "unknown opcode 7");
        fails(bytes(0xFF, 0xFF), "opcode", 0, "unknown opcode 65535");
    }

    @Test
    void errorPacketsOfThreeBytesOrFewerAreRefused() {
        fails(bytes(0, 5), "error code", 2, "2 bytes");
        fails(bytes(0, 5, 0), "error code", 2, "3 bytes");
    }

    @Test
    void truncatedDataAndAck() {
        fails(bytes(0, 3, 1), "block", 2, "DATA packet of 3 bytes");
        fails(bytes(0, 4), "block", 2, "ACK packet of 2 bytes");
        fails(bytes(0, 4, 0), "block", 2, "ACK packet of 3 bytes");
    }

    @Test
    void requestsWithoutFinalNulAreRefused() {
        fails(bytes(0, 1), "filename", 2, "missing");
        fails(bytes(0, 1, "pxelinux.0"), "filename", 2, "not terminated by NUL");
        fails(bytes(0, 1, "pxelinux.0\0"), "mode", 13, "missing");
        fails(bytes(0, 2, "pxelinux.0\0octet"), "mode", 13, "not terminated by NUL");
        fails(bytes(0, 1, "a\0octet\0blksize"), "option 0 name", 10, "not terminated by NUL");
        fails(bytes(0, 1, "a\0octet\0blksize\0"), "option 0 value", 18, "missing");
        fails(bytes(0, 1, "a\0octet\0blksize\0" + "1468"), "option 0 value", 18, "not terminated by NUL");
        fails(bytes(0, 1, "a\0octet\0tsize\0" + "0\0blksize\0" + "1468"), "option 1 value", 26, "not terminated");
    }

    @Test
    void emptyFileNameAndEmptyOptionName() {
        fails(bytes(0, 1, "\0octet\0"), "filename", 2, "empty");
        fails(bytes(0, 1, 0xFF, "\0octet\0"), "filename", 2, "empty");
        fails(bytes(0, 1, "a\0octet\0\0" + "5\0"), "option 0 name", 10, "empty");
    }

    @Test
    void unknownMode() {
        fails(bytes(0, 1, "a\0binary\0"), "mode", 4, "unknown mode 'binary'");
        fails(bytes(0, 1, "a\0" + "x".repeat(100) + "\0"), "mode", 4, "'xxxxxxxxxxxxxxxx...'");
    }

    @Test
    void optionNamesAndValuesOfExcessiveLengthAreRefused() {
        String name64 = "n".repeat(64);
        String value255 = "v".repeat(255);
        // at the limit: accepted
        TftpPacket.ReadRequest ok = assertInstanceOf(TftpPacket.ReadRequest.class,
                decode(bytes(0, 1, "a\0octet\0" + name64 + "\0" + value255 + "\0")));
        assertEquals(value255, ok.options().value(name64).orElseThrow());
        // one beyond: refused, naming the limit
        TftpCodecException e = decodeFails(bytes(0, 1, "a\0octet\0" + name64 + "n\0" + "1\0"));
        assertEquals("option 0 name", e.field());
        assertEquals(10, e.offset());
        assertTrue(e.reason().contains("TftpLimits.maxOptionNameLength"), e.reason());
        e = decodeFails(bytes(0, 1, "a\0octet\0blksize\0" + value255 + "9\0"));
        assertEquals("option 0 value", e.field());
        assertEquals(18, e.offset());
        assertTrue(e.reason().contains("TftpLimits.maxOptionValueLength"), e.reason());
        assertEquals(TftpErrorCode.OPTION_NEGOTIATION, e.toErrorPacket().code());
    }

    @Test
    void fileNameOfExcessiveLengthIsRefused() {
        TftpCodecException e = decodeFails(bytes(0, 1, "f".repeat(1025) + "\0octet\0"));
        assertEquals("filename", e.field());
        assertTrue(e.reason().contains("1025"), e.reason());
        assertEquals(TftpErrorCode.ILLEGAL_OPERATION, e.toErrorPacket().code());
    }

    @Test
    void tooManyOptionsAreRefused() {
        StringBuilder sb = new StringBuilder("a\0octet\0blksize\0" + "8\0");
        for (int i = 0; i < 40; i++) {
            sb.append("x").append(i).append("\0").append(i).append("\0");
        }
        TftpCodecException e = decodeFails(bytes(0, 1, sb.toString()));
        assertEquals("option 32", e.field());
        assertTrue(e.reason().contains("TftpLimits.maxOptions"), e.reason());
        // a caller may raise the limit
        ByteBuf buf = Unpooled.wrappedBuffer(bytes(0, 1, sb.toString()));
        try {
            TftpPacket.Request r = (TftpPacket.Request) TftpCodec.decode(buf, new TftpLimits(1024, 64, 255, 64));
            assertEquals(41, r.options().size());
        } finally {
            assertTrue(buf.release());
        }
    }

    @Test
    void oackWithUnterminatedValue() {
        fails(bytes(0, 6, "blksize\0" + "512"), "option 0 value", 10, "not terminated by NUL");
    }

    @Test
    void messageNamesFieldAndOffset() {
        TftpCodecException e = decodeFails(bytes(0, 1, "x\0octet"));
        assertEquals("mode at offset 4: not terminated by NUL", e.getMessage());
    }

    // ---- buffer ownership of DATA ----

    @Test
    void decodedDataPayloadIsANonRetainedSliceOfTheDatagram() {
        ByteBuf datagram = Unpooled.buffer(16);
        datagram.writeBytes(bytes(0, 3, 0, 9, 'a', 'b', 'c'));
        TftpPacket.Data d = assertInstanceOf(TftpPacket.Data.class, TftpCodec.decode(datagram));
        assertEquals(9, d.block());
        assertEquals(1, datagram.refCnt(), "decode must not retain");
        assertEquals(0, datagram.readerIndex(), "decode must not move indices");
        datagram.setByte(4, 'z');
        assertEquals('z', d.payload().getByte(d.payload().readerIndex()), "payload shares the datagram's memory");
        assertTrue(datagram.release());
        assertEquals(0, d.payload().refCnt(), "the slice dies with the datagram");
    }

    @Test
    void encodingDataLeavesThePayloadIndicesAlone() {
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {5, 6, 7});
        payload.readByte();
        TftpPacket.Data d = new TftpPacket.Data(1, payload);
        assertArrayEquals(bytes(0, 3, 0, 1, 6, 7), encode(d));
        assertEquals(1, payload.readerIndex());
        assertTrue(payload.release());
    }

    @Test
    void encodeIntoAFullBufferFailsCleanly() {
        ByteBuf small = Unpooled.buffer(2, 3);
        try {
            TftpCodecException e = assertThrows(TftpCodecException.class,
                    () -> TftpCodec.encode(new TftpPacket.Ack(1), small));
            assertEquals(-1, e.offset());
            assertEquals(0, small.writerIndex());
        } finally {
            assertTrue(small.release());
        }
    }

    @Test
    void dataHeaderAndAckHelpersWriteTheSameBytesAsEncode() {
        ByteBuf out = Unpooled.buffer();
        try {
            TftpCodec.encodeDataHeader(65535, out);
            TftpCodec.encodeAck(0, out);
            assertArrayEquals(bytes(0, 3, 0xFF, 0xFF, 0, 4, 0, 0), ByteBufUtil.getBytes(out));
            assertEquals(TftpCodec.DATA, TftpCodec.peekOpcode(out));
        } finally {
            assertTrue(out.release());
        }
    }

    @Test
    void peekBlockReadsDataAndAckHeadersOnly() {
        ByteBuf ack = buffer(bytes(0, 4, 1, 2));
        ByteBuf data = buffer(bytes(0, 3, 0xFF, 0xFE, 9));
        ByteBuf rrq = buffer(bytes(0, 1, "a\0octet\0"));
        ByteBuf shortAck = buffer(bytes(0, 4, 1));
        try {
            assertEquals(258, TftpCodec.peekBlock(ack));
            assertEquals(65534, TftpCodec.peekBlock(data));
            assertEquals("opcode 1 (expected: 3 or 4)",
                    assertThrows(TftpCodecException.class, () -> TftpCodec.peekBlock(rrq)).reason());
            assertEquals(2, assertThrows(TftpCodecException.class, () -> TftpCodec.peekBlock(shortAck)).offset());
        } finally {
            assertTrue(ack.release() && data.release() && rrq.release() && shortAck.release());
        }
    }

    @Test
    void peekOpcodeOfAShortBufferFailsCleanly() {
        ByteBuf one = Unpooled.wrappedBuffer(new byte[] {0});
        try {
            assertEquals(0, assertThrows(TftpCodecException.class, () -> TftpCodec.peekOpcode(one)).offset());
        } finally {
            assertTrue(one.release());
        }
    }

    // ---- records refuse what cannot be encoded ----

    @Test
    void recordsValidate() {
        assertThrows(IllegalArgumentException.class, () -> new TftpPacket.Ack(-1));
        assertThrows(IllegalArgumentException.class, () -> new TftpPacket.Ack(65536));
        assertThrows(IllegalArgumentException.class, () -> new TftpPacket.ReadRequest("", TransferMode.OCTET));
        assertThrows(IllegalArgumentException.class, () -> new TftpPacket.ReadRequest("a\0b", TransferMode.OCTET));
        assertThrows(IllegalArgumentException.class, () -> new TftpPacket.ReadRequest("\u20ac", TransferMode.OCTET));
        assertThrows(IllegalArgumentException.class, () -> new TftpOption("", "1"));
        assertThrows(IllegalArgumentException.class, () -> TftpOptions.of("blksize"));
    }

    @Test
    void errorMessageCharactersBeyondLatin1AreSentAsQuestionMarks() {
        assertArrayEquals(bytes(0, 5, 0, 0, "caf? \0"), encode(new TftpPacket.ErrorPacket(TftpErrorCode.NOT_DEFINED, "caf\u20ac ")));
    }

    @Test
    void errorCodeRegistry() {
        assertSame(TftpErrorCode.OPTION_NEGOTIATION, TftpErrorCode.valueOf(8));
        assertEquals(TftpErrorCode.valueOf(99), TftpErrorCode.valueOf(99));
        assertThrows(IllegalArgumentException.class, () -> TftpErrorCode.valueOf(65536));
        assertEquals(5, TftpPacket.ErrorPacket.unknownTransferId().code().code());
    }
}
