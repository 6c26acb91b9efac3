package dev.netboot.rules.isc;

import static dev.netboot.rules.Predicates.and;
import static dev.netboot.rules.Predicates.optionEquals;
import static dev.netboot.rules.Predicates.optionExists;
import static dev.netboot.rules.Predicates.or;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.rules.ClientFacts;
import dev.netboot.rules.Decision;
import dev.netboot.rules.Predicates;
import dev.netboot.rules.RuleSet;
import dev.netboot.rules.TestMessages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The reference configuration built through the Java API decides exactly as the dhcpd.conf reader. */
class JavaApiEquivalenceTest {

    static RuleSet javaApiReference() {
        return RuleSet.build(g -> g
                .defaultLeaseTime(86400)
                .maxLeaseTime(604800)
                .authoritative()
                .subnet("192.168.2.0/24", s -> s
                        .range("192.168.2.200", "192.168.2.249")
                        .optionAddresses(3, "192.168.2.1")
                        .optionText(15, "home.kraxel.org")
                        .optionAddresses(6, "192.168.2.10")
                        .optionAddresses(42, "192.168.2.10")
                        .chain(c -> c
                                .when("efi-arm64", optionEquals(93, new byte[] {0, 0x0b}),
                                        r -> r.nextServer("192.168.2.14").filename("efi-a64/grubaa64.efi"))
                                .when("efi-x64-ipxe", optionEquals(93, new byte[] {0, 0x09}),
                                        r -> r.nextServer("192.168.2.14").filename("efi-x64/shim.efi"))
                                .when("efi-x64-ovmf", optionEquals(93, new byte[] {0, 0x07}),
                                        r -> r.nextServer("192.168.2.14").filename("efi-x64/shim.efi"))
                                .when("rpi3", and(optionExists(60), Predicates.vendorClassIs("U-Boot.armv8")),
                                        r -> r.nextServer("192.168.2.108").filename("rpi3/boot.conf"))
                                .when("rpi2", and(optionExists(60), Predicates.vendorClassIs("U-Boot.armv7")),
                                        r -> r.nextServer("192.168.2.108").filename("rpi2/boot.conf"))
                                .when("bios-ipxe", and(optionExists(77), or(optionEquals(77, "iPXE".getBytes()),
                                        optionEquals(77, "gPXE".getBytes()))),
                                        r -> r.nextServer("192.168.2.14").filename("http://192.168.2.14/tftpboot/pxelinux.0"))
                                .otherwise(r -> r.nextServer("192.168.2.14").filename("gpxe-undionly.kpxe"))))
                .host("photosmart", h -> h.hardware("10:60:4b:11:71:34").fixedAddress("192.168.2.53"))
                .host("rpi3", h -> h.hardware("b8:27:eb:12:34:56").fixedAddress("192.168.2.31")
                        .nextServer("192.168.2.108").filename("rpi3/boot.conf"))
                .host("xeni-nas", h -> h.hardware("52:54:00:aa:bb:01").fixedAddress("192.168.2.14")));
    }

    static List<Arguments> clients() {
        List<Arguments> out = new ArrayList<>();
        ReferenceConfigTest.clients().forEach(out::add);
        out.add(Arguments.of("photosmart", ClientFacts.builder().mac("10:60:4b:11:71:34").build(), null, null));
        out.add(Arguments.of("rpi3 host", ClientFacts.builder().mac("b8:27:eb:12:34:56").arch(7).build(), null, null));
        out.add(Arguments.of("xeni-nas", ClientFacts.builder().mac("52:54:00:aa:bb:01").userClass("iPXE").build(), null, null));
        out.add(Arguments.of("U-Boot with board suffix", ClientFacts.builder().vendorClass("U-boot.armv8.rpi3").build(), null, null));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void sameDecisions(String name, ClientFacts facts, String ignored1, String ignored2) {
        Decision fromConf = ReferenceConfigTest.read().ruleSet().decide(facts);
        Decision fromApi = javaApiReference().decide(facts);
        assertEquals(fromConf.nextServer(), fromApi.nextServer(), name);
        assertEquals(fromConf.filename(), fromApi.filename(), name);
        assertEquals(fromConf.fixedAddress(), fromApi.fixedAddress(), name);
        assertEquals(fromConf.defaultLeaseTime(), fromApi.defaultLeaseTime(), name);
        assertEquals(fromConf.maxLeaseTime(), fromApi.maxLeaseTime(), name);
        assertEquals(fromConf.authoritative(), fromApi.authoritative(), name);
        assertEquals(render(fromConf.options()), render(fromApi.options()), name);
        assertEquals(fromConf.ranges().toString(), fromApi.ranges().toString(), name);
    }

    static String render(Map<Integer, byte[]> options) {
        StringBuilder sb = new StringBuilder();
        options.forEach((k, v) -> sb.append(k).append('=').append(Arrays.toString(v)).append(' '));
        return sb.toString();
    }

    @Test
    void rawMessagesOnTheReferenceConfiguration() {
        RuleSet rules = ReferenceConfigTest.read().ruleSet();
        Decision d = rules.newDecision();
        String[][] cases = {
            {"0b", "PXEClient:Arch:00011:UNDI:003000", null, "192.168.2.14", "efi-a64/grubaa64.efi"},
            {"09", null, null, "192.168.2.14", "efi-x64/shim.efi"},
            {"07", "PXEClient:Arch:00007:UNDI:003016", null, "192.168.2.14", "efi-x64/shim.efi"},
            {"16", "U-Boot.armv8", null, "192.168.2.108", "rpi3/boot.conf"},
            {null, "U-Boot.armv7", null, "192.168.2.108", "rpi2/boot.conf"},
            {"00", null, "iPXE", "192.168.2.14", "http://192.168.2.14/tftpboot/pxelinux.0"},
            {"00", null, "gPXE", "192.168.2.14", "http://192.168.2.14/tftpboot/pxelinux.0"},
            {"00", "PXEClient:Arch:00000:UNDI:002001", null, "192.168.2.14", "gpxe-undionly.kpxe"},
            {null, null, null, "192.168.2.14", "gpxe-undionly.kpxe"},
        };
        for (String[] c : cases) {
            TestMessages m = TestMessages.discover().mac("52:54:00:01:02:03");
            if (c[0] != null) {
                m.arch(Integer.parseInt(c[0], 16));
            }
            if (c[1] != null) {
                m.option(60, c[1]);
            }
            if (c[2] != null) {
                m.option(77, c[2]);
            }
            String got = m.withMessage(msg -> {
                rules.decide(ClientFacts.from(msg), d);
                return d.nextServer() + " " + d.filename();
            });
            assertEquals(c[3] + " " + c[4], got, Arrays.toString(c));
        }
    }

    @Test
    void relayedClientFromAnUnknownNetworkGetsNoSubnet() {
        RuleSet rules = ReferenceConfigTest.read().ruleSet();
        Decision d = rules.decide(ClientFacts.builder().giaddr("10.9.9.1").arch(7).build());
        assertEquals(null, d.subnet());
        assertEquals(null, d.filename(), "the subnet's rules do not apply off-network");
        Decision on = rules.decide(ClientFacts.builder().giaddr("192.168.2.1").arch(7).build());
        assertEquals("efi-x64/shim.efi", on.filename());
        assertTrue(on.subnet().contains(0xc0a80201));
    }
}
