package dev.netboot.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.dhcp.option.DhcpOptions;
import dev.netboot.dhcp.option.RelayAgentInformation;
import dev.netboot.dhcp.option.SubOption;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DhcpWriterTest {
    private final DhcpWriter writer = new DhcpWriter();
    private final List<ByteBuf> buffers = new ArrayList<>();

    /** A leak-tracked pooled buffer released (and checked released) after the test. */
    private ByteBuf buffer() {
        ByteBuf b = ByteBufAllocator.DEFAULT.buffer();
        buffers.add(b);
        return b;
    }

    @AfterEach
    void releaseBuffers() {
        for (ByteBuf b : buffers) {
            assertTrue(b.release(), "released exactly once");
        }
    }

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
        ByteBuf out = buffer();
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
        ByteBuf out = buffer();
        writer.begin(out, 2, MessageType.ACK).maxMessageSize(1500).option(43, big);
        writer.finish();
        DhcpMessage m = DhcpMessage.decode(out);
        assertEquals(3, m.occurrences(43));
        assertEquals(List.of(255, 255, 90), List.of(m.optionLength(1), m.optionLength(2), m.optionLength(3)));
        assertArrayEquals(big, m.optionBytes(43));
    }

    @Test
    void overloadsIntoFileThenSnameWhenMaxMessageSizeIsReached() {
        ByteBuf out = buffer();
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
        ByteBuf out = buffer();
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
        ByteBuf out = buffer();
        writer.begin(out, 2, MessageType.OFFER).file("f").sname("s");
        DhcpCodecException e = assertThrows(DhcpCodecException.class, () -> writer.option(224, new byte[600]));
        assertTrue(e.getMessage().contains("maximum message size 576"), e.getMessage());
    }

    @Test
    void typedOptionsAndBadArguments() {
        ByteBuf out = buffer();
        writer.begin(out, 2, MessageType.ACK).option(DhcpOptions.DOMAIN_SEARCH, List.of("a.example.org", "b.example.org"));
        writer.finish();
        DhcpMessage m = DhcpDecoder.strict().decode(out);
        assertEquals(List.of("a.example.org", "b.example.org"), m.option(DhcpOptions.DOMAIN_SEARCH).orElseThrow());
        assertTrue(m.valueLength(119) < 30, "compressed: " + m.valueLength(119));
        ByteBuf o2 = buffer();
        writer.begin(o2, 2, MessageType.ACK);
        assertThrows(IllegalArgumentException.class, () -> writer.option(53, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> writer.optionU8(23, 300));
        assertThrows(IllegalArgumentException.class, () -> writer.file("x".repeat(128)));
        assertThrows(IllegalArgumentException.class, () -> writer.hlen(17));
    }

    /** Text up to 255 chars is written in place, longer text through the splitting path; both as ISO-8859-1. */
    @Test
    void textOptionsShortLongAndOutsideLatin1() {
        ByteBuf out = buffer();
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
        ByteBuf o2 = buffer();
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
        ByteBuf out = buffer();
        writer.begin(out, 1, MessageType.DISCOVER).option(80, new byte[0]);
        writer.finish();
        DhcpMessage m = DhcpDecoder.strict().decode(out);
        assertEquals(0, m.valueLength(80));
    }

    // ------------------------------------------------------------ regressions

    /** Option 82 set through the scratch buffer (typed or text) must not be overwritten by a later option. */
    @Test
    void typedOption82IsNotOverwrittenByALaterTypedOption() {
        ByteBuf out = buffer();
        SubOption circuit = new SubOption(1, "eth0".getBytes(StandardCharsets.US_ASCII));
        RelayAgentInformation rai = new RelayAgentInformation(List.of(circuit));
        writer.begin(out, 2, MessageType.ACK).option(DhcpOptions.RELAY_AGENT_INFORMATION, rai)
                .option(DhcpOptions.DOMAIN_NAME, "example.org");
        writer.finish();
        DhcpMessage m = DhcpDecoder.strict().decode(out);
        assertEquals(rai, m.option(DhcpOptions.RELAY_AGENT_INFORMATION).orElseThrow());
        assertEquals("example.org", m.option(DhcpOptions.DOMAIN_NAME).orElseThrow());
        assertEquals(82, m.optionCode(m.optionCount() - 1), "82 last");
    }

    @Test
    void textOption82IsNotOverwrittenByALongTextOption() {
        ByteBuf out = buffer();
        String longText = "t".repeat(300);
        writer.begin(out, 2, MessageType.ACK).maxMessageSize(1500).optionText(82, "\u0001\u0002ab")
                .optionText(66, longText);
        writer.finish();
        DhcpMessage m = DhcpDecoder.strict().decode(out);
        assertArrayEquals(new byte[] {1, 2, 'a', 'b'}, m.optionBytes(82));
        assertEquals(longText, new String(m.optionBytes(66), StandardCharsets.ISO_8859_1));
    }

    /** The caller may release or reuse the source of option 82 as soon as the call returns. */
    @Test
    void option82SourceIsCopiedAtCallTime() {
        ByteBuf src = ByteBufAllocator.DEFAULT.buffer();
        src.writeBytes(new byte[] {1, 3, 'a', 'b', 'c'});
        ByteBuf out = buffer();
        writer.begin(out, 2, MessageType.ACK).relayAgentInformation(src, 0, 5);
        src.setByte(2, 'X');
        assertTrue(src.release());
        writer.optionInt(51, 60);
        writer.finish();
        DhcpMessage m = DhcpDecoder.strict().decode(out);
        assertArrayEquals(new byte[] {1, 3, 'a', 'b', 'c'}, m.optionBytes(82));
    }

    /** The request's buffer may be released after beginReply: its option 82 was copied then. */
    @Test
    void requestMayBeReleasedAfterBeginReply() {
        ByteBuf req = ByteBufAllocator.DEFAULT.buffer();
        req.writeBytes(RawPacket.discover().option(82, 1, 2, 'x', 'y').bytes());
        DhcpMessage request = DhcpMessage.decode(req);
        ByteBuf out = buffer();
        writer.beginReply(out, request, MessageType.OFFER);
        req.setByte(request.valueIndex(82) + 2, 'Q');
        assertTrue(req.release());
        writer.finish();
        assertArrayEquals(new byte[] {1, 2, 'x', 'y'}, DhcpDecoder.strict().decode(out).optionBytes(82));
    }

    /** A request's option 82 split per RFC 3396 is echoed joined, copied during beginReply. */
    @Test
    void splitRequestOption82IsEchoedJoined() {
        ByteBuf req = ByteBufAllocator.DEFAULT.buffer();
        req.writeBytes(RawPacket.discover().option(82, 1, 3, 'e').option(60, "x").option(82, 't', 'h', 2, 1, 9).bytes());
        DhcpMessage request = DhcpMessage.decode(req);
        ByteBuf out = buffer();
        writer.beginReply(out, request, MessageType.OFFER);
        assertTrue(req.release());
        writer.optionInt(51, 60);
        writer.finish();
        DhcpMessage m = DhcpDecoder.strict().decode(out);
        assertArrayEquals(new byte[] {1, 3, 'e', 't', 'h', 2, 1, 9}, m.optionBytes(82));
        assertEquals(1, m.occurrences(82));
    }

    /** Option 82 set after other options filled the options field: the limit still holds. */
    @Test
    void option82SetLateNeverExceedsTheMaximumMessageSize() {
        ByteBuf out = buffer();
        writer.begin(out, 2, MessageType.ACK);
        writer.option(224, new byte[255]).option(225, new byte[40]); // options field up to ~544
        DhcpCodecException e = assertThrows(DhcpCodecException.class, () -> writer.option(82, new byte[20]));
        assertTrue(e.getMessage().contains("option 82") && e.getMessage().contains("576"), e.getMessage());
        int n = writer.finish();
        assertTrue(n <= 576 - 28, "within the limit: " + n);
        DhcpMessage m = DhcpDecoder.strict().decode(out);
        assertFalse(m.has(82), "the rejected 82 left nothing behind");
        assertEquals(40, m.valueLength(225));
    }

    /** Option 82 set first: room is reserved, later options overflow into file instead. */
    @Test
    void option82SetFirstIsReservedAndLaterOptionsOverflow() {
        ByteBuf out = buffer();
        writer.begin(out, 2, MessageType.ACK).option(82, new byte[20]);
        writer.option(224, new byte[255]).option(225, new byte[40]);
        int n = writer.finish();
        assertTrue(n <= 576 - 28, "within the limit: " + n);
        DhcpMessage m = DhcpDecoder.strict().decode(out);
        assertEquals(20, m.valueLength(82));
        assertEquals(1, m.overload() & 1, "225 moved into file");
        assertEquals(40, m.valueLength(225));
    }

    @Test
    void hugeMaxMessageSizeWithLate82IsATypedErrorNotAnArrayIndexError() {
        ByteBuf out = buffer();
        writer.begin(out, 2, MessageType.ACK).maxMessageSize(65535);
        int left = 65535 - 28 - 243 - 3 - 1;
        writer.option(224, new byte[left - 2 * ((left + 254) / 255)]);
        assertThrows(DhcpCodecException.class, () -> writer.option(82, new byte[300]));
        int n = writer.finish();
        assertTrue(n <= 65535 - 28, "within the limit: " + n);
        assertTrue(DhcpDecoder.strict().decode(out).problems().isEmpty());
    }

    @Test
    void loweringTheMaximumBelowWhatIsWrittenIsRejected() {
        ByteBuf out = buffer();
        writer.begin(out, 2, MessageType.ACK).maxMessageSize(1500).option(224, new byte[600]);
        assertThrows(IllegalStateException.class, () -> writer.maxMessageSize(576));
        assertTrue(writer.finish() > 576 - 28);
    }

    /** beginReply reads chaddr at the view's start even after the caller moved the reader index. */
    @Test
    void beginReplyReadsChaddrAtTheViewsStart() {
        ByteBuf req = buffer();
        req.writeBytes(new byte[] {9, 9, 9}).writeBytes(RawPacket.discover().bytes()).skipBytes(3);
        DhcpMessage request = DhcpMessage.decode(req);
        req.skipBytes(100); // e.g. the caller consumed the datagram
        ByteBuf out = buffer();
        writer.beginReply(out, request, MessageType.OFFER);
        writer.finish();
        assertEquals("52:54:00:12:34:56", DhcpDecoder.strict().decode(out).chaddrString());
    }

    @Test
    void badOffsetsAndLengthsAreRejectedBeforeAnythingIsWritten() {
        ByteBuf src = buffer();
        src.writeBytes(new byte[8]);
        ByteBuf out = buffer();
        writer.begin(out, 2, MessageType.ACK);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> writer.option(224, src, 0, -1));
        assertTrue(e.getMessage().contains("length -1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> writer.option(224, src, -1, 2));
        assertThrows(IllegalArgumentException.class, () -> writer.option(224, src, 0, src.capacity() + 1));
        assertThrows(IllegalArgumentException.class, () -> writer.option(224, src, Integer.MAX_VALUE, 2));
        assertThrows(IllegalArgumentException.class, () -> writer.option(82, src, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> writer.relayAgentInformation(src, 0, -5));
        assertThrows(IllegalArgumentException.class, () -> writer.relayAgentInformation(src, src.capacity(), 1));
        writer.optionU8(19, 1);
        writer.finish();
        DhcpMessage m = DhcpDecoder.strict().decode(out);
        assertEquals(List.of(53, 19), List.of(m.optionCode(0), m.optionCode(1)), "nothing else written");
        assertEquals(2, m.optionCount());
    }
}
