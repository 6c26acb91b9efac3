package dev.netboot.server.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.Ipv4;
import dev.netboot.dhcp.MessageType;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** proxyDHCP replies with the built-in auto profile, for crafted PXE clients. */
class ProxyDhcpTest {
    static final int SERVER = Ipv4.parse("10.213.0.1");
    static final Link LINK = Link.of("nbs0", SERVER, 24);
    static final byte[] GUID = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

    final RecordingSink sink = new RecordingSink();
    final DhcpEngine engine = new DhcpEngine(AutoBootProfile.builder().build(), null, null, new TestClock(),
            new DhcpEngine.Settings(68, 67, true, 43200, 86400));

    @AfterEach
    void close() {
        sink.close();
    }

    RecordingSink.Sent send(Packets p, boolean pxePort, InetSocketAddress from) {
        int before = sink.count();
        ByteBuf b = p.build();
        engine.handle(b, from, LINK, pxePort, sink);
        assertTrue(b.release());
        return sink.count() > before ? sink.last() : null;
    }

    DhcpMessage offer(Packets p) {
        RecordingSink.Sent s = send(p, false, new InetSocketAddress("0.0.0.0", 68));
        return s == null ? null : s.message();
    }

    static Packets pxe(int mac, int arch) {
        return Packets.of(MessageType.DISCOVER).mac(mac).arch(arch).option(97, GUID)
                .option(60, String.format("PXEClient:Arch:%05d:UNDI:003016", arch)).requestList(1, 3, 43, 60, 66, 67);
    }

    @Test
    void biosClientGetsBootInformationWithoutAnAddress() {
        DhcpMessage m = offer(pxe(1, 0));
        assertEquals(MessageType.OFFER, m.messageType());
        assertEquals(0, m.yiaddr());
        assertEquals(SERVER, m.siaddr());
        assertEquals(SERVER, m.optionInt(54, 0));
        assertEquals("PXEClient", Packets.text(m, 60));
        assertArrayEquals(GUID, m.optionBytes(97));
        assertArrayEquals(new byte[] {6, 1, 8, (byte) 255}, m.optionBytes(43));
        assertEquals("undionly.kpxe", m.file());
        assertFalse(m.has(51), "no lease");
        assertFalse(m.has(1), "no address configuration: that is the other server's job");
    }

    @Test
    void uefiClientsGetIpxeEfiWithoutDiscoveryControl() {
        DhcpMessage x64 = offer(pxe(2, 7));
        assertEquals("ipxe.efi", x64.file());
        assertFalse(x64.has(43));
        assertEquals("ipxe.efi", offer(pxe(3, 9)).file());
        assertEquals("arm64/ipxe.efi", offer(pxe(4, 11)).file());
        DhcpMessage noGuid = offer(Packets.of(MessageType.DISCOVER).mac(5).arch(7)
                .option(60, "PXEClient:Arch:00007:UNDI:003016"));
        assertFalse(noGuid.has(97), "97 only echoed when sent");
        assertEquals("ipxe.efi", noGuid.file());
    }

    @Test
    void ipxeGetsItsScriptUrlAndHttpBootAnAbsoluteUrl() {
        assertEquals("http://10.213.0.1/boot.ipxe", offer(pxe(6, 0).option(77, "iPXE")).file());
        assertEquals("http://10.213.0.1/boot.ipxe", offer(pxe(7, 7).option(175, new byte[] {19, 1, 1})).file());
        DhcpMessage http = offer(Packets.of(MessageType.DISCOVER).mac(8).arch(16)
                .option(60, "HTTPClient:Arch:00016:UNDI:003001"));
        assertEquals("http://10.213.0.1/ipxe.efi", http.file());
        assertEquals("HTTPClient", Packets.text(http, 60));
    }

    @Test
    void raspberryPiGetsTheBootMenuInOption43() {
        DhcpMessage m = offer(Packets.of(MessageType.DISCOVER).mac(new byte[] {(byte) 0xb8, 0x27, (byte) 0xeb, 1, 2, 3})
                .arch(0).option(60, "PXEClient:Arch:00000:UNDI:002001").requestList(1, 3, 43, 60, 66, 67));
        byte[] v = m.optionBytes(43);
        String text = new String(v, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("Raspberry Pi Boot"), text);
        // Byte for byte what dnsmasq 2.90 sends for pxe-service=0,"Raspberry Pi Boot" (captured from
        // its OFFER to a crafted Pi; ProxyBesideDnsmasqNetnsTest compares against a live dnsmasq).
        assertEquals(ProxyBesideDnsmasqNetnsTest.DNSMASQ_PI_OPTION_43, java.util.HexFormat.of().formatHex(v));
    }

    @Test
    void nonPxeClientsAreIgnoredAndPort4011RequestsAreAckedToTheSender() {
        assertNull(offer(Packets.of(MessageType.DISCOVER).mac(9).requestList(1, 3)));
        assertEquals(1, engine.counters().dropped().get(DropReason.NOT_PXE_CLIENT));
        InetSocketAddress client = new InetSocketAddress("10.213.0.150", 4011);
        RecordingSink.Sent ack = send(pxe(10, 7).ciaddr("10.213.0.150"), true, client);
        assertNull(ack, "a DISCOVER on 4011 is not answered");
        Packets req = Packets.of(MessageType.REQUEST).mac(10).arch(7).option(97, GUID).ciaddr("10.213.0.150")
                .option(60, "PXEClient:Arch:00007:UNDI:003016");
        RecordingSink.Sent s = send(req, true, client);
        assertEquals(MessageType.ACK, s.message().messageType());
        assertEquals(client, s.to());
        assertEquals("ipxe.efi", s.message().file());
        // a REQUEST to the real DHCP server on port 67 is none of our business
        assertNull(send(Packets.of(MessageType.REQUEST).mac(10).arch(7).address(54, "10.213.0.254")
                .address(50, "10.213.0.150").option(60, "PXEClient"), false, new InetSocketAddress("0.0.0.0", 68)));
    }
}
