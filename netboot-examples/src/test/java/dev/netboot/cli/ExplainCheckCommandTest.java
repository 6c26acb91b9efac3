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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code netboot explain} and {@code netboot check} on the verbatim reference configuration (bundled in samples/). */
class ExplainCheckCommandTest {
    static final String ROOT = "samples/reference";
    static final String CONF = ROOT + "/etc/dhcp/dhcpd.conf";
    static final String[] CONFIG = {"--config", CONF, "--include-root", ROOT, "--resolve", "ntp.home.kraxel.org=192.168.2.11"};

    static Run explain(String... more) {
        String[] args = new String[1 + CONFIG.length + more.length];
        args[0] = "explain";
        System.arraycopy(CONFIG, 0, args, 1, CONFIG.length);
        System.arraycopy(more, 0, args, 1 + CONFIG.length, more.length);
        return run(args);
    }

    /** The MISSION.md table, row by row, through the command line. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mac=02:00:00:00:00:01,arch=11,vendor-class=PXEClient:Arch:00011:UNDI:003000 | 192.168.2.14  | efi-a64/grubaa64.efi | null | /etc/dhcp/dhcpd.conf:25",
        "mac=02:00:00:00:00:02,arch=9                                                | 192.168.2.14  | efi-x64/shim.efi | null | /etc/dhcp/dhcpd.conf:29",
        "mac=02:00:00:00:00:03,arch=7,vendor-class=PXEClient:Arch:00007:UNDI:003016  | 192.168.2.14  | efi-x64/shim.efi | null | /etc/dhcp/dhcpd.conf:33",
        "mac=02:00:00:00:00:04,vendor-class=U-Boot.armv8,arch=22                     | 192.168.2.108 | rpi3/boot.conf | null | /etc/dhcp/dhcpd.conf:38",
        "mac=02:00:00:00:00:05,vendor-class=U-Boot.armv7                             | 192.168.2.108 | rpi2/boot.conf | null | /etc/dhcp/dhcpd.conf:43",
        "mac=02:00:00:00:00:06,user-class=iPXE,arch=0                                | 192.168.2.14  | http://192.168.2.14/tftpboot/pxelinux.0 | null | /etc/dhcp/dhcpd.conf:48",
        "mac=02:00:00:00:00:07,user-class=gPXE,arch=0                                | 192.168.2.14  | http://192.168.2.14/tftpboot/pxelinux.0 | null | /etc/dhcp/dhcpd.conf:48",
        "mac=02:00:00:00:00:08,arch=0,vendor-class=PXEClient:Arch:00000:UNDI:002001  | 192.168.2.14  | gpxe-undionly.kpxe | null | /etc/dhcp/dhcpd.conf:52",
        "mac=02:00:00:00:00:09                                                       | 192.168.2.14  | gpxe-undionly.kpxe | null | /etc/dhcp/dhcpd.conf:52",
        "mac=10:60:4b:11:71:34                                                       | 192.168.2.14  | gpxe-undionly.kpxe | \"192.168.2.53\" | /etc/dhcp/dhcpd.conf:52",
        "mac=b8:27:eb:12:34:56                                                       | 192.168.2.108 | rpi3/boot.conf | \"192.168.2.31\" | /etc/dhcp/home.4.dhcp.inc:11",
    })
    void missionTableRows(String client, String nextServer, String filename, String fixed, String rule) {
        Run r = explain("--client", client, "--json");
        assertEquals(0, r.exit(), r.err());
        String json = r.out().trim();
        assertTrue(json.contains("\"next-server\":\"" + nextServer + "\""), json);
        assertTrue(json.contains("\"filename\":\"" + filename + "\""), json);
        assertTrue(json.contains("\"fixed-address\":" + fixed), json);
        assertTrue(json.contains("\"rule\":\"" + rule + "\""), "file:line of the filename statement: " + json);
        assertTrue(json.contains("\"options\":{\"1\":\"255.255.255.0\",\"3\":\"192.168.2.1\",\"6\":\"192.168.2.10\",\"15\":\"\\\"home.kraxel.org\\\"\",\"42\":\"192.168.2.11\"}"), json);
    }

    @Test
    void jsonForEachDiscoverAndRequestOfACapture() {
        Run r = explain("--pcap", "samples/scapy-uboot-armv8.pcap", "--json");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().trim().split("\n");
        assertEquals(2, lines.length, r.out());
        for (String json : lines) {
            assertTrue(json.matches("\\{\"source\":\"samples/scapy-uboot-armv8\\.pcap frame \\d+ DHCP(DISCOVER|REQUEST)\".*"), json);
            assertTrue(json.contains("\"chaddr\":\"" + CHADDR_UBOOT + "\""), json);
            assertTrue(json.contains("\"next-server\":\"192.168.2.108\",\"filename\":\"rpi3/boot.conf\""), json);
            assertTrue(json.contains("\"rule\":\"/etc/dhcp/dhcpd.conf:38\""), json);
        }
    }

    /** The client hardware address in samples/scapy-uboot-armv8.pcap. */
    static final String CHADDR_UBOOT = "02:13:5c:00:00:22";

    @Test
    void interfaceAddressSelectsTheSubnetOfLocalClients(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("two.conf");
        Files.writeString(conf, String.join("\n",
                "subnet 10.9.0.0 netmask 255.255.255.0 { range 10.9.0.10 10.9.0.20; filename \"ten\"; }",
                "subnet 192.168.2.0 netmask 255.255.255.0 { range 192.168.2.100 192.168.2.120; filename \"lan\"; }",
                ""));
        String[] pcap = {"explain", "--config", conf.toString(), "--no-dns", "--pcap", "samples/scapy-uboot-armv8.pcap",
            "--json"};
        Run unknown = run(pcap);
        assertEquals(0, unknown.exit(), unknown.err());
        assertTrue(unknown.out().contains("\"filename\":null"), "two subnets, no link: no subnet: " + unknown.out());
        String[] lan = java.util.Arrays.copyOf(pcap, pcap.length + 2);
        lan[pcap.length] = "--interface-address";
        lan[pcap.length + 1] = "192.168.2.254";
        Run r = run(lan);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("\"filename\":\"lan\""), r.out());
        lan[pcap.length + 1] = "192.168.2";
        assertEquals(2, run(lan).exit(), "a bad address is a usage error");
    }

    @Test
    void explainsEveryDiscoverAndRequestOfACapture() {
        Run r = explain("--pcap", "samples/scapy-uboot-armv8.pcap");
        assertEquals(0, r.exit(), r.err());
        assertEquals(2, r.out().split("decision: ", -1).length - 1, "DISCOVER and REQUEST");
        assertTrue(r.out().contains("filename set by /etc/dhcp/dhcpd.conf:38:17"), r.out());
        assertTrue(r.out().contains("shadowed"), r.out());
    }

    @Test
    void unresolvableNameIsAWarningAndBadConfigIsOneErrorLine(@TempDir Path dir) throws IOException {
        Path unresolvable = dir.resolve("ntp.conf");
        // --no-dns: no query leaves the machine; the option is left out, as ISC leaves it out of its answers
        Files.writeString(unresolvable, "option ntp-servers ntp.example.invalid;\n");
        Run r = run("explain", "--config", unresolvable.toString(), "--no-dns", "--client", "mac=02:00:00:00:00:01");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().startsWith(unresolvable + ":1:20: warning: cannot resolve host name 'ntp.example.invalid'"),
                r.err());
        Run strict = run("check", "--config", unresolvable.toString(), "--no-dns", "--strict");
        assertEquals(1, strict.exit(), "a warning fails --strict: " + strict.out() + strict.err());
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "subnet 10.0.0.0 netmask 255.255.255.0 {\n  frobnicate 10.0.0.5;\n}\n");
        Run b = run("explain", "--config", bad.toString(), "--client", "mac=02:00:00:00:00:01");
        assertEquals(1, b.exit());
        assertTrue(b.err().startsWith(bad + ":2:"), b.err());
        Run usage = explain("--client", "mac=zz");
        assertEquals(2, usage.exit(), usage.err());
        assertTrue(usage.err().contains("--client"), usage.err());
    }

    @Test
    void checkPrintsLintsCompilerStyle(@TempDir Path dir) throws IOException {
        String[] args = new String[CONFIG.length + 1];
        args[0] = "check";
        System.arraycopy(CONFIG, 0, args, 1, CONFIG.length);
        Run r = run(args);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("/etc/dhcp/dhcpd.conf:22:9: warning: architecture rule"), r.out());
        assertTrue(r.out().contains("/etc/dhcp/dhcpd.conf:35:21: warning: exact comparison with \"U-Boot.armv8\""), r.out());
        String[] strict = java.util.Arrays.copyOf(args, args.length + 1);
        strict[args.length] = "--strict";
        assertEquals(1, run(strict).exit());
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "option routers 10.0.0.1;\nfrobnicate on;\n");
        Run b = run("check", "--config", bad.toString());
        assertEquals(1, b.exit());
        assertTrue(b.out().startsWith(bad + ":2:1: error: "), b.out());
    }
}
