package dev.netboot.rules.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.rules.ClientFacts;
import dev.netboot.rules.Decision;
import dev.netboot.rules.isc.DhcpdConf;
import dev.netboot.rules.isc.HostResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The translation the dhcpd differential test relies on changes addresses and include paths and
 * nothing else, and our reader gives the translated answers on it. Runs without root.
 */
class ReferenceTranslationTest {
    @TempDir
    Path root;

    @Test
    void onlyAddressesAndIncludePathsChange() throws IOException {
        Path main = ReferenceTranslation.writeUnder(root);
        assertEquals(root.resolve("etc/dhcp/dhcpd.conf"), main);
        String base = root.toAbsolutePath().normalize().toString();
        for (Map.Entry<String, String> e : ReferenceTranslation.verbatim().entrySet()) {
            String translated = Files.readString(root.resolve(e.getKey()));
            assertFalse(translated.contains("192.168."), e.getKey() + " still has a seed address");
            String back = translated.replace("include \"" + base + "/", "include \"/")
                    .replace(ReferenceTranslation.TEST_PREFIX, ReferenceTranslation.SEED_PREFIX);
            assertEquals(e.getValue(), back, e.getKey() + " differs in more than addresses and include paths");
        }
        String text = Files.readString(main);
        assertTrue(text.contains("include \"" + base + "/etc/dhcp/home.4.dhcp.inc\";"), text);
        assertTrue(text.contains("filename \"http://10.214.2.14/tftpboot/pxelinux.0\";"), text);
        assertTrue(text.contains("option ntp-servers ntp.home.kraxel.org;"), "the NTP host name is kept: " + text);
    }

    @Test
    void addressesKeepTheirLastOctetAndOthersAreLeftAlone() {
        assertEquals("10.214.2.108", ReferenceTranslation.address("192.168.2.108"));
        assertEquals("x 10.214.2.1, 192.168.20.1 1192.168.2.1 10.214.2.249;",
                ReferenceTranslation.translateAddresses("x 192.168.2.1, 192.168.20.1 1192.168.2.1 192.168.2.249;"));
        assertThrows(IllegalArgumentException.class, () -> ReferenceTranslation.address("10.0.0.1"));
    }

    @Test
    void ourReaderGivesTheTranslatedAnswers() {
        Path main = ReferenceTranslation.writeUnder(root);
        DhcpdConf.Result r = DhcpdConf.reader()
                .resolver(HostResolver.of(Map.of(ReferenceTranslation.NTP_HOST, List.of(ReferenceTranslation.NTP_ADDRESS))))
                .read(main);
        Decision laptop = r.ruleSet().decide(ClientFacts.builder().mac("3c:97:0e:01:02:03")
                .interfaceAddress(IscDhcpdDifferentialTest.SERVER_ADDRESS).build());
        assertEquals("10.214.2.14", laptop.nextServer());
        assertEquals("gpxe-undionly.kpxe", laptop.filename());
        assertNull(laptop.fixedAddress());
        assertEquals("10.214.2.0/24", laptop.subnet().cidr());
        assertEquals(ReferenceTranslation.NTP_ADDRESS, IscDhcpdDifferentialTest.render(42, laptop.option(42)));
        assertEquals("10.214.2.1", IscDhcpdDifferentialTest.render(3, laptop.option(3)));

        Decision rpi3 = r.ruleSet().decide(ClientFacts.builder().mac("b8:27:eb:12:34:56").arch(7).build());
        assertEquals("10.214.2.31", rpi3.fixedAddress());
        assertEquals("10.214.2.108", rpi3.nextServer());
        assertEquals("rpi3/boot.conf", rpi3.filename());
    }
}
