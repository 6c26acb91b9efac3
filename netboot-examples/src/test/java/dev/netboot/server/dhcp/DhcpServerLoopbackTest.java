package dev.netboot.server.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.Ipv4;
import dev.netboot.dhcp.MessageType;
import dev.netboot.testlab.RelayAgent;
import dev.netboot.server.dhcp.lease.Lease;
import dev.netboot.server.http.HttpBootConfig;
import dev.netboot.server.http.HttpBootServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Netty server on loopback, traffic through a simulated relay agent (giaddr 127.0.0.2), so
 * that nothing needs root: storm, ACK after fsync, replies to the relay, start-up errors.
 */
class DhcpServerLoopbackTest {
    @TempDir
    Path dir;

    RelayAgent relay;
    DhcpServer server;
    InetSocketAddress serverAddress;

    @BeforeEach
    void start() throws IOException {
        relay = new RelayAgent(new InetSocketAddress("127.0.0.2", 0)); // every receive bounded
        BootPolicy policy = SimplePolicy.builder()
                .subnet("127.0.0.0/8", s -> s.range("127.0.1.1", "127.0.1.10").routers("127.0.0.1"))
                .filename("undionly.kpxe").leaseTimes(600, 3600).build();
        server = DhcpServer.builder(policy).bindAddress("127.0.0.1").port(0).relayPort(relay.localAddress().getPort())
                .leaseFile(dir.resolve("leases")).start();
        serverAddress = server.localAddresses().get(0);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        relay.close();
    }

    void send(Packets p) throws IOException {
        relay.send(p.giaddr("127.0.0.2").build(), serverAddress);
    }

    /** The next reply the relay receives (bounded by the socket timeout), decoded from a copy. */
    DhcpMessage receive() throws IOException {
        return relay.receive();
    }

    @Test
    void stormOfFiftyConcurrentDiscoversGetsTenDistinctOffers() throws IOException {
        for (int i = 0; i < 50; i++) {
            send(Packets.of(MessageType.DISCOVER).mac(0x200 + i).xid(i));
        }
        // The server handles datagrams in order on one event loop: the INFORM's ACK comes after
        // every OFFER the storm produced.
        send(Packets.of(MessageType.INFORM).mac(0x999).xid(0x999).ciaddr("127.0.0.9"));
        Set<Integer> offered = new HashSet<>();
        int offers = 0;
        for (DhcpMessage m = receive(); m.xid() != 0x999; m = receive()) {
            assertEquals(MessageType.OFFER, m.messageType());
            offers++;
            offered.add(m.yiaddr());
        }
        assertEquals(10, offers);
        assertEquals(10, offered.size());
        assertEquals(40, server.counters().dropped().get(DropReason.NO_ADDRESS));
    }

    @Test
    void relayedDoraIsAnsweredToTheRelayAndAckedAfterTheLeaseIsInTheJournal() throws IOException {
        send(Packets.of(MessageType.DISCOVER).mac(1).xid(7));
        DhcpMessage offer = receive();
        assertEquals(MessageType.OFFER, offer.messageType());
        assertEquals("127.0.0.2", Ipv4.format(offer.giaddr()));
        String address = Ipv4.format(offer.yiaddr());
        send(Packets.of(MessageType.REQUEST).mac(1).xid(8).address(54, "127.0.0.1").address(50, address));
        DhcpMessage ack = receive();
        assertEquals(MessageType.ACK, ack.messageType());
        assertEquals(address, Ipv4.format(ack.yiaddr()));
        // The ACK left only after the fsync: the record is in the file now.
        String journal = Files.readString(dir.resolve("leases"));
        assertTrue(journal.contains("lease " + address + " client hw:01:02:13:00:00:00:01"), journal);
        assertEquals(Lease.State.ACTIVE, server.leaseStore().findByAddress(offer.yiaddr()).orElseThrow().state());
    }

    @Test
    void startErrorsAreOneLine() {
        DhcpServerException inUse = assertThrows(DhcpServerException.class, () -> DhcpServer
                .builder((m, l) -> BootDecision.builder().build()).bindAddress("127.0.0.1")
                .port(serverAddress.getPort()).leaseFile(dir.resolve("other")).start());
        assertTrue(inUse.getMessage().contains("address already in use"), inUse.getMessage());
        assertTrue(inUse.getMessage().startsWith("cannot bind udp 127.0.0.1:" + serverAddress.getPort()),
                inUse.getMessage());
        assertTrue(!inUse.getMessage().contains("\n"));
        DhcpServerException missing = assertThrows(DhcpServerException.class, () -> DhcpServer
                .builder((m, l) -> BootDecision.builder().build()).interfaces("nb-no-such0")
                .leaseFile(dir.resolve("other")).start());
        assertTrue(missing.getMessage().startsWith("no such interface: nb-no-such0 (available: "),
                missing.getMessage());
        DhcpServerException locked = assertThrows(DhcpServerException.class, () -> DhcpServer
                .builder((m, l) -> BootDecision.builder().build()).bindAddress("127.0.0.1").port(0)
                .leaseFile(dir.resolve("leases")).start());
        assertTrue(locked.getMessage().startsWith("lease journal: "), locked.getMessage());
    }
    @Test
    void uefiHttpBootClientGetsAUrlItCanFetchFromTheHttpBootServer() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root/efi-x64"));
        byte[] content = "an EFI application".getBytes(StandardCharsets.US_ASCII);
        Files.write(root.resolve("bootx64.efi"), content);
        Path conf = dir.resolve("dhcpd.conf");
        Files.writeString(conf, """
                option arch code 93 = unsigned integer 16;
                subnet 127.0.0.0 netmask 255.0.0.0 {
                  range 127.0.2.1 127.0.2.10;
                  if option arch = 00:10 { filename "efi-x64/bootx64.efi"; } else { filename "undionly.kpxe"; }
                }
                """);
        try (HttpBootServer http = new HttpBootServer(
                HttpBootConfig.builder(dir.resolve("root"))
                        .bind(new InetSocketAddress("127.0.0.1", 0)).build())) {
            http.start();
            server.close();
            server = DhcpServer.builder(RuleSetPolicy.fromIscFile(conf, null)).bindAddress("127.0.0.1").port(0)
                    .serverAddress("127.0.0.1").relayPort(relay.localAddress().getPort()).leaseFile(dir.resolve("leases2"))
                    .httpBoot(http.localAddress().getPort(), http.config().prefix()).start();
            serverAddress = server.localAddresses().get(0);
            send(Packets.of(MessageType.DISCOVER).mac(0x300).arch(16).option(60, "HTTPClient:Arch:00016:UNDI:003001"));
            DhcpMessage offer = receive();
            String url = "http://127.0.0.1:" + http.localAddress().getPort() + "/tftpboot/efi-x64/bootx64.efi";
            assertEquals(url, offer.file());
            assertEquals("HTTPClient", new String(offer.optionBytes(60), StandardCharsets.US_ASCII));
            var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            var response = client.send(HttpRequest.newBuilder(URI.create(offer.file()))
                    .timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            assertArrayEquals(content, response.body());
            // a PXE client on the same server still gets its TFTP file name
            send(Packets.of(MessageType.DISCOVER).mac(0x301).arch(0).option(60, "PXEClient:Arch:00000:UNDI:002001"));
            assertEquals("undionly.kpxe", receive().file());
        }
    }
}
