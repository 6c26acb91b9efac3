package dev.netboot.dhcp.option;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.dhcp.ClientArchitecture;
import dev.netboot.dhcp.DhcpCodecException;
import dev.netboot.dhcp.Ipv4;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionCodecsTest {
    private static final HexFormat HEX = HexFormat.of();

    static <T> T decode(OptionCodec<T> codec, String hex) {
        byte[] b = HEX.parseHex(hex);
        return codec.decode(Unpooled.wrappedBuffer(b), 0, b.length);
    }

    static <T> String encode(OptionCodec<T> codec, T value) {
        ByteBuf out = Unpooled.buffer();
        try {
            codec.encode(value, out);
            byte[] b = new byte[out.readableBytes()];
            out.readBytes(b);
            return HEX.formatHex(b);
        } finally {
            assertTrue(out.release());
        }
    }

    static <T> void roundTrip(OptionCodec<T> codec, String hex, T expected) {
        assertEquals(expected, decode(codec, hex));
        assertEquals(hex, encode(codec, expected));
    }

    static DhcpCodecException bad(OptionCodec<?> codec, String hex) {
        return assertThrows(DhcpCodecException.class, () -> decode(codec, hex));
    }

    @Test
    void uint16ListBytesAndMessageType() {
        roundTrip(OptionCodecs.uint16List(), "0007000b", List.of(7, 11));
        roundTrip(OptionCodecs.uint16List(), "ffff", List.of(65535));
        DhcpCodecException odd = bad(OptionCodecs.uint16List(), "000700");
        assertEquals(0, odd.offset());
        assertTrue(odd.reason().contains("multiple of 2"), odd.reason());
        assertTrue(bad(OptionCodecs.uint16List(), "").reason().contains("non-zero"));

        byte[] src = HEX.parseHex("00ff10");
        byte[] got = OptionCodecs.bytes().decode(Unpooled.wrappedBuffer(src), 0, 3);
        src[0] = 42;
        assertArrayEquals(HEX.parseHex("00ff10"), got, "a copy, not a view of the buffer");
        assertEquals("", encode(OptionCodecs.bytes(), new byte[0]));
        assertEquals("00ff10", encode(OptionCodecs.bytes(), got));

        assertSame(dev.netboot.dhcp.MessageType.DISCOVER, decode(OptionCodecs.messageType(), "01"));
        roundTrip(OptionCodecs.messageType(), "05", dev.netboot.dhcp.MessageType.ACK);
        dev.netboot.dhcp.MessageType unknown = decode(OptionCodecs.messageType(), "c8");
        assertEquals(200, unknown.code(), "an unregistered type keeps its code");
        assertEquals("c8", encode(OptionCodecs.messageType(), unknown));
        assertEquals("Discover (1)", OptionCodecs.messageType().format(dev.netboot.dhcp.MessageType.DISCOVER));
        assertEquals("value at offset 0: message type length 2 (expected: 1)",
                bad(OptionCodecs.messageType(), "0101").getMessage());
    }

    @Test
    void integersAddressesText() {
        roundTrip(OptionCodecs.uint8(), "07", 7);
        roundTrip(OptionCodecs.uint16(), "05c0", 1472);
        roundTrip(OptionCodecs.uint32(), "00015180", 86400L);
        roundTrip(OptionCodecs.int32(), "ffffff9c", -100);
        roundTrip(OptionCodecs.bool(), "01", true);
        roundTrip(OptionCodecs.ipv4(), "c0a80201", Ipv4.toInet(Ipv4.parse("192.168.2.1")));
        roundTrip(OptionCodecs.text(), "686f6d652e6b726178656c2e6f7267", "home.kraxel.org");
        roundTrip(OptionCodecs.uint8List(), "01031c06", List.of(1, 3, 28, 6));
        assertEquals("value at offset 0: uint16 length 3 (expected: 2)", bad(OptionCodecs.uint16(), "010203").getMessage());
        assertTrue(bad(OptionCodecs.bool(), "02").reason().contains("boolean 2"));
        assertTrue(bad(OptionCodecs.ipv4List(), "0a0000").reason().contains("multiple of 4"));
        assertTrue(bad(OptionCodecs.ipv4List(), "").reason().contains("non-zero"));
        assertEquals(List.of(), decode(OptionCodecs.ipv4ListOrEmpty(), ""));
        assertTrue(bad(OptionCodecs.ipv4Pairs(), "0a0000010a000002" + "0a000003").reason().contains("multiple of 8"));
        assertThrows(IllegalArgumentException.class, () -> encode(OptionCodecs.uint8(), 256));
        assertThrows(IllegalArgumentException.class, () -> encode(OptionCodecs.text(), "\u20ac"));
    }

    @Test
    void clientArchitectureListKeepsUnknownValues() {
        List<ClientArchitecture> archs = decode(OptionCodecs.clientArchitectures(), "000b0007beef");
        assertEquals(ClientArchitecture.ARM64_UEFI, archs.get(0));
        assertEquals(0xbeef, archs.get(2).code());
        assertFalse(archs.get(2).isKnown());
        assertEquals("000b0007beef", encode(OptionCodecs.clientArchitectures(), archs));
        assertEquals("ARM rpiboot", ClientArchitecture.valueOf(0x29).description());
        assertTrue(ClientArchitecture.valueOf(9).isAmbiguousX64());
    }

    @Test
    void userClassRfc3004AndRawIpxe() {
        roundTrip(OptionCodecs.userClass(), "69505845", UserClass.raw("iPXE"));
        roundTrip(OptionCodecs.userClass(), "0461626364026566", UserClass.of("abcd", "ef"));
        // a length prefix that does not tile the value exactly means raw
        assertEquals(UserClass.raw("\u0004abc"), decode(OptionCodecs.userClass(), "04616263"));
        bad(OptionCodecs.userClass(), "");
    }

    @Test
    void clientIdentifierRfc4361() {
        ClientIdentifier id = decode(OptionCodecs.clientIdentifier(), "ff000000c100010001329 8c2f7021300 0000c1".replace(" ", ""));
        assertTrue(id.isRfc4361());
        assertEquals(0xc1, id.iaid());
        assertEquals("00010001329" + "8c2f70213000000c1", HEX.formatHex(id.duid()));
        ClientIdentifier mac = decode(OptionCodecs.clientIdentifier(), "01525400123456");
        assertEquals(1, mac.type());
        assertEquals("01:52:54:00:12:34:56", mac.toString());
        bad(OptionCodecs.clientIdentifier(), "01");
    }

    @Test
    void relayAgentInformationSubOptions() {
        RelayAgentInformation r = decode(OptionCodecs.relayAgentInformation(), "010365746802020102050400000a0a");
        assertArrayEquals("eth".getBytes(), r.circuitId().orElseThrow());
        assertArrayEquals(new byte[] {1, 2}, r.remoteId().orElseThrow());
        assertEquals(Ipv4.parse("0.0.10.10"), r.linkSelection().orElseThrow());
        assertEquals("010365746802020102050400000a0a", encode(OptionCodecs.relayAgentInformation(), r));
        DhcpCodecException e = bad(OptionCodecs.relayAgentInformation(), "0105ab");
        assertEquals(0, e.offset());
        assertTrue(e.reason().contains("sub-option 1 length 5"));
    }

    @Test
    void domainSearchCompressionDecodeAndEncode() {
        // RFC 3397 example: eng.apple.com, marketing.apple.com
        String hex = "03656e67056170706c6503636f6d00" + "096d61726b6574696e67c004";
        List<String> names = decode(OptionCodecs.domainSearch(), hex);
        assertEquals(List.of("eng.apple.com", "marketing.apple.com"), names);
        assertEquals(hex, encode(OptionCodecs.domainSearch(), names));
        assertTrue(bad(OptionCodecs.domainSearch(), "03616263c000").reason().contains("earlier offset"), "self loop");
        assertTrue(bad(OptionCodecs.domainSearch(), "c005").reason().contains("earlier offset"), "forward pointer");
        assertTrue(bad(OptionCodecs.domainSearch(), "0361").reason().contains("exceeds"));
        assertTrue(bad(OptionCodecs.domainSearch(), "03616263").reason().contains("past the end"));
        assertTrue(bad(OptionCodecs.domainSearch(), "4000").reason().contains("label type"));
        assertTrue(bad(OptionCodecs.domainSearch(), "03616263c000").reason().contains("to 0 (expected: an earlier offset than 0)"), "a name pointing at its own start loops");
    }

    @Test
    void classlessStaticRoutes() {
        // RFC 3442: 0.0.0.0/0 via 10.0.0.1, 10.17.0.0/16 via 10.0.0.2, 10.27.129.0/24 via 10.0.0.3
        String hex = "000a000001" + "100a110a000002" + "180a1b810a000003";
        List<ClasslessRoute> routes = decode(OptionCodecs.classlessRoutes(), hex);
        assertEquals(new ClasslessRoute(Ipv4.parse("10.27.129.0"), 24, Ipv4.parse("10.0.0.3")), routes.get(2));
        assertEquals(hex, encode(OptionCodecs.classlessRoutes(), routes));
        assertTrue(bad(OptionCodecs.classlessRoutes(), "21").reason().contains("prefix length 33"));
        assertTrue(bad(OptionCodecs.classlessRoutes(), "100a11").reason().contains("needs 7 bytes"));
        assertTrue(bad(OptionCodecs.classlessRoutes(), "040a0a000001").reason().contains("bits set beyond /4"));
    }

    @Test
    void clientFqdnBothEncodings() {
        ClientFqdn ascii = decode(OptionCodecs.clientFqdn(), "010000" + HEX.formatHex("host.example".getBytes()));
        assertEquals("host.example", ascii.domainName());
        ClientFqdn wire = decode(OptionCodecs.clientFqdn(), "050000" + "04686f7374076578616d706c6500");
        assertTrue(wire.canonicalEncoding());
        assertEquals("host.example.", wire.domainName());
        assertEquals("050000" + "04686f7374076578616d706c6500", encode(OptionCodecs.clientFqdn(), wire));
        bad(OptionCodecs.clientFqdn(), "0500");
        assertTrue(bad(OptionCodecs.clientFqdn(), "050000" + "0968").reason().contains("exceeds"));
    }

    @Test
    void vendorIdentifying() {
        // enterprise 3561 (ADSL Forum), one item "ab"
        String cls = "00000de9" + "03" + "026162";
        List<VendorIdentifying> v = decode(OptionCodecs.vendorIdentifyingClass(), cls);
        assertEquals(3561, v.get(0).enterpriseNumber());
        assertEquals("ab", v.get(0).items().get(0).text());
        assertEquals(cls, encode(OptionCodecs.vendorIdentifyingClass(), v));
        String spec = "00000de9" + "04" + "01026364";
        List<VendorIdentifying> s = decode(OptionCodecs.vendorIdentifyingSpecific(), spec);
        assertEquals(1, s.get(0).items().get(0).code());
        assertEquals(spec, encode(OptionCodecs.vendorIdentifyingSpecific(), s));
        assertTrue(bad(OptionCodecs.vendorIdentifyingSpecific(), "00000de9").reason().contains("5 header bytes"));
        assertTrue(bad(OptionCodecs.vendorIdentifyingSpecific(), "00000de9" + "09" + "01").reason().contains("data length 9"));
    }

    @Test
    void pxeNiiAndMachineIdAndVendorEncapsulated() {
        roundTrip(OptionCodecs.clientNetworkInterface(), "010300", new ClientNetworkInterface(1, 3, 0));
        bad(OptionCodecs.clientNetworkInterface(), "0103");
        ClientMachineId id = decode(OptionCodecs.clientMachineId(), "00" + "33221100554477668899aabbccddeeff");
        assertEquals("00112233-4455-6677-8899-aabbccddeeff", id.guid());
        // PXE discovery control 6 = 8, and the trailing end marker PXE vendor options carry
        List<SubOption> pxe = decode(OptionCodecs.subOptions(), "060108ff");
        assertEquals(List.of(new SubOption(6, new byte[] {8})), pxe);
    }

    /** RFC 3046 has no pad and no end: sub-option 0 (and 255) of option 82 are sub-options like any other. */
    @Test
    void relayAgentSubOptionZeroAndTwoFiftyFiveAreSubOptions() {
        String hex = "0002abcd" + "0103657468" + "ff0101";
        RelayAgentInformation r = decode(OptionCodecs.relayAgentInformation(), hex);
        assertEquals(List.of(new SubOption(0, new byte[] {(byte) 0xab, (byte) 0xcd}),
                new SubOption(1, "eth".getBytes()), new SubOption(255, new byte[] {1})), r.subOptions());
        assertEquals(hex, encode(OptionCodecs.relayAgentInformation(), r));
        // a zero byte is not skipped as a pad: "00" alone is a sub-option without its length byte
        String reason = bad(OptionCodecs.relayAgentInformation(), "00").reason();
        assertTrue(reason.contains("sub-option 0 has no length byte"), reason);
        assertEquals(List.of(new SubOption(0, new byte[0])), decode(OptionCodecs.plainSubOptions(), "0000"));
    }

    /** RFC 3925 option 125: enterprise data are plain sub-options, code 0 included. */
    @Test
    void vendorIdentifyingSpecificSubOptionZero() {
        String spec = "00000de9" + "03" + "000161";
        List<VendorIdentifying> v = decode(OptionCodecs.vendorIdentifyingSpecific(), spec);
        assertEquals(List.of(new SubOption(0, new byte[] {'a'})), v.get(0).items());
        assertEquals(spec, encode(OptionCodecs.vendorIdentifyingSpecific(), v));
    }

    /** Option 43 (RFC 2132 8.4) has the options field's syntax: pads are skipped, 255 ends the list. */
    @Test
    void vendorEncapsulatedPadAndEnd() {
        List<SubOption> pxe = decode(OptionCodecs.subOptions(), "00" + "060108" + "0000" + "0a0400616263" + "ff"
                + "0000");
        assertEquals(List.of(new SubOption(6, new byte[] {8}), new SubOption(10, new byte[] {0, 'a', 'b', 'c'})), pxe);
        assertEquals(List.of(new SubOption(6, new byte[] {8})), decode(OptionCodecs.subOptions(), "060108ff"));
        DhcpCodecException e = bad(OptionCodecs.subOptions(), "060108ff0601");
        assertEquals(4, e.offset());
        assertTrue(e.reason().contains("after the end sub-option"), e.reason());
        assertEquals("060108", encode(OptionCodecs.subOptions(), pxe.subList(0, 1)));
        assertThrows(IllegalArgumentException.class, () -> encode(OptionCodecs.subOptions(),
                List.of(new SubOption(0, new byte[1]))));
        assertThrows(IllegalArgumentException.class, () -> encode(OptionCodecs.subOptions(),
                List.of(new SubOption(255, new byte[0]))));
    }

    /** PXE 2.1 option 43: every typed sub-option, an unknown one kept raw, the end written last. */
    @Test
    void pxeVendorOptionsRoundTrip() {
        String hex = "060103"                                          // discovery control: bits 0 and 1
                + "0812" + "8000" + "02" + "0a000001" + "0a000002" + "0001" + "01" + "c0a80001" // two boot servers
                + "090f" + "8000" + "05" + "6c6f63616c" + "0001" + "04" + "69505845" // menu "local", "iPXE"
                + "0a05" + "0a" + "50585521"                          // prompt, 10 s, "PXU!"
                + "4704" + "8000" + "0000"                            // boot item: type 0x8000 layer 0
                + "b50101"                                            // unknown sub-option 181 kept raw
                + "ff";
        PxeVendorOptions pxe = decode(OptionCodecs.pxeVendorOptions(), hex);
        assertEquals(3, pxe.discoveryControl());
        assertEquals(List.of(
                new PxeVendorOptions.BootServer(0x8000, List.of(Ipv4.parse("10.0.0.1"), Ipv4.parse("10.0.0.2"))),
                new PxeVendorOptions.BootServer(1, List.of(Ipv4.parse("192.168.0.1")))), pxe.bootServers());
        assertEquals(List.of(new PxeVendorOptions.MenuItem(0x8000, "local"), new PxeVendorOptions.MenuItem(1, "iPXE")),
                pxe.bootMenu());
        assertEquals(new PxeVendorOptions.MenuPrompt(10, "PXU!"), pxe.menuPrompt());
        assertEquals(new PxeVendorOptions.BootItem(0x8000, 0), pxe.bootItem());
        assertEquals(List.of(new SubOption(181, new byte[] {1})), pxe.others());
        assertEquals(hex, encode(OptionCodecs.pxeVendorOptions(), pxe));
        // the minimal reply: a menu and a prompt; pads and a missing end are accepted on decode
        PxeVendorOptions menu = PxeVendorOptions.menu(List.of(new PxeVendorOptions.MenuItem(0, "boot")),
                new PxeVendorOptions.MenuPrompt(0, ""));
        String menuHex = "0907" + "0000" + "04" + "626f6f74" + "0a0100" + "ff";
        assertEquals(menuHex, encode(OptionCodecs.pxeVendorOptions(), menu));
        assertEquals(menu, decode(OptionCodecs.pxeVendorOptions(), "00" + "0907" + "0000" + "04" + "626f6f74"
                + "0a0100"));
        assertEquals(new PxeVendorOptions(-1, List.of(), List.of(), null, null, List.of()),
                decode(OptionCodecs.pxeVendorOptions(), "ff"));
    }

    @Test
    void malformedPxeVendorOptionsAreTypedErrorsWithOffsets() {
        DhcpCodecException e = bad(OptionCodecs.pxeVendorOptions(), "00" + "06020102");
        assertEquals(1, e.offset());
        assertTrue(e.reason().contains("PXE_DISCOVERY_CONTROL (6) length 2 (expected: 1)"), e.reason());
        e = bad(OptionCodecs.pxeVendorOptions(), "0807" + "0001" + "02" + "0a000001");
        assertEquals(4, e.offset(), "at the IP count");
        assertTrue(e.reason().contains("IP count 2 needs 8 bytes, 4 left"), e.reason());
        assertTrue(bad(OptionCodecs.pxeVendorOptions(), "0803000100").reason().contains("IP count of 0"));
        assertTrue(bad(OptionCodecs.pxeVendorOptions(), "08020001").reason().contains("3 header bytes"));
        e = bad(OptionCodecs.pxeVendorOptions(), "060100" + "0904" + "0001" + "09" + "61");
        assertEquals(7, e.offset());
        assertTrue(e.reason().contains("description length 9 exceeds the 1 bytes left"), e.reason());
        assertTrue(bad(OptionCodecs.pxeVendorOptions(), "0a00").reason().contains("PXE_MENU_PROMPT"));
        assertTrue(bad(OptionCodecs.pxeVendorOptions(), "4703000100").reason().contains("PXE_BOOT_ITEM (71) length 3"));
        e = bad(OptionCodecs.pxeVendorOptions(), "060101" + "060102");
        assertEquals(3, e.offset());
        assertTrue(e.reason().contains("repeated"), e.reason());
        assertTrue(bad(OptionCodecs.pxeVendorOptions(), "0605").reason().contains("exceeds"), "framing errors too");
        assertThrows(IllegalArgumentException.class, () -> new PxeVendorOptions.BootServer(1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new PxeVendorOptions.MenuPrompt(256, ""));
        assertThrows(IllegalArgumentException.class,
                () -> new PxeVendorOptions(-1, List.of(), List.of(), null, null, List.of(new SubOption(9,
                        new byte[0]))));
        // a menu longer than one sub-option can hold is rejected on encode and leaves nothing behind
        List<PxeVendorOptions.MenuItem> items = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            items.add(new PxeVendorOptions.MenuItem(i, "item " + i));
        }
        ByteBuf out = Unpooled.buffer();
        assertThrows(IllegalArgumentException.class,
                () -> OptionCodecs.pxeVendorOptions().encode(PxeVendorOptions.menu(items, null), out));
        assertEquals(0, out.writerIndex());
        assertTrue(out.release());
    }

    @Test
    void pxeKeyDecodesOption43OfAMessage() {
        ByteBuf out = Unpooled.buffer();
        dev.netboot.dhcp.DhcpWriter w = new dev.netboot.dhcp.DhcpWriter();
        PxeVendorOptions pxe = new PxeVendorOptions(8, List.of(), List.of(), null,
                new PxeVendorOptions.BootItem(0, 0), List.of());
        w.begin(out, 2, dev.netboot.dhcp.MessageType.ACK).optionText(60,
                "PXEClient").option(DhcpOptions.PXE_VENDOR_OPTIONS, pxe);
        w.finish();
        dev.netboot.dhcp.DhcpMessage m = dev.netboot.dhcp.DhcpDecoder.strict().decode(out);
        assertEquals(pxe, m.option(DhcpOptions.PXE_VENDOR_OPTIONS).orElseThrow());
        assertEquals(List.of(new SubOption(6, new byte[] {8}), new SubOption(71, new byte[4])),
                m.option(DhcpOptions.VENDOR_SPECIFIC_INFORMATION).orElseThrow(),
                        "the standard key reads the same bytes raw");
        assertTrue(out.release());
    }

    @Test
    void registryNamesAndSiteDefinitions() {
        OptionRegistry std = OptionRegistry.standard();
        assertEquals("Vendor class identifier", std.name(60));
        assertEquals("Unknown", std.name(230));
        assertTrue(std.byName("bootfile name").isPresent());
        OptionRegistry site = std.toBuilder().define(93, "arch", OptionCodecs.uint16()).build();
        assertEquals("arch", site.name(93));
        assertEquals("Client System Architecture", std.name(93), "the standard registry is unchanged");
        assertThrows(IllegalArgumentException.class, () -> OptionKey.of(0, "pad", OptionCodecs.bytes()));
    }
}
