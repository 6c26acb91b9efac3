package dev.netboot.server.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.rules.isc.DhcpdConf;
import dev.netboot.server.dhcp.RuleSetPolicy;
import dev.netboot.server.http.AddressAllowList;
import dev.netboot.server.tftp.TftpClient;
import dev.netboot.tftp.TftpClientConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DHCP, TFTP and HTTP in one process on loopback: downloads, shared metrics, reload semantics. */
class NetbootServerTest {
    static final String GOOD = "subnet 127.0.0.0 netmask 255.0.0.0 {\n  range 127.0.3.10 127.0.3.20;\n  filename \"boot.efi\";\n}\n";

    @Test
    void servesTftpAndHttpFromOneRootAndReloadsOnlyValidConfigurations(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        byte[] content = new byte[100_000];
        new Random(1).nextBytes(content);
        Files.write(root.resolve("boot.efi"), content);
        Path conf = dir.resolve("dhcpd.conf");
        Files.writeString(conf, GOOD);
        NetbootServer.Settings s = new NetbootServer.Settings(conf,
                () -> RuleSetPolicy.of(DhcpdConf.reader().read(conf).ruleSet()), root, List.of(), "127.0.0.1", 0, 0, 0,
                dir.resolve("leases"), false, AddressAllowList.parse("127.0.0.1/8"), Duration.ofMillis(100));
        try (NetbootServer server = NetbootServer.start(s); TftpClient tftp = TftpClient.create()) {
            Path got = dir.resolve("got");
            tftp.download(server.tftpAddress(), "boot.efi", got, TftpClientConfig.DEFAULT.withBlockSize(1468));
            assertArrayEquals(content, Files.readAllBytes(got));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + server.httpAddress().getPort();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/tftpboot/boot.efi"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
            assertArrayEquals(content, r.body());
            String metrics = scrape(http, base);
            assertTrue(metrics.contains("netboot_tftp_completed_total 1"), metrics);
            assertTrue(metrics.contains("netboot_dhcp_received_total 0"), metrics);

            // a bad configuration is rejected and the old one keeps serving
            Files.writeString(conf, GOOD + "frobnicate;\n");
            Files.setLastModifiedTime(conf, FileTime.from(Instant.now().plusSeconds(5)));
            assertTrue(waitFor(() -> scrape(http, base).contains("netboot_config_reload_failures_total 1")), scrape(http, base));
            assertFalse(server.reload(), "explicit reload of the bad file is rejected too");
            // a good one takes effect
            Files.writeString(conf, GOOD.replace("boot.efi", "other.efi"));
            Files.setLastModifiedTime(conf, FileTime.from(Instant.now().plusSeconds(10)));
            assertTrue(waitFor(() -> scrape(http, base).contains("netboot_config_reloads_total 1")), scrape(http, base));
            assertTrue(server.reload());
        }
    }

    @Test
    void editingAnIncludedFileReloadsToo(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path hosts = dir.resolve("hosts.conf");
        Files.writeString(hosts, "host a { hardware ethernet 02:00:00:00:00:0a; filename \"a.efi\"; }\n");
        Path conf = dir.resolve("dhcpd.conf");
        Files.writeString(conf, GOOD + "include \"" + hosts + "\";\n");
        NetbootServer.Settings s = new NetbootServer.Settings(conf, () -> {
            DhcpdConf.Result r = DhcpdConf.reader().read(conf);
            return RuleSetPolicy.of(r.ruleSet(), r.files());
        }, root, List.of(), "127.0.0.1", 0, 0, 0, dir.resolve("leases"), false, AddressAllowList.parse("127.0.0.1/8"),
                Duration.ofMillis(100));
        try (NetbootServer server = NetbootServer.start(s)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + server.httpAddress().getPort();
            Files.writeString(hosts, "host a { hardware ethernet 02:00:00:00:00:0a; filename \"b.efi\"; }\n");
            Files.setLastModifiedTime(hosts, FileTime.from(Instant.now().plusSeconds(5)));
            assertTrue(waitFor(() -> scrape(http, base).contains("netboot_config_reloads_total 1")), scrape(http, base));
            // a broken include is rejected like a broken main file; fixing it reloads
            Files.writeString(hosts, "host a { frobnicate; }\n");
            Files.setLastModifiedTime(hosts, FileTime.from(Instant.now().plusSeconds(10)));
            assertTrue(waitFor(() -> scrape(http, base).contains("netboot_config_reload_failures_total 1")),
                    scrape(http, base));
            Files.writeString(hosts, "\n");
            Files.setLastModifiedTime(hosts, FileTime.from(Instant.now().plusSeconds(15)));
            assertTrue(waitFor(() -> scrape(http, base).contains("netboot_config_reloads_total 2")), scrape(http, base));
        }
    }

    private static String scrape(HttpClient http, String base) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    /** Polls a condition for at most 10 s (the server's file watch runs every 100 ms). */
    private static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
