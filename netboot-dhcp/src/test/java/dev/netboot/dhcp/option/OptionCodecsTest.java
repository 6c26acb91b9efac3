package dev.netboot.dhcp.option;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        codec.encode(value, out);
        byte[] b = new byte[out.readableBytes()];
        out.readBytes(b);
        return HEX.formatHex(b);
    }

    static <T> void roundTrip(OptionCodec<T> codec, String hex, T expected) {
        assertEquals(expected, decode(codec, hex));
        assertEquals(hex, encode(codec, expected));
    }

    static DhcpCodecException bad(OptionCodec<?> codec, String hex) {
        return assertThrows(DhcpCodecException.class, () -> decode(codec, hex));
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
