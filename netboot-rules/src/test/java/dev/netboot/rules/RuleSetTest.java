package dev.netboot.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.dhcp.Ipv4;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java API: predicates, scopes, precedence, provenance, explanation, holder, validation. */
class RuleSetTest {

    static RuleSet sample() {
        return RuleSet.build(g -> g
                .optionText(15, "global.example")
                .clientClass("uboot", c -> c.matchIf(Predicates.vendorClassStartsWithIgnoreCase("U-Boot.armv8"))
                        .nextServer("10.0.0.108"))
                .subnet("10.0.0.0/24", s -> s
                        .range("10.0.0.100", "10.0.0.199")
                        .nextServer("10.0.0.14")
                        .chain(c -> c
                                .when("ipxe", Predicates.isIpxe(), r -> r.filename("http://10.0.0.14/boot.ipxe"))
                                .when("uefi-x64", Predicates.archIs(7, 9), r -> r.filename("ipxe.efi"))
                                .when("uboot", Predicates.memberOf("uboot"), r -> r.filename("uboot/boot.conf"))
                                .otherwise(r -> r.filename("undionly.kpxe"))))
                .host("pinned", h -> h.hardware("52:54:00:00:00:01").fixedAddress("10.0.0.5").filename("pinned.efi")));
    }

    @Test
    void precedenceFieldByFieldWithProvenance() {
        RuleSet rs = sample();
        Decision uefi = rs.decide(ClientFacts.builder().mac("52:54:00:99:99:99").arch(9).build());
        assertEquals("ipxe.efi", uefi.filename());
        assertEquals("10.0.0.14", uefi.nextServer());
        assertEquals("uefi-x64", uefi.provenance(Field.FILENAME).rule().name());
        assertEquals(ScopeKind.SUBNET, uefi.provenance(Field.FILENAME).scope().kind());
        assertEquals("10.0.0.0/24", uefi.provenance(Field.FILENAME).scope().name());
        assertEquals("global.example", new String(uefi.option(15)));
        assertEquals(ScopeKind.GLOBAL, uefi.optionProvenance(15).scope().kind());

        Decision uboot = rs.decide(ClientFacts.builder().vendorClass("U-boot.armv8.rpi4").build());
        assertEquals(List.of("uboot"), uboot.classes());
        assertEquals("uboot/boot.conf", uboot.filename());
        assertEquals("10.0.0.108", uboot.nextServer(), "class beats subnet");
        assertEquals(ScopeKind.CLASS, uboot.provenance(Field.NEXT_SERVER).scope().kind());

        Decision pinned = rs.decide(ClientFacts.builder().mac("52:54:00:00:00:01").userClass("iPXE").build());
        assertEquals("pinned.efi", pinned.filename(), "host beats the chain");
        assertEquals("10.0.0.14", pinned.nextServer(), "the host does not set next-server: the subnet's stays");
        assertEquals("10.0.0.5", pinned.fixedAddress());
        assertNull(pinned.pool());
        assertTrue(pinned.known());
        assertEquals("pinned", pinned.hostName());
    }

    @Test
    void elseAppliesToEveryClientNotMatched() {
        Decision d = sample().decide(ClientFacts.builder().build());
        assertEquals("undionly.kpxe", d.filename());
        assertNull(d.provenance(Field.FILENAME).rule());
        assertEquals("ff:ff:ff:00", Bytes.hex(d.option(1)), "subnet mask from the subnet");
        assertEquals(List.of(new AddressRange(0x0a000064, 0x0a0000c7, false, null)).toString(), d.ranges().toString());
    }

    @Test
    void explanationForApiRules() {
        Explanation e = sample().explain(ClientFacts.builder().arch(7).build());
        String text = e.toString();
        assertTrue(text.contains("test [subnet 10.0.0.0/24]: if ipxe: saw option 175 absent, user-class absent -> false"), text);
        assertTrue(text.contains("else if uefi-x64: saw option 93 = [7] -> true"), text);
        assertTrue(text.contains("shadowed [subnet 10.0.0.0/24]: else if uboot: not tried, uefi-x64 matched"), text);
        assertTrue(text.contains("filename \"ipxe.efi\""), text);
        assertEquals(2, e.steps(Explanation.Kind.SHADOWED).size());
        Explanation pinned = sample().explain(ClientFacts.builder().mac("52:54:00:00:00:01").arch(7).build());
        assertEquals(1, pinned.steps(Explanation.Kind.OVERRIDE).size(), pinned.toString());
        assertTrue(pinned.steps(Explanation.Kind.OVERRIDE).get(0).text().startsWith("filename from"), pinned.toString());
    }

    @Test
    void optionsCanBeWrittenWithoutCopying() {
        Decision d = sample().decide(ClientFacts.builder().build());
        ByteBuf out = Unpooled.buffer();
        try {
            assertTrue(d.writeOption(15, out));
            assertFalse(d.writeOption(66, out));
            assertEquals("global.example", out.toString(java.nio.charset.StandardCharsets.US_ASCII));
        } finally {
            assertTrue(out.release());
        }
        int n = 0;
        for (int c = d.nextOption(-1); c >= 0; c = d.nextOption(c)) {
            n++;
        }
        assertEquals(d.options().size(), n);
    }

    @Test
    void decisionIsReusedAndCopied() {
        RuleSet rs = sample();
        Decision d = rs.newDecision();
        rs.decide(ClientFacts.builder().arch(7).build(), d);
        Decision snapshot = d.copy();
        rs.decide(ClientFacts.builder().build(), d);
        assertEquals("ipxe.efi", snapshot.filename());
        assertEquals("undionly.kpxe", d.filename());
    }

    @Test
    void holderSwapsOnlyValidatedRuleSets() {
        RuleSet first = sample();
        RuleSetHolder holder = new RuleSetHolder(first);
        RuleSetHolder.Reload bad = holder.reload(() -> RuleSet.build(g -> g.addClass("missing")));
        assertFalse(bad.replaced());
        assertSame(first, holder.current());
        assertTrue(bad.failure() instanceof RuleSetException);
        assertEquals("api: error: unknown class \"missing\"".replace("api", "global #1 add missing"),
                bad.failure().getMessage());
        RuleSet second = RuleSet.build(g -> g.filename("x"));
        RuleSetHolder.Reload ok = holder.reload(() -> second);
        assertTrue(ok.replaced());
        assertSame(second, holder.current());
        assertSame(second, holder.replace(first));
    }

    /** Compiler errors that the dhcpd.conf reader cannot produce (it rejects these first), with their origins. */
    @Test
    void compileErrorsOnlyTheApiCanReach() {
        Declaration.Host host = new Declaration.Host("h", 1, new byte[] {1, 2, 3}, null, List.of(), List.of(),
                Origin.of("api.conf", 2, 3));
        Declaration.Pool pool = new Declaration.Pool(List.of(new AddressRange(0x0a000001, 0x0a000009, false,
                Origin.of("api.conf", 5, 10))), List.of(), List.of(), Origin.of("api.conf", 5, 3));
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.compile(
                new Declaration.Group(null, List.of(), List.of(host, pool), Origin.of("api.conf", 1, 1))));
        assertEquals(List.of(
                "api.conf:2:3: error: host h: an Ethernet address has 6 bytes, not 3",
                "api.conf:5:3: error: pool outside a subnet or shared-network"),
                e.diagnostics().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void compileErrorsAreCollected() {
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.build(g -> g
                .subnet("10.0.0.1/24", s -> { })
                .subnet("10.1.0.0/24", s -> s.range("10.2.0.1", "10.2.0.9"))
                .subclass("nope", new byte[] {1}, s -> { })));
        assertEquals(3, e.diagnostics().size(), e.diagnostics().toString());
        assertThrows(IllegalStateException.class, () -> RuleSet.build(g -> g.range("10.0.0.1", "10.0.0.2")));
    }

    @Test
    void poolsPermitsAndSharedNetworks() {
        RuleSet rs = RuleSet.build(g -> g
                .clientClass("phones", c -> c.matchIf(Predicates.vendorClassStartsWith("phone")))
                .sharedNetwork("lan", n -> n
                        .subnet("10.0.0.0/24", s -> s.optionAddresses(3, "10.0.0.1")
                                .pool(p -> p.permit(true, Permit.Kind.MEMBERS_OF, "phones").range("10.0.0.10", "10.0.0.19")
                                        .filename("phone.cfg"))
                                .pool(p -> p.permit(false, Permit.Kind.KNOWN_CLIENTS, null).range("10.0.0.20", "10.0.0.29")))
                        .subnet("10.0.1.0/24", s -> s.range("10.0.1.10", "10.0.1.19").optionAddresses(3, "10.0.1.1")))
                .host("k", h -> h.hardware("02:00:00:00:00:01")));
        Decision phone = rs.decide(ClientFacts.builder().vendorClass("phone-x").giaddr("10.0.0.1").build());
        assertEquals("phone.cfg", phone.filename());
        assertEquals("10.0.0.10 - 10.0.0.19", phone.ranges().get(0).toString());
        Decision other = rs.decide(ClientFacts.builder().giaddr("10.0.0.1").build());
        assertEquals("10.0.0.20 - 10.0.0.29", other.ranges().get(0).toString());
        Decision known = rs.decide(ClientFacts.builder().mac("02:00:00:00:00:01").giaddr("10.0.0.1").build());
        assertEquals("10.0.1.10 - 10.0.1.19", known.ranges().get(0).toString(), "the shared network's other subnet");
        // the lease comes from the other subnet, so its scope applies (as in ISC), not the relay's subnet
        assertEquals("10.0.1.0/24", known.subnet().cidr());
        assertArrayEquals(new byte[] {10, 0, 1, 1}, known.option(3));
        assertEquals("10.0.0.0/24", other.subnet().cidr());
        assertArrayEquals(new byte[] {10, 0, 0, 1}, other.option(3));
    }

    @Test
    void aRenewalUnicastFromARelayedSubnetIsDecidedForTheClientsSubnet() {
        RuleSet rs = RuleSet.build(g -> g
                .subnet("10.213.0.0/24", s -> s.range("10.213.0.100", "10.213.0.199").filename("local"))
                .subnet("10.214.0.0/24", s -> s.range("10.214.0.100", "10.214.0.199").filename("relayed")));
        // RENEWING: ciaddr set, giaddr 0, received on the server's own link 10.213.0.0/24
        Decision renew = rs.decide(ClientFacts.builder().ciaddr(Ipv4.parse("10.214.0.150"))
                .interfaceAddress("10.213.0.1").build());
        assertEquals("10.214.0.0/24", renew.subnet().cidr());
        assertEquals("relayed", renew.filename());
        // a local client renewing, and one whose ciaddr is in none of our subnets: the receiving link
        assertEquals("10.213.0.0/24", rs.decide(ClientFacts.builder().ciaddr(Ipv4.parse("10.213.0.120"))
                .interfaceAddress("10.213.0.1").build()).subnet().cidr());
        assertEquals("10.213.0.0/24", rs.decide(ClientFacts.builder().ciaddr(Ipv4.parse("192.0.2.7"))
                .interfaceAddress("10.213.0.1").build()).subnet().cidr());
        // relayed: giaddr decides, whatever ciaddr says
        assertEquals("10.213.0.0/24", rs.decide(ClientFacts.builder().ciaddr(Ipv4.parse("10.214.0.150"))
                .giaddr("10.213.0.1").build()).subnet().cidr());
    }

    @Test
    void decisionsAllocateNothing() throws ReflectiveOperationException {
        RuleSet rs = sample();
        ClientFacts[] clients = {
            ClientFacts.builder().arch(7).build(),
            ClientFacts.builder().userClass("iPXE").build(),
            ClientFacts.builder().vendorClass("U-Boot.armv8").build(),
            ClientFacts.builder().mac("52:54:00:00:00:01").build(),
            ClientFacts.builder().build(),
        };
        Decision d = rs.newDecision();
        // reflection: the test is compiled inside the module, which does not read java.management
        Object mx = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        java.lang.reflect.Method allocatedBytes = Class.forName("com.sun.management.ThreadMXBean")
                .getMethod("getThreadAllocatedBytes", long.class);
        long tid = Thread.currentThread().getId();
        for (int i = 0; i < 50_000; i++) {
            rs.decide(clients[i % clients.length], d);
        }
        allocatedBytes.invoke(mx, tid);
        long before = (Long) allocatedBytes.invoke(mx, tid);
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            rs.decide(clients[i % clients.length], d);
        }
        long allocated = (Long) allocatedBytes.invoke(mx, tid) - before;
        assertTrue(allocated < 4096, allocated + " bytes allocated by " + n + " decisions");
    }
}
