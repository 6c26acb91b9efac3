package dev.netboot.server.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netboot.testlab.Proc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real DHCP clients (ISC dhclient, busybox udhcpc, dhcpcd) against the server running in a child
 * JVM ({@code netboot dhcp-serve}) in a network namespace this test creates. Skipped, with the
 * reason, when not root or when a client is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DhcpServerNetnsTest {
    static final String POOL = "10\\.213\\.0\\.1\\d\\d";

    Path dir;
    NetnsLab lab;
    Proc server;
    List<String> serverArgs;

    @BeforeAll
    void setUp() throws IOException {
        assumeTrue(NetnsLab.isRoot(), "skipped: network namespaces need root");
        assumeTrue(NetnsLab.hasCommand("ip"), "skipped: iproute2 (ip) is not installed");
        dir = Files.createTempDirectory("nb-dhcp-netns");
        lab = NetnsLab.create(dir);
        serverArgs = List.of("--interface", lab.serverIf, "--leases", dir.resolve("leases").toString(),
                "--subnet", "10.213.0.0/24", "--range", "10.213.0.100-10.213.0.199",
                "--router", "10.213.0.1", "--dns", "10.213.0.1", "--ntp", "10.213.0.1", "--domain", "nb.test",
                "--filename", "undionly.kpxe", "--next-server", "10.213.0.1",
                "--host", "02:13:00:00:00:10=10.213.0.60",
                "--lease-time", "20", "--max-lease-time", "60");
        server = lab.startServer(serverArgs);
    }

    @AfterAll
    void tearDown() throws IOException {
        if (lab != null) {
            lab.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static void assumeClient(String command) {
        assumeTrue(NetnsLab.hasCommand(command), "skipped: " + command + " is not installed");
    }

    String serverLine(String regex) {
        return server.await(Pattern.compile(regex), 45).group();
    }

    void assertBootInformation(Map<String, String> env, String ip, String file, String routers, String dns,
            String domain) {
        assertTrue(env.get(ip) != null && env.get(ip).matches(POOL), "address " + env);
        assertEquals("undionly.kpxe", env.get(file), "boot file");
        assertEquals("10.213.0.1", env.get(routers), "routers");
        assertEquals("10.213.0.1", env.get(dns), "DNS");
        assertEquals("nb.test", env.get(domain), "domain");
    }

    @Test
    void dhclientGetsALeaseRenewsAndReleases() {
        assumeClient("dhclient");
        lab.clientMac("02:13:00:00:00:a1");
        Path hook = lab.hook("dhclient");
        String lf = dir.resolve("dhclient.leases").toString();
        String pf = dir.resolve("dhclient.pid").toString();
        int rc = lab.runInClient(60, Map.of(), "dhclient", "-4", "-1", "-v", "-sf", hook.toString(), "-lf", lf,
                "-pf", pf, lab.clientIf);
        assertEquals(0, rc, "dhclient exit status");
        Map<String, String> bound = lab.hookCall("dhclient", "BOUND");
        assertBootInformation(bound, "new_ip_address", "new_filename", "new_routers", "new_domain_name_servers",
                "new_domain_name");
        assertEquals("10.213.0.1", bound.get("new_next_server"));
        assertEquals("20", bound.get("new_dhcp_lease_time"));
        String ip = bound.get("new_ip_address");
        // 20 s leases: dhclient renews by unicast after T1 (10 s) and gets the ACK at its address
        serverLine("DHCPACK " + Pattern.quote(ip) + " .* to " + Pattern.quote(ip) + ":68 \\(RENEWING/REBINDING\\)");
        rc = lab.runInClient(30, Map.of(), "dhclient", "-4", "-r", "-v", "-sf", hook.toString(), "-lf", lf, "-pf", pf,
                lab.clientIf);
        assertEquals(0, rc, "dhclient -r exit status");
        serverLine("DHCPRELEASE " + Pattern.quote(ip) + " ");
    }

    @Test
    void udhcpcGetsALeaseAndReleases() throws Exception {
        assumeClient("busybox");
        lab.clientMac("02:13:00:00:00:a2");
        Path hook = lab.hook("udhcpc");
        Proc client = lab.startInClient(Map.of(), "busybox", "udhcpc", "-f", "-n", "-R", "-t", "5", "-T",
                "2", "-i", lab.clientIf, "-s", hook.toString());
        Matcher m = client.await(Pattern.compile("lease of (\\S+) obtained"), 40);
        String ip = m.group(1);
        NetnsLab.awaitHook(client, "udhcpc", "bound");
        Map<String, String> bound = lab.hookCall("udhcpc", "bound");
        assertBootInformation(bound, "ip", "boot_file", "router", "dns", "domain");
        assertEquals(ip, bound.get("ip"));
        assertEquals("10.213.0.1", bound.get("siaddr"));
        assertEquals("10.213.0.1", bound.get("serverid"));
        // (renewal is checked with dhclient: busybox 1.35 sometimes misses its unicast renew ACK)
        // SIGUSR2 asks udhcpc to release now. Relying on -R at SIGTERM alone flaked under load (busybox
        // 1.35 sometimes went silent after the bound hook and never sent the RELEASE).
        Process usr2 = new ProcessBuilder("kill", "-USR2", Long.toString(client.pid())).inheritIO().start();
        assertTrue(usr2.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && usr2.exitValue() == 0, "kill -USR2");
        try {
            serverLine("DHCPRELEASE " + Pattern.quote(ip) + " ");
        } catch (IllegalStateException e) {
            throw new AssertionError("no RELEASE; udhcpc said:\n" + client.output(), e);
        } finally {
            client.stop(10);
        }
    }

    @Test
    void dhcpcdGetsALeaseAndReleases() throws IOException {
        assumeClient("dhcpcd");
        lab.clientMac("02:13:00:00:00:a3");
        deleteDhcpcdState();
        Path hook = lab.hook("dhcpcd");
        Proc client = lab.startInClient(Map.of(), "dhcpcd", "-4", "-B", "-d", "-t", "30", "-c",
                hook.toString(), lab.clientIf);
        try {
            Matcher m = client.await(Pattern.compile("leased (\\S+) for"), 45);
            String ip = m.group(1);
            NetnsLab.awaitHook(client, "dhcpcd", "BOUND");
            Map<String, String> bound = lab.hookCall("dhcpcd", "BOUND");
            assertBootInformation(bound, "new_ip_address", "new_filename", "new_routers",
                    "new_domain_name_servers", "new_domain_name");
            assertEquals(ip, bound.get("new_ip_address"));
            // dhcpcd (Debian's configuration) sends a DUID client identifier: the lease key
            assertTrue(Files.readString(dir.resolve("leases")).matches("(?s).*lease " + Pattern.quote(ip)
                    + " client id:ff:.*"), "lease keyed by client identifier");
            assertEquals(0, lab.runInClient(30, Map.of(), "dhcpcd", "-4", "-k", lab.clientIf), "dhcpcd -k");
            serverLine("DHCPRELEASE " + Pattern.quote(ip) + " ");
            assertTrue(client.waitForExit(20) >= 0, "dhcpcd exits after releasing");
        } finally {
            client.stop(5);
            deleteDhcpcdState();
        }
    }

    private void deleteDhcpcdState() throws IOException {
        Path state = Path.of("/var/lib/dhcpcd");
        if (Files.isDirectory(state)) {
            try (Stream<Path> files = Files.list(state)) {
                for (Path p : files.filter(p -> p.getFileName().toString().startsWith(lab.clientIf)).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    void hostEntryGetsItsFixedAddress() {
        assumeClient("busybox");
        lab.clientMac("02:13:00:00:00:10");
        Path hook = lab.hook("fixed");
        assertEquals(0, lab.runInClient(40, Map.of(), "busybox", "udhcpc", "-f", "-n", "-q", "-t", "5", "-T", "2",
                "-i", lab.clientIf, "-s", hook.toString()));
        assertEquals("10.213.0.60", lab.hookCall("fixed", "bound").get("ip"));
    }

    @Test
    void leaseSurvivesAServerKilledWithSigkill() {
        assumeClient("dhclient");
        assumeClient("busybox");
        lab.clientMac("02:13:00:00:00:a4");
        Path hook = lab.hook("restart");
        String lf = dir.resolve("restart.leases").toString();
        String pf = dir.resolve("restart.pid").toString();
        List<String> dhclient = new ArrayList<>(List.of("dhclient", "-4", "-1", "-v", "-sf", hook.toString(), "-lf",
                lf, "-pf", pf, lab.clientIf));
        assertEquals(0, lab.runInClient(60, Map.of(), dhclient.toArray(String[]::new)));
        String ip = lab.hookCall("restart", "BOUND").get("new_ip_address");
        assertTrue(ip != null && ip.matches(POOL), ip);
        assertEquals(0, lab.runInClient(30, Map.of(), "dhclient", "-4", "-x", "-pf", pf, lab.clientIf));

        server.kill(); // SIGKILL: no chance to flush anything
        server = lab.startServer(serverArgs);

        // The client comes back (INIT-REBOOT from its lease file) and is ACKed from the journal.
        assertEquals(0, lab.runInClient(60, Map.of(), dhclient.toArray(String[]::new)));
        serverLine("DHCPACK " + Pattern.quote(ip) + " .*\\((INIT-REBOOT|SELECTING)\\)");
        assertEquals(ip, lab.hookCall("restart", lastEvent("restart")).get("new_ip_address"));
        assertEquals(0, lab.runInClient(30, Map.of(), "dhclient", "-4", "-x", "-pf", pf, lab.clientIf));

        // Another client is not given that address.
        lab.clientMac("02:13:00:00:00:a5");
        Path other = lab.hook("other");
        assertEquals(0, lab.runInClient(40, Map.of(), "busybox", "udhcpc", "-f", "-n", "-q", "-t", "5", "-T", "2",
                "-i", lab.clientIf, "-s", other.toString()));
        String otherIp = lab.hookCall("other", "bound").get("ip");
        assertTrue(otherIp != null && otherIp.matches(POOL), otherIp);
        assertNotEquals(ip, otherIp);
    }

    private String lastEvent(String name) {
        Map<String, String> reboot = lab.hookCall(name, "REBOOT");
        return reboot.containsKey("new_ip_address") ? "REBOOT" : "BOUND";
    }

    @Test
    void dhcpdConfFromTheReferenceNetworkServesItsBootFile() {
        assumeClient("dhclient");
        Path root = copyResource("dhcp/seed-netns");
        Proc previous = server;
        previous.stop(10);
        try {
            server = lab.startServer(List.of("--interface", lab.serverIf, "--leases",
                    dir.resolve("isc.leases").toString(), "--config", root.resolve("etc/dhcp/dhcpd.conf").toString(),
                    "--include-root", root.toString()));
            lab.clientMac("02:13:00:00:00:a6");
            Path hook = lab.hook("isc");
            assertEquals(0, lab.runInClient(60, Map.of(), "dhclient", "-4", "-1", "-v", "-sf", hook.toString(), "-lf",
                    dir.resolve("isc.dhclient.leases").toString(), "-pf", dir.resolve("isc.pid").toString(),
                    lab.clientIf));
            Map<String, String> bound = lab.hookCall("isc", "BOUND");
            assertEquals("gpxe-undionly.kpxe", bound.get("new_filename"));
            assertEquals("10.213.0.1", bound.get("new_next_server"));
            assertEquals("10.213.0.1", bound.get("new_routers"));
            assertEquals("home.kraxel.org", bound.get("new_domain_name"));
            assertTrue(bound.get("new_ip_address").matches("10\\.213\\.0\\.2[0-4]\\d"), bound.toString());
            assertEquals(0, lab.runInClient(30, Map.of(), "dhclient", "-4", "-x", "-pf",
                    dir.resolve("isc.pid").toString(), lab.clientIf));
        } finally {
            server.stop(10);
            server = lab.startServer(serverArgs);
        }
    }

    private Path copyResource(String name) {
        try {
            Path src = Path.of(getClass().getClassLoader().getResource(name).toURI());
            Path dst = dir.resolve(name.replace('/', '-'));
            try (Stream<Path> files = Files.walk(src)) {
                for (Path p : files.toList()) {
                    Path target = dst.resolve(src.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target);
                    }
                }
            }
            return dst;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
