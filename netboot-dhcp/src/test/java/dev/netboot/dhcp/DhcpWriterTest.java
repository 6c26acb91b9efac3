package dev.netboot.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.dhcp.option.DhcpOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DhcpWriterTest {
    private final DhcpWriter writer = new DhcpWriter();

    @Test
    void messageTypeFirstEndLastPaddedTo300() {
        ByteBuf out = ByteBufAllocator.DEFAULT.buffer();
        try {
            writer.begin(out, 1, MessageType.DISCOVER).xid(7).optionText(60, "PXEClient");
            int n = writer.finish();
            assertEquals(300, n);
            assertEquals(300, out.readableBytes());
            assertEquals(53, out.getUnsignedByte(240));
            DhcpMessage m = DhcpDecoder.strict().decode(out);
            assertEquals(MessageType.DISCOVER, m.messageType());
            assertEquals(7, m.xid());
            assertEquals(List.of(53, 60), List.of(m.optionCode(0), m.optionCode(1)));
            assertEquals(255, out.getUnsignedByte(240 + 3 + 11));
        } finally {
            assertTrue(out.release());
        }
    }

    @Test
    void replyCopiesRequestFieldsAndEchoes82Last() {
        byte[] req = RawPacket.discover().set(10, 0x80, 0).set(24, 10, 9, 0, 1).set(2, 6).option(57, 2, 64)
                .option(82, 1, 3, 'e', 't', 'h', 2, 1, 9).bytes();
        DhcpMessage request = DhcpMessage.decode(Unpooled.wrappedBuffer(req));
        ByteBuf out = Unpooled.buffer();
        writer.beginReply(out, request, MessageType.OFFER).yiaddr(Ipv4.parse("10.9.0.50")).siaddr(Ipv4.parse("10.9.0.1"))
                .file("undionly.kpxe").optionInt(54, Ipv4.parse("10.9.0.1")).optionInt(51, 86400);
        writer.finish();
        DhcpMessage m = DhcpDecoder.strict().decode(out);
        assertEquals(2, m.op());
        assertEquals(request.xid(), m.xid());
        assertEquals(0x8000, m.flags());
        assertEquals(request.giaddr(), m.giaddr());
        assertEquals(request.chaddrString(), m.chaddrString());
        assertEquals("undionly.kpxe", m.file());
        assertEquals(82, m.optionCode(m.optionCount() - 1), "82 echoed last");
        assertArrayEquals(request.optionBytes(82), m.optionBytes(82));
        assertEquals(86400, m.optionInt(51, 0));
    }

    @Test
    void longValuesAreSplitPerRfc3396() {
        byte[] big = new byte[600];
        Arrays.fill(big, (byte) 'x');
        ByteBuf out = Unpooled.buffer();
        writer.begin(out, 2, MessageType.ACK).maxMessageSize(1500).option(43, big);
        writer.finish();
        DhcpMessage m = DhcpMessage.decode(out);
        assertEquals(3, m.occurrences(43));
        assertEquals(List.of(255, 255, 90), List.of(m.optionLength(1), m.optionLength(2), m.optionLength(3)));
        assertArrayEquals(big, m.optionBytes(43));
    }

    @Test
    void overloadsIntoFileThenSnameWhenMaxMessageSizeIsReached() {
        ByteBuf out = Unpooled.buffer();
        writer.begin(out, 2, MessageType.OFFER);
        byte[] chunk = new byte[100];
        for (int i = 0; i < 3; i++) { // two fit the 305 bytes of options area; the third goes to file
            Arrays.fill(chunk, (byte) ('a' + i));
            writer.option(224 + i, chunk);
        }
        writer.optionText(67, "pxelinux.0");
        writer.finish();
        assertTrue(out.readableBytes() <= 576 - 28, "fits the default 576-byte limit: " + out.readableBytes());
        DhcpMessage m = DhcpDecoder.strict().decode(out);
        assertEquals(1, m.overload() & 1, "file carries options");
        assertEquals("pxelinux.0", m.bootFileName());
        for (int i = 0; i < 3; i++) {
            Arrays.fill(chunk, (byte) ('a' + i));
            assertArrayEquals(chunk, m.optionBytes(224 + i));
        }
        assertEquals(226, m.optionCode(m.optionCount() - 1), "the file field's options follow the options field's");
    }

    @Test
    void bootFileNameInFileFieldIsNotOverwrittenByOverload() {
        ByteBuf out = Unpooled.buffer();
        writer.begin(out, 2, MessageType.OFFER).file("gpxe-undionly.kpxe");
        writer.option(224, new byte[250]).option(225, new byte[50]);
        writer.finish();
        DhcpMessage m = DhcpDecoder.strict().decode(out);
        assertEquals("gpxe-undionly.kpxe", m.file());
        assertEquals(2, m.overload(), "only sname overloaded");
        assertEquals(50, m.valueLength(225));
    }

    @Test
    void optionThatFitsNowhereIsATypedError() {
        ByteBuf out = Unpooled.buffer();
        writer.begin(out, 2, MessageType.OFFER).file("f").sname("s");
        DhcpCodecException e = assertThrows(DhcpCodecException.class, () -> writer.option(224, new byte[600]));
        assertTrue(e.getMessage().contains("maximum message size 576"), e.getMessage());
    }

    @Test
    void typedOptionsAndBadArguments() {
        ByteBuf out = Unpooled.buffer();
        writer.begin(out, 2, MessageType.ACK).option(DhcpOptions.DOMAIN_SEARCH, List.of("a.example.org", "b.example.org"));
        writer.finish();
        DhcpMessage m = DhcpDecoder.strict().decode(out);
        assertEquals(List.of("a.example.org", "b.example.org"), m.option(DhcpOptions.DOMAIN_SEARCH).orElseThrow());
        assertTrue(m.valueLength(119) < 30, "compressed: " + m.valueLength(119));
        ByteBuf o2 = Unpooled.buffer();
        writer.begin(o2, 2, MessageType.ACK);
        assertThrows(IllegalArgumentException.class, () -> writer.option(53, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> writer.optionU8(23, 300));
        assertThrows(IllegalArgumentException.class, () -> writer.file("x".repeat(128)));
        assertThrows(IllegalArgumentException.class, () -> writer.hlen(17));
    }

    /** Text up to 255 chars is written in place, longer text through the splitting path; both as ISO-8859-1. */
    @Test
    void textOptionsShortLongAndOutsideLatin1() {
        ByteBuf out = Unpooled.buffer();
        String latin = "caf\u00e9.example";
        String longText = "d".repeat(300);
        writer.begin(out, 2, MessageType.ACK).maxMessageSize(1500).optionText(15, latin).optionText(56, "")
                .optionText(66, longText);
        writer.finish();
        DhcpMessage m = DhcpDecoder.strict().decode(out);
        assertArrayEquals(latin.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), m.optionBytes(15));
        assertEquals(0, m.valueLength(56));
        assertEquals(2, m.occurrences(66));
        assertEquals(longText, new String(m.optionBytes(66), java.nio.charset.StandardCharsets.ISO_8859_1));
        ByteBuf o2 = Unpooled.buffer();
        writer.begin(o2, 2, MessageType.ACK);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> writer.optionText(15, "ab\u0100"));
        assertEquals("option 15 character U+100 at 2", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> writer.optionText(53, "x"));
        writer.optionText(12, "host");
        writer.finish();
        DhcpMessage m2 = DhcpDecoder.strict().decode(o2);
        assertEquals(List.of(53, 12), List.of(m2.optionCode(0), m2.optionCode(1)), "the rejected text left nothing behind");
    }

    @Test
    void zeroLengthOptionIsWritten() {
        ByteBuf out = Unpooled.buffer();
        writer.begin(out, 1, MessageType.DISCOVER).option(80, new byte[0]);
        writer.finish();
        DhcpMessage m = DhcpDecoder.strict().decode(out);
        assertEquals(0, m.valueLength(80));
    }
}
