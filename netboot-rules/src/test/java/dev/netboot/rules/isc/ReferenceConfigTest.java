package dev.netboot.rules.isc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.rules.ClientFacts;
import dev.netboot.rules.Decision;
import dev.netboot.rules.Diagnostic;
import dev.netboot.rules.Explanation;
import dev.netboot.rules.Field;
import dev.netboot.rules.RuleSet;
import dev.netboot.rules.ScopeKind;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of MISSION.md's client table on the verbatim reference configuration. */
class ReferenceConfigTest {
    static final HostResolver FAKE_DNS = HostResolver.of(Map.of("ntp.home.kraxel.org", List.of("192.168.2.10")));

    static Path root() {
        try {
            return Path.of(ReferenceConfigTest.class.getResource("/reference").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static DhcpdConf.Result read() {
        return DhcpdConf.reader().includeRoot(root()).resolver(FAKE_DNS)
                .read(root().resolve("etc/dhcp/dhcpd.conf"));
    }

    static final String LAPTOP_MAC = "3c:97:0e:01:02:03";

    /** MISSION.md rows: client facts, expected next-server, expected filename. */
    static Stream<Arguments> clients() {
        return Stream.of(
                Arguments.of("UEFI arm64 firmware", ClientFacts.builder().mac("52:54:00:00:00:0b").arch(0x0b)
                        .vendorClass("PXEClient:Arch:00011:UNDI:003000").build(), "192.168.2.14", "efi-a64/grubaa64.efi"),
                Arguments.of("old iPXE EFI driver on x64", ClientFacts.builder().mac("52:54:00:00:00:09").arch(9).build(),
                        "192.168.2.14", "efi-x64/shim.efi"),
                Arguments.of("OVMF (UEFI x64)", ClientFacts.builder().mac("52:54:00:00:00:07").arch(7)
                        .vendorClass("PXEClient:Arch:00007:UNDI:003016").build(), "192.168.2.14", "efi-x64/shim.efi"),
                Arguments.of("U-Boot 64-bit, older (93 = 0x0100)", ClientFacts.builder().mac("b8:27:eb:00:00:01")
                        .vendorClass("U-Boot.armv8").arch(0x0100).build(), "192.168.2.108", "rpi3/boot.conf"),
                Arguments.of("U-Boot 64-bit (93 = 0x0016)", ClientFacts.builder().mac("b8:27:eb:00:00:02")
                        .vendorClass("U-Boot.armv8").arch(0x16).build(), "192.168.2.108", "rpi3/boot.conf"),
                Arguments.of("U-Boot 32-bit", ClientFacts.builder().mac("b8:27:eb:00:00:03").vendorClass("U-Boot.armv7")
                        .build(), "192.168.2.108", "rpi2/boot.conf"),
                Arguments.of("iPXE on BIOS", ClientFacts.builder().mac("52:54:00:00:00:01").userClass("iPXE").arch(0)
                        .option(175, new byte[] {19, 1, 1}).build(), "192.168.2.14",
                        "http://192.168.2.14/tftpboot/pxelinux.0"),
                Arguments.of("gPXE on BIOS", ClientFacts.builder().mac("52:54:00:00:00:02").userClass("gPXE").arch(0).build(),
                        "192.168.2.14", "http://192.168.2.14/tftpboot/pxelinux.0"),
                Arguments.of("BIOS PXE ROM", ClientFacts.builder().mac("52:54:00:00:00:03").arch(0)
                        .vendorClass("PXEClient:Arch:00000:UNDI:002001").build(), "192.168.2.14", "gpxe-undionly.kpxe"),
                Arguments.of("a laptop's dhclient", ClientFacts.builder().mac(LAPTOP_MAC).requestedOptions(1, 3, 6, 15, 42)
                        .build(), "192.168.2.14", "gpxe-undionly.kpxe"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void missionRow(String name, ClientFacts facts, String nextServer, String filename) {
        RuleSet rules = read().ruleSet();
        Decision d = rules.decide(facts);
        assertEquals(nextServer, d.nextServer(), name);
        assertEquals(filename, d.filename(), name);
        assertNull(d.fixedAddress());
        assertEquals("192.168.2.0/24", d.subnet().cidr());
        assertEquals(1, d.ranges().size());
        assertEquals("192.168.2.200 - 192.168.2.249", d.ranges().get(0).toString());
        assertCommonOptions(d);
        assertEquals(ScopeKind.SUBNET, d.provenance(Field.FILENAME).scope().kind());
        assertEquals("/etc/dhcp/dhcpd.conf", d.provenance(Field.FILENAME).origin().file());
    }

    static void assertCommonOptions(Decision d) {
        assertEquals("c0:a8:02:01", hex(d.option(3)), "routers");
        assertEquals("home.kraxel.org", new String(d.option(15)), "domain-name");
        assertEquals("c0:a8:02:0a", hex(d.option(6)), "domain-name-servers");
        assertEquals("c0:a8:02:0a", hex(d.option(42)), "ntp-servers via the resolver");
        assertEquals("ff:ff:ff:00", hex(d.option(1)), "subnet-mask from the netmask");
        assertEquals(86400, d.defaultLeaseTime());
        assertEquals(604800, d.maxLeaseTime());
        assertTrue(d.authoritative());
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(sb.length() == 0 ? "" : ":").append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }

    @Test
    void photosmartGetsItsFixedAddressAndTheSubnetBootDefaults() {
        RuleSet rules = read().ruleSet();
        Decision d = rules.decide(ClientFacts.builder().mac("10:60:4b:11:71:34").build());
        assertEquals("192.168.2.53", d.fixedAddress());
        assertEquals("photosmart", d.host().name());
        assertTrue(d.known());
        assertNull(d.pool());
        assertEquals("192.168.2.14", d.nextServer());
        assertEquals("gpxe-undionly.kpxe", d.filename());
        assertEquals(ScopeKind.HOST, d.provenance(Field.FIXED_ADDRESS).scope().kind());
        assertEquals("/etc/dhcp/home.4.dhcp.inc:2:1", d.provenance(Field.FIXED_ADDRESS).origin().toString());
        assertCommonOptions(d);
    }

    @Test
    void rpi3HostOverridesTheSubnetWhateverItSends() {
        RuleSet rules = read().ruleSet();
        for (ClientFacts f : List.of(
                ClientFacts.builder().mac("b8:27:eb:12:34:56").build(),
                ClientFacts.builder().mac("b8:27:eb:12:34:56").arch(7).vendorClass("PXEClient:Arch:00007:UNDI:003016").build(),
                ClientFacts.builder().mac("b8:27:eb:12:34:56").userClass("iPXE").build())) {
            Decision d = rules.decide(f);
            assertEquals("192.168.2.108", d.nextServer());
            assertEquals("rpi3/boot.conf", d.filename());
            assertEquals("192.168.2.31", d.fixedAddress());
            assertEquals(ScopeKind.HOST, d.provenance(Field.FILENAME).scope().kind());
            assertEquals("/etc/dhcp/home.4.dhcp.inc:11:9", d.provenance(Field.FILENAME).origin().toString());
            assertEquals("/etc/dhcp/home.4.dhcp.inc:10:9", d.provenance(Field.NEXT_SERVER).origin().toString());
        }
    }

    @Test
    void aHostSettingOnlySomeFieldsKeepsTheOthersFromTheSubnet() {
        DhcpdConf.Result r = DhcpdConf.reader().resolver(FAKE_DNS).read("""
                subnet 10.0.0.0 netmask 255.255.255.0 {
                  next-server 10.0.0.1;
                  filename "subnet.efi";
                }
                host a { hardware ethernet 02:00:00:00:00:01; filename "host.efi"; }
                """, "t.conf");
        Decision d = r.ruleSet().decide(ClientFacts.builder().mac("02:00:00:00:00:01").interfaceAddress("10.0.0.254").build());
        assertEquals("host.efi", d.filename());
        assertEquals("10.0.0.1", d.nextServer());
        assertEquals(ScopeKind.SUBNET, d.provenance(Field.NEXT_SERVER).scope().kind());
        assertEquals(ScopeKind.HOST, d.provenance(Field.FILENAME).scope().kind());
    }

    @Test
    void xeniNasFromTheSecondInclude() {
        Decision d = read().ruleSet().decide(ClientFacts.builder().mac("52:54:00:aa:bb:01").build());
        assertEquals("192.168.2.14", d.fixedAddress());
        assertEquals("/etc/dhcp/xeni.4.dhcp.inc:2:1", d.provenance(Field.FIXED_ADDRESS).origin().toString());
    }

    @Test
    void filenameProvenancePointsAtTheBranch() {
        RuleSet rules = read().ruleSet();
        Decision d = rules.decide(ClientFacts.builder().mac("52:54:00:00:00:07").arch(7).build());
        assertEquals("/etc/dhcp/dhcpd.conf:33:17", d.provenance(Field.FILENAME).origin().toString());
        assertEquals("/etc/dhcp/dhcpd.conf:30:16", d.provenance(Field.FILENAME).rule().origin().toString());
        assertEquals("(option arch = 00:07)", d.provenance(Field.FILENAME).rule().label());
    }

    @Test
    void explanationShowsTriedShadowedAndValuesSeen() {
        RuleSet rules = read().ruleSet();
        Explanation e = rules.explain(ClientFacts.builder().mac("52:54:00:00:00:07").arch(7)
                .vendorClass("PXEClient:Arch:00007:UNDI:003016").build());
        String text = e.toString();
        assertTrue(text.contains("if (option arch = 00:0b): saw option arch = 00:07; value false -> false"), text);
        assertTrue(text.contains("else if (option arch = 00:07): saw option arch = 00:07; value true -> true"), text);
        assertEquals(4, e.steps(Explanation.Kind.SHADOWED).size(), text);
        assertEquals("efi-x64/shim.efi", e.decision().filename());
        String summary = e.decision().summary();
        assertTrue(summary.startsWith("52:54:00:00:00:07 arch=7 vendor-class=\"PXEClient:Arch:00007:UNDI:003016\""), summary);
        assertTrue(summary.endsWith("next-server=192.168.2.14 filename=\"efi-x64/shim.efi\""), summary);
    }

    @Test
    void decisionsOnTheReferenceAllocateNothing() throws ReflectiveOperationException {
        RuleSet rules = read().ruleSet();
        List<ClientFacts> facts = new java.util.ArrayList<>();
        clients().forEach(a -> facts.add((ClientFacts) a.get()[1]));
        facts.add(ClientFacts.builder().mac("10:60:4b:11:71:34").build());
        facts.add(ClientFacts.builder().mac("b8:27:eb:12:34:56").build());
        ClientFacts[] all = facts.toArray(new ClientFacts[0]);
        Decision d = rules.newDecision();
        Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        java.lang.reflect.Method allocatedBytes = Class.forName("com.sun.management.ThreadMXBean")
                .getMethod("getThreadAllocatedBytes", long.class);
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 50_000; i++) {
            rules.decide(all[i % all.length], d);
        }
        allocatedBytes.invoke(mx, tid);
        long before = (Long) allocatedBytes.invoke(mx, tid);
        for (int i = 0; i < 200_000; i++) {
            rules.decide(all[i % all.length], d);
        }
        long allocated = (Long) allocatedBytes.invoke(mx, tid) - before;
        assertTrue(allocated < 4096, allocated + " bytes allocated by 200000 decisions");
    }

    @Test
    void everythingExplainJsonNeeds() {
        DhcpdConf.Result r = read();
        Decision d = r.ruleSet().decide(ClientFacts.parse("mac=52:54:00:12:34:56,arch=7"));
        assertEquals("52:54:00:12:34:56", d.facts().mac());
        assertEquals("192.168.2.14", d.nextServer());
        assertEquals("efi-x64/shim.efi", d.filename());
        assertNull(d.fixedAddress());
        assertEquals("/etc/dhcp/dhcpd.conf:33", d.provenance(Field.FILENAME).origin().fileLine());
        Map<Integer, String> formatted = new java.util.TreeMap<>();
        d.options().forEach((code, value) -> formatted.put(code, r.options().format(code, value)));
        assertEquals(Map.of(1, "255.255.255.0", 3, "192.168.2.1", 6, "192.168.2.10", 15, "\"home.kraxel.org\"",
                42, "192.168.2.10"), formatted);
        assertEquals("7", r.options().format(93, new byte[] {0, 7}), "site definition: option arch code 93 = uint16");
        assertEquals("7, 9", IscOptions.standard().format(93, new byte[] {0, 7, 0, 9}), "pxe-system-type: array");
        assertEquals("de:ad", r.options().format(250, new byte[] {(byte) 0xde, (byte) 0xad}));
        assertEquals(7, d.facts().architectures().get(0).code());
    }

    @Test
    void warningsAndLintsOnTheReference() {
        DhcpdConf.Result r = read();
        List<String> all = r.diagnostics().stream().map(Diagnostic::toString).toList();
        assertTrue(all.contains("/etc/dhcp/dhcpd.conf:9:1: warning: 'ddns-update-style' ignored: dynamic DNS updates are"
                + " not done by netboot"), all.toString());
        assertTrue(all.stream().anyMatch(s -> s.startsWith("/etc/dhcp/dhcpd.conf:35:21: warning: exact comparison with \"U-Boot.armv8\"")),
                all.toString());
        assertTrue(all.stream().anyMatch(s -> s.startsWith("/etc/dhcp/dhcpd.conf:22:9: warning: architecture rule")),
                all.toString());
        assertFalse(all.stream().anyMatch(s -> s.contains("unreachable")), all.toString());
        assertFalse(all.stream().anyMatch(s -> s.contains("arch-9") || s.contains("architecture 9")), all.toString());
        assertFalse(all.stream().anyMatch(s -> s.contains("error")), all.toString());
    }
}
