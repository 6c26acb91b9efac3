package dev.netboot.rules.isc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.dhcp.Ipv4;
import dev.netboot.rules.ClientFacts;
import dev.netboot.rules.Decision;
import dev.netboot.rules.Diagnostic;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Host names where dhcpd.conf expects addresses are resolved when the configuration is read. A
 * name that does not resolve is a warning, and only what it was part of is left out: ISC dhcpd,
 * which resolves when it answers, leaves such an option out of its answers and keeps serving.
 */
class HostResolutionTest {
    private static final DhcpdConf.Reader READER = DhcpdConf.reader()
            .resolver(HostResolver.of(Map.of("ntp.example", List.of("10.0.0.5", "10.0.0.6"), "tftp.example",
                    List.of("10.0.0.7"))));

    private static final String CONFIG = String.join("\n",
            "subnet 10.0.0.0 netmask 255.255.255.0 {",
            "  range 10.0.0.100 10.0.0.199;",
            "  option ntp-servers gone.example, ntp.example;",
            "  option domain-name-servers gone.example;",
            "  option routers 10.0.0.1;",
            "  next-server gone.example;",
            "}",
            "host a { hardware ethernet 02:00:00:00:00:0a; fixed-address gone.example, 10.0.0.20; }",
            "host b { hardware ethernet 02:00:00:00:00:0b; next-server tftp.example; }",
            "");

    @Test
    void anUnresolvableNameIsAWarningAndLeavesOutOnlyWhatItWasPartOf() {
        DhcpdConf.Result r = READER.read(CONFIG, "t.conf");
        assertEquals(List.of(
                "t.conf:3:22: warning: cannot resolve host name 'gone.example'; its addresses are left out of option"
                        + " ntp-servers",
                "t.conf:4:30: warning: cannot resolve host name 'gone.example'; its addresses are left out of option"
                        + " domain-name-servers",
                "t.conf:4:3: warning: option domain-name-servers is left out: none of its host names resolved",
                "t.conf:6:15: warning: cannot resolve host name 'gone.example'; next-server is left out",
                "t.conf:8:61: warning: cannot resolve host name 'gone.example'; this address is left out of the"
                        + " host's fixed addresses"),
                r.warnings().stream().filter(d -> d.code().equals("unresolved")).map(Diagnostic::toString).toList());

        Decision dynamic = r.ruleSet().decide(ClientFacts.builder().mac("02:00:00:00:00:99").interfaceAddress("10.0.0.1")
                .build());
        assertArrayEquals(new byte[] {10, 0, 0, 5, 10, 0, 0, 6}, dynamic.option(42), "the names that resolved");
        assertNull(dynamic.option(6), "no name resolved: the option is left out");
        assertArrayEquals(Ipv4.toBytes(Ipv4.parse("10.0.0.1")), dynamic.option(3));
        assertNull(dynamic.nextServer(), "next-server left out");

        Decision a = r.ruleSet().decide(ClientFacts.builder().mac("02:00:00:00:00:0a").interfaceAddress("10.0.0.1")
                .build());
        assertEquals("10.0.0.20", a.fixedAddress(), "the other fixed address stays");

        Decision b = r.ruleSet().decide(ClientFacts.builder().mac("02:00:00:00:00:0b").interfaceAddress("10.0.0.1")
                .build());
        assertEquals("10.0.0.7", b.nextServer(), "a name that resolves is used");
    }

    @Test
    void aResolverThatFailsIsReportedWithItsReason() {
        DhcpdConf.Result r = DhcpdConf.reader().resolver(name -> {
            throw new IllegalStateException("resolver offline");
        }).read("next-server boot.example;\n", "t.conf");
        assertEquals(List.of("t.conf:1:13: warning: cannot resolve host name 'boot.example': resolver offline;"
                + " next-server is left out"), r.warnings().stream().map(Diagnostic::toString).toList());
        assertTrue(r.ruleSet() != null);
    }
}
