package dev.netboot.server.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.Ipv4;
import dev.netboot.dhcp.MessageType;
import dev.netboot.server.dhcp.lease.AddressAllocator;
import dev.netboot.server.dhcp.lease.LeaseJournal;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dhcpd.conf adapter: subnet by receiving interface and relay; address conflicts in the configuration. */
class RuleSetPolicyTest {
    static final Link ETH1 = Link.of("eth1", Ipv4.parse("10.1.0.1"), 24);
    static final Link ETH2 = Link.of("eth2", Ipv4.parse("10.2.0.1"), 24);

    @TempDir
    Path dir;

    final TestClock clock = new TestClock();
    final RecordingSink sink = new RecordingSink();
    LeaseJournal journal;

    @AfterEach
    void close() {
        sink.close();
        if (journal != null) {
            journal.close();
        }
    }

    Path conf(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    static final String TWO_SUBNETS = """
            authoritative;
            default-lease-time 600;
            subnet 10.1.0.0 netmask 255.255.255.0 {
              range 10.1.0.100 10.1.0.199;
              option routers 10.1.0.1;
              filename "one.kpxe";
            }
            subnet 10.2.0.0 netmask 255.255.255.0 {
              range 10.2.0.100 10.2.0.199;
              option routers 10.2.0.1;
              filename "two.kpxe";
            }
            subnet 10.3.0.0 netmask 255.255.255.0 {
              range 10.3.0.100 10.3.0.199;
              option routers 10.3.0.254;
            }
            """;

    DhcpMessage offer(BootPolicy policy, Link link, Packets discover) {
        return offer(policy, link, discover, null);
    }

    DhcpMessage offer(BootPolicy policy, Link link, Packets discover, HttpBootUrls httpBoot) {
        if (journal == null) {
            journal = LeaseJournal.open(dir.resolve("leases"), clock);
        }
        DhcpEngine engine = new DhcpEngine(policy, AddressAllocator.builder(journal, clock).build(), journal, clock,
                new DhcpEngine.Settings(68, 67, false, 43200, 86400, httpBoot));
        int before = sink.count();
        ByteBuf b = discover.build();
        engine.handle(b, new InetSocketAddress("0.0.0.0", 68), link, false, sink);
        assertTrue(b.release());
        return sink.count() > before ? sink.last().message() : null;
    }

    @Test
    void theReceivingInterfaceSelectsTheSubnetOfALocalClient() throws IOException {
        RuleSetPolicy policy = RuleSetPolicy.fromIscFile(conf("dhcpd.conf", TWO_SUBNETS), null);
        DhcpMessage one = offer(policy, ETH1, Packets.of(MessageType.DISCOVER).mac(1));
        assertTrue(Ipv4.format(one.yiaddr()).startsWith("10.1.0.1"), Ipv4.format(one.yiaddr()));
        assertEquals("10.1.0.1", Ipv4.format(one.optionInt(3, 0)));
        assertEquals("one.kpxe", one.file());
        DhcpMessage two = offer(policy, ETH2, Packets.of(MessageType.DISCOVER).mac(2));
        assertTrue(Ipv4.format(two.yiaddr()).startsWith("10.2.0.1"), Ipv4.format(two.yiaddr()));
        assertEquals("10.2.0.1", Ipv4.format(two.optionInt(3, 0)));
        assertEquals("two.kpxe", two.file());
        // A relayed request: giaddr, not the interface it came in on, names the client's network.
        DhcpMessage relayed = offer(policy, ETH1, Packets.of(MessageType.DISCOVER).mac(3).giaddr("10.3.0.254"));
        assertTrue(Ipv4.format(relayed.yiaddr()).startsWith("10.3.0.1"), Ipv4.format(relayed.yiaddr()));
        assertEquals("10.3.0.254", Ipv4.format(relayed.optionInt(3, 0)));
        // An interface on no configured subnet serves nobody.
        assertEquals(null, offer(policy, Link.of("eth9", Ipv4.parse("10.9.0.1"), 24),
                Packets.of(MessageType.DISCOVER).mac(4)));
    }

    @Test
    void uefiHttpBootClientsGetAUrlOnOurHttpServerAndOption60() throws IOException {
        RuleSetPolicy policy = RuleSetPolicy.fromIscFile(conf("http.conf", """
                option arch code 93 = unsigned integer 16;
                subnet 10.1.0.0 netmask 255.255.255.0 {
                  range 10.1.0.100 10.1.0.199;
                  if option arch = 00:10 { filename "/efi-x64/bootx64.efi"; }
                  elsif option arch = 00:13 { filename "https://boot.example/grubaa64.efi"; }
                  else { filename "efi-x64/shim.efi"; }
                }
                """), null);
        HttpBootUrls urls = new HttpBootUrls(8080, "/tftpboot/");
        Packets httpX64 = Packets.of(MessageType.DISCOVER).mac(1).arch(16).option(60, "HTTPClient:Arch:00016:UNDI:003001");
        DhcpMessage a = offer(policy, ETH1, httpX64, urls);
        assertEquals("http://10.1.0.1:8080/tftpboot/efi-x64/bootx64.efi", a.file());
        assertEquals("HTTPClient", new String(a.optionBytes(60), StandardCharsets.US_ASCII));
        // a URL in the configuration is sent as written, with option 60, even without an HTTP server
        Packets httpArm = Packets.of(MessageType.DISCOVER).mac(2).arch(19).option(60, "HTTPClient:Arch:00019:UNDI:003001");
        DhcpMessage b = offer(policy, ETH1, httpArm, null);
        assertEquals("https://boot.example/grubaa64.efi", b.file());
        assertEquals("HTTPClient", new String(b.optionBytes(60), StandardCharsets.US_ASCII));
        // without an HTTP server a relative file stays relative, and no HTTPClient claim is made
        DhcpMessage c = offer(policy, ETH1, Packets.of(MessageType.DISCOVER).mac(3).arch(16)
                .option(60, "HTTPClient:Arch:00016:UNDI:003001"), null);
        assertEquals("/efi-x64/bootx64.efi", c.file());
        assertFalse(c.has(60));
        // PXE clients keep their TFTP file
        DhcpMessage d = offer(policy, ETH1, Packets.of(MessageType.DISCOVER).mac(4).arch(7)
                .option(60, "PXEClient:Arch:00007:UNDI:003016"), urls);
        assertEquals("efi-x64/shim.efi", d.file());
        assertFalse(d.has(60));
        assertEquals("http://10.1.0.1/tftpboot/a/b.efi", new HttpBootUrls(80, "tftpboot").url(ETH1.serverAddress(), "a\\b.efi"));
    }

    @Test
    void factsComeFromTheMessageWithTheInterface() {
        ByteBuf b = Packets.of(MessageType.DISCOVER).mac(5).arch(7).option(60, "PXEClient:Arch:00007:UNDI:003016")
                .build();
        try {
            var facts = RuleSetPolicy.facts(DhcpMessage.decode(b), ETH2);
            assertEquals("eth2", facts.interfaceName());
            assertEquals(ETH2.serverAddress(), facts.interfaceAddress());
            assertEquals(7, facts.arch(0));
            assertEquals("PXEClient:Arch:00007:UNDI:003016", facts.vendorClass());
        } finally {
            assertTrue(b.release());
        }
    }

    @Test
    void twoHostsWithOneAddressIsAnErrorNamingBoth() throws IOException {
        Path f = conf("dup.conf", """
                subnet 10.1.0.0 netmask 255.255.255.0 {
                  range 10.1.0.100 10.1.0.199;
                }
                host a {
                  hardware ethernet 02:00:00:00:00:0a;
                  fixed-address 10.1.0.5;
                }
                host b {
                  hardware ethernet 02:00:00:00:00:0b;
                  fixed-address 10.1.0.5;
                }
                """);
        DhcpServerException e = assertThrows(DhcpServerException.class, () -> RuleSetPolicy.fromIscFile(f, null));
        assertEquals(f + ":8: host b: fixed-address 10.1.0.5 is already the fixed address of host a at " + f + ":4",
                e.getMessage());
    }

    @Test
    void aFixedAddressInsideARangeIsAnErrorNamingBoth() throws IOException {
        Path f = conf("inside.conf", """
                subnet 10.1.0.0 netmask 255.255.255.0 {
                  range 10.1.0.100 10.1.0.199;
                  pool {
                    range 10.1.0.200 10.1.0.209;
                  }
                }
                host printer {
                  hardware ethernet 02:00:00:00:00:0c;
                  fixed-address 10.1.0.150;
                }
                host scanner {
                  hardware ethernet 02:00:00:00:00:0d;
                  fixed-address 10.1.0.205;
                }
                host ok {
                  hardware ethernet 02:00:00:00:00:0e;
                  fixed-address 10.1.0.50;
                }
                """);
        DhcpServerException e = assertThrows(DhcpServerException.class, () -> RuleSetPolicy.fromIscFile(f, null));
        assertEquals("2 address conflicts: " + f + ":7: host printer: fixed-address 10.1.0.150 is inside the dynamic "
                + "range 10.1.0.100 - 10.1.0.199 at " + f + ":2; " + f + ":11: host scanner: fixed-address 10.1.0.205 "
                + "is inside the dynamic range 10.1.0.200 - 10.1.0.209 at " + f + ":4", e.getMessage());
    }

    @Test
    void theReferenceConfigurationHasNoConflicts() throws Exception {
        Path root = Path.of(getClass().getClassLoader().getResource("dhcp/seed-netns").toURI());
        RuleSetPolicy policy = RuleSetPolicy.fromIscFile(root.resolve("etc/dhcp/dhcpd.conf"), root);
        assertTrue(policy.ruleSet().hosts().size() > 0);
    }
}
