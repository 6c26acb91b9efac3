package dev.netboot.server.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.Ipv4;
import dev.netboot.dhcp.MessageType;
import dev.netboot.testlab.Proc;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two servers on one LAN: dnsmasq hands out addresses (and no boot information), our
 * {@code dhcp-serve --proxy --boot-profile auto} adds boot information for PXE and HTTP-boot
 * clients; crafted clients (BIOS, UEFI x64 with and without option 97, UEFI HTTP boot, iPXE, a
 * Raspberry Pi) get their address from dnsmasq and their boot file from us.
 *
 * <p>Layout: both servers would bind {@code 0.0.0.0:67}; dnsmasq lets a second socket share the
 * port (it sets {@code SO_REUSEADDR} with {@code bind-interfaces}), but then unicast datagrams to
 * the shared address (a client renewing with dnsmasq) reach only one of the two sockets. So the
 * proxy runs where it runs in real life, on another host of the same segment: the server
 * namespace is the "router" with a bridge ({@code 10.213.0.1}, dnsmasq), the proxy namespace is
 * a host on that bridge ({@code 10.213.0.2}), the client namespace another. Clients broadcast,
 * and both servers hear them.
 *
 * <p>Skipped, with the reason, when not root or when dnsmasq (Debian {@code dnsmasq-base}) is
 * not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyBesideDnsmasqNetnsTest {
    static final String DNSMASQ = NetnsLab.SERVER_IP;
    static final String PROXY = "10.213.0.2";
    static final byte[] GUID = HexFormat.of().parseHex("00a1b2c3d4e5f60718293a4b5c6d7e8f90");
    /** Option 43 as dnsmasq 2.90 frames {@code pxe-service=0,"Raspberry Pi Boot"} (captured from its OFFER). */
    static final String DNSMASQ_PI_OPTION_43 = "0601030a04005058450914000011" + "5261737062657272792050692042"
            + "6f6f74ff";

    Path dir;
    NetnsLab lab;
    String proxyNs;
    Proc dnsmasq;
    Proc proxy;
    Proc client;
    final AtomicInteger xids = new AtomicInteger(0x5a000001);

    @BeforeAll
    void setUp() throws IOException {
        assumeTrue(NetnsLab.isRoot(), "skipped: network namespaces need root");
        assumeTrue(NetnsLab.hasCommand("ip"), "skipped: iproute2 (ip) is not installed");
        assumeTrue(NetnsLab.hasCommand("dnsmasq"), "skipped: dnsmasq is not installed (Debian: dnsmasq-base)");
        dir = Files.createTempDirectory("nb-proxy-dnsmasq");
        lab = NetnsLab.createLan(dir);
        proxyNs = lab.addHost('x', "02:13:00:00:00:02", PROXY + "/24");
        dnsmasq = startDnsmasq("");
        proxy = lab.startServerIn(proxyNs, List.of("--proxy", "--boot-profile", "auto", "--interface",
                lab.hostIf('x')));
        client = lab.startJava(lab.clientNs, UdpPortChild.class, lab.clientIf, "68");
        client.await(Pattern.compile("^READY "), 60);
    }

    @AfterAll
    void tearDown() throws IOException {
        if (client != null) {
            client.closeInput();
        }
        if (lab != null) {
            lab.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** dnsmasq on the bridge: addresses only (no boot file, no PXE service), no DNS, no lease file. */
    Proc startDnsmasq(String extra) throws IOException {
        Path conf = dir.resolve("dnsmasq-" + System.nanoTime() + ".conf");
        Files.writeString(conf, String.join("\n",
                "port=0",
                "interface=" + lab.serverIf,
                "bind-interfaces",
                "no-ping",
                "leasefile-ro",
                "log-dhcp",
                "dhcp-authoritative",
                "dhcp-range=10.213.0.100,10.213.0.199,255.255.255.0,10m",
                "dhcp-option=option:router," + DNSMASQ,
                extra, ""));
        Proc p = lab.startIn(lab.serverNs, Map.of(), "dnsmasq", "--keep-in-foreground",
                "--conf-file=" + conf, "--log-facility=-");
        p.await(Pattern.compile("DHCP, IP range 10\\.213\\.0\\.100"), 30);
        return p;
    }

    // ------------------------------------------------------------------ crafted clients

    /** A PXE ROM's DISCOVER: broadcast flag (the client has no address to receive unicast at). */
    static Packets pxe(MessageType type, byte[] mac, int arch, boolean guid) {
        Packets p = Packets.of(type).mac(mac).broadcast().arch(arch)
                .option(94, new byte[] {1, 2, 1})
                .option(60, String.format("PXEClient:Arch:%05d:UNDI:002001", arch))
                .requestList(1, 3, 43, 54, 60, 66, 67, 97, 128);
        return guid ? p.option(97, GUID) : p;
    }

    static byte[] mac(int last) {
        return new byte[] {2, 0x13, 0, 0, 0x0b, (byte) last};
    }

    void send(Packets p, String ip, int port) {
        ByteBuf b = p.build();
        try {
            client.writeLine("SEND " + ip + " " + port + " " + ByteBufUtil.hexDump(b));
        } finally {
            b.release();
        }
    }

    /** The first datagram from {@code from} whose xid is {@code xid} (bounded wait); decoded from a copy. */
    DhcpMessage reply(String from, int xid) {
        Pattern p = Pattern.compile("^RX " + Pattern.quote(from) + " (\\d+) (02[0-9a-f]{6}" + String.format("%08x", xid)
                + "[0-9a-f]*)$");
        Matcher m = client.await(p, 20);
        return DhcpMessage.decode(Unpooled.wrappedBuffer(HexFormat.of().parseHex(m.group(2))));
    }

    boolean hasReply(String from, int xid) {
        return Pattern.compile("(?m)^RX " + Pattern.quote(from) + " \\d+ 02[0-9a-f]{6}" + String.format("%08x", xid))
                .matcher(client.output()).find();
    }

    /** Both offers of one DISCOVER: dnsmasq's address offer, our boot offer. */
    record Offers(DhcpMessage address, DhcpMessage boot, int xid) {}

    Offers discover(Packets discover) {
        int xid = xids.getAndIncrement();
        send(discover.xid(xid), "255.255.255.255", 67);
        return new Offers(reply(DNSMASQ, xid), reply(PROXY, xid), xid);
    }

    /** The address offer is dnsmasq's alone: an address and no boot information. */
    static void assertAddressOnly(DhcpMessage offer) {
        assertEquals(MessageType.OFFER, offer.messageType());
        assertTrue(Ipv4.format(offer.yiaddr()).matches("10\\.213\\.0\\.1\\d\\d"), Ipv4.format(offer.yiaddr()));
        assertEquals(Ipv4.parse(DNSMASQ), offer.optionInt(54, 0));
        assertEquals("", offer.file());
        assertFalse(offer.has(67), "dnsmasq gives no boot file here");
        assertFalse(offer.has(43));
    }

    /** The boot offer is ours: no address, our identifier, the client's kind echoed. */
    static void assertBootOnly(DhcpMessage offer, String kind, boolean guid) {
        assertEquals(MessageType.OFFER, offer.messageType());
        assertEquals(0, offer.yiaddr(), "a proxy offers no address");
        assertEquals(Ipv4.parse(PROXY), offer.siaddr());
        assertEquals(Ipv4.parse(PROXY), offer.optionInt(54, 0));
        assertEquals(kind, Packets.text(offer, 60));
        assertFalse(offer.has(51), "no lease time from a proxy");
        if (guid) {
            assertArrayEquals(GUID, offer.optionBytes(97));
        } else {
            assertFalse(offer.has(97), "97 is echoed only when sent");
        }
    }

    /**
     * The rest of the client's boot: REQUEST to dnsmasq (ACK, which our proxy leaves alone),
     * then, with the address configured, a REQUEST to the proxy's port 4011 (as PXE ROMs do) if
     * {@code bootServer}; then RELEASE.
     */
    DhcpMessage finish(Supplier<Packets> request, Offers offers, boolean bootServer) {
        int address = offers.address().yiaddr();
        int xid = xids.getAndIncrement();
        send(request.get().xid(xid).address(54, DNSMASQ).address(50, Ipv4.format(address)), "255.255.255.255", 67);
        DhcpMessage ack = reply(DNSMASQ, xid);
        assertEquals(MessageType.ACK, ack.messageType());
        assertEquals(address, ack.yiaddr());
        DhcpMessage boot = null;
        NetnsLab.run("ip", "-n", lab.clientNs, "addr", "add", Ipv4.format(address) + "/24", "dev", lab.clientIf);
        try {
            if (bootServer) {
                int bootXid = xids.getAndIncrement();
                // PXE boot item (43.71): server type 0, layer 0
                byte[] bootItem = {71, 4, 0, 0, 0, 0, -1};
                send(request.get().xid(bootXid).ciaddr(Ipv4.format(address)).option(43, bootItem), PROXY, 4011);
                boot = reply(PROXY, bootXid);
                assertEquals(MessageType.ACK, boot.messageType());
                assertEquals(0, boot.yiaddr());
                assertEquals(Ipv4.parse(PROXY), boot.optionInt(54, 0));
            }
            send(Packets.of(MessageType.RELEASE).mac(request.get().macAddress()).xid(xids.getAndIncrement()).ciaddr(
                    Ipv4.format(address)).address(54, DNSMASQ), DNSMASQ, 67);
            dnsmasq.await(Pattern.compile("DHCPRELEASE\\(" + Pattern.quote(lab.serverIf) + "\\) "
                    + Pattern.quote(Ipv4.format(address)) + " "), 20);
        } finally {
            NetnsLab.run("ip", "-n", lab.clientNs, "addr", "flush", "dev", lab.clientIf);
        }
        // Our proxy answered neither the REQUEST to dnsmasq nor the RELEASE.
        assertFalse(hasReply(PROXY, xid), "the proxy must not answer a REQUEST naming another server");
        return boot;
    }

    // ------------------------------------------------------------------ cases

    @Test
    void biosPxeRomGetsAddressFromDnsmasqAndUndionlyFromUs() {
        byte[] mac = mac(1);
        Offers o = discover(pxe(MessageType.DISCOVER, mac, 0, true));
        assertAddressOnly(o.address());
        assertBootOnly(o.boot(), "PXEClient", true);
        assertEquals("undionly.kpxe", o.boot().file());
        assertArrayEquals(new byte[] {6, 1, 8, (byte) 255}, o.boot().optionBytes(43),
                "BIOS: PXE discovery control 8, boot the offered file at once");
        DhcpMessage boot = finish(() -> pxe(MessageType.REQUEST, mac, 0, true), o, true);
        assertEquals("undionly.kpxe", boot.file());
        assertArrayEquals(GUID, boot.optionBytes(97));
    }

    @Test
    void uefiX64WithOption97GetsIpxeEfi() {
        byte[] mac = mac(2);
        Offers o = discover(pxe(MessageType.DISCOVER, mac, 7, true));
        assertAddressOnly(o.address());
        assertBootOnly(o.boot(), "PXEClient", true);
        assertEquals("ipxe.efi", o.boot().file());
        assertFalse(o.boot().has(43), "UEFI clients get no discovery control");
        assertEquals("ipxe.efi", finish(() -> pxe(MessageType.REQUEST, mac, 7, true), o, true).file());
    }

    @Test
    void uefiX64WithoutOption97GetsIpxeEfi() {
        byte[] mac = mac(3);
        Offers o = discover(pxe(MessageType.DISCOVER, mac, 9, false));
        assertAddressOnly(o.address());
        assertBootOnly(o.boot(), "PXEClient", false);
        assertEquals("ipxe.efi", o.boot().file());
        assertEquals("ipxe.efi", finish(() -> pxe(MessageType.REQUEST, mac, 9, false), o, true).file());
    }

    @Test
    void uefiHttpBootGetsAnAbsoluteUrlAndHttpClient() {
        byte[] mac = mac(4);
        Packets discover = Packets.of(MessageType.DISCOVER).mac(mac).broadcast().arch(16)
                .option(60, "HTTPClient:Arch:00016:UNDI:003001").requestList(1, 3, 6, 43, 60, 66, 67);
        Offers o = discover(discover);
        assertAddressOnly(o.address());
        assertBootOnly(o.boot(), "HTTPClient", false);
        assertEquals("http://" + PROXY + "/ipxe.efi", o.boot().file());
        assertFalse(o.boot().has(43));
        finish(() -> Packets.of(MessageType.REQUEST).mac(mac).broadcast().arch(16)
                .option(60, "HTTPClient:Arch:00016:UNDI:003001").requestList(1, 3, 6, 43, 60, 66, 67), o, false);
    }

    @Test
    void ipxeGetsItsScriptUrlNotIpxeAgain() {
        byte[] mac = mac(5);
        Packets discover = pxe(MessageType.DISCOVER, mac, 0, true).option(77, "iPXE").option(175,
                new byte[] {19, 1, 1, 35, 1, 1});
        Offers o = discover(discover);
        assertAddressOnly(o.address());
        assertBootOnly(o.boot(), "PXEClient", true);
        assertEquals("http://" + PROXY + "/boot.ipxe", o.boot().file());
        finish(() -> pxe(MessageType.REQUEST, mac, 0, true).option(77, "iPXE"), o, false);
    }

    @Test
    void raspberryPiGetsTheBootMenuFramedAsDnsmasqFramesIt() throws IOException {
        byte[] mac = {(byte) 0xb8, 0x27, (byte) 0xeb, 0x12, 0x34, 0x56};
        Offers o = discover(raspberryPi(MessageType.DISCOVER, mac));
        assertAddressOnly(o.address());
        assertBootOnly(o.boot(), "PXEClient", false);
        byte[] ours = o.boot().optionBytes(43);
        assertEquals(DNSMASQ_PI_OPTION_43, HexFormat.of().formatHex(ours));
        finish(() -> raspberryPi(MessageType.REQUEST, mac), o, false);

        // And against dnsmasq itself, now configured with the PXE service the Pi looks for.
        dnsmasq.stop(10);
        dnsmasq = startDnsmasq("pxe-service=0,\"Raspberry Pi Boot\"");
        try {
            Offers again = discover(raspberryPi(MessageType.DISCOVER, mac));
            byte[] theirs = again.address().optionBytes(43);
            assertNotNull(theirs, "dnsmasq with pxe-service sends option 43");
            assertEquals(HexFormat.of().formatHex(theirs), HexFormat.of().formatHex(again.boot().optionBytes(43)),
                    "our option 43 is dnsmasq's, byte for byte");
            assertEquals(Packets.text(again.address(), 60), Packets.text(again.boot(), 60));
        } finally {
            dnsmasq.stop(10);
            dnsmasq = startDnsmasq("");
        }
    }

    /** What the Raspberry Pi 3/4 boot ROM sends: arch 0, a PXEClient vendor class, no GUID. */
    static Packets raspberryPi(MessageType type, byte[] mac) {
        return Packets.of(type).mac(mac).broadcast().arch(0).option(94, new byte[] {1, 2, 1})
                .option(60, "PXEClient:Arch:00000:UNDI:002001").requestList(1, 3, 43, 60, 66, 67);
    }

    @Test
    void anOrdinaryClientGetsOnlyDnsmasqsOffer() {
        int plain = xids.getAndIncrement();
        send(Packets.of(MessageType.DISCOVER).mac(mac(6)).broadcast().xid(plain).requestList(1, 3, 6, 15),
                "255.255.255.255", 67);
        assertAddressOnly(reply(DNSMASQ, plain));
        // The proxy handles datagrams in order: once it answered a later PXE client, it has
        // decided on the ordinary one, and did not answer it.
        Offers later = discover(pxe(MessageType.DISCOVER, mac(7), 0, false));
        assertNotNull(later.boot());
        assertFalse(hasReply(PROXY, plain), "the proxy answers PXE and HTTP clients only");
    }
}
