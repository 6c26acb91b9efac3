package dev.netboot.cli;

import static dev.netboot.cli.DecodeCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.cli.DecodeCommandTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsCommandTest {
    @Test
    void writesIncludeAndZonesThatCheckReadsBackCleanly(@TempDir Path dir) throws IOException {
        Path inc = dir.resolve("home.4.dhcp.inc");
        Path zone = dir.resolve("home.zone");
        Path rev = dir.resolve("2.168.192.zone");
        Run r = run("hosts", "samples/reference/hosts.csv", "--domain", "home.kraxel.org", "--dhcpd-include", inc.toString(),
                "--zone", zone.toString(), "--reverse-zone", rev.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("4 entries"), r.out());
        String include = Files.readString(inc);
        assertTrue(include.contains("host photosmart {\n        hardware ethernet 10:60:4b:11:71:34;\n        fixed-address 192.168.2.53;\n}"), include);
        assertTrue(Files.readString(zone).contains("rpi3\tIN\tA\t192.168.2.31"));
        assertTrue(Files.readString(rev).contains("$ORIGIN 2.168.192.in-addr.arpa."));
        assertTrue(Files.readString(rev).contains("53\tIN\tPTR\tphotosmart.home.kraxel.org."));
        // the generated include is read back by netboot check without errors or warnings
        Path conf = dir.resolve("dhcpd.conf");
        Files.writeString(conf, "subnet 192.168.2.0 netmask 255.255.255.0 {\n  range 192.168.2.200 192.168.2.249;\n}\ninclude \"" + inc + "\";\n");
        Run check = run("check", "--config", conf.toString(), "--strict");
        assertEquals(0, check.exit(), check.out() + check.err());
        assertEquals("", check.out());
    }

    @Test
    void badRowIsReportedWithItsLine(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("hosts.csv");
        Files.writeString(csv, "hostname,mac,ip\nok,52:54:00:00:00:01,10.0.0.1\nbroken,52:54:00:00:00,10.0.0.2\n");
        Run r = run("hosts", csv.toString(), "--domain", "x.test", "--zone", dir.resolve("z").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith(csv + ":3:"), r.err());
        assertTrue(!Files.exists(dir.resolve("z")), "nothing written on error");
    }
}
