package dev.netboot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as curl sees it (skipped where curl is not installed). */
class HttpBootCurlTest {
    @TempDir
    Path dir;
    Path root;
    HttpBootServer server;
    String base;

    @BeforeAll
    static void curlPresent() {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed: skipping the curl tests");
    }

    @BeforeEach
    void start() throws IOException {
        root = Files.createDirectories(dir.resolve("tftpboot"));
        TestFiles.random(root.resolve("pxelinux.0"), 42_366, 1);
        TestFiles.random(root.resolve("efi-x64/grubx64.efi"), 20L << 20, 2);
        Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
        server = new HttpBootServer(HttpBootConfig.builder(root).bind(new InetSocketAddress("127.0.0.1", 0))
                .ioThreads(2).build());
        base = "http://127.0.0.1:" + server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Curl.Result curl(String... args) throws IOException {
        return Curl.run(Arrays.asList(args), 60);
    }

    @Test
    void downloadsAreByteExact() throws IOException {
        for (String name : List.of("pxelinux.0", "efi-x64/grubx64.efi")) {
            Path out = dir.resolve("out.bin");
            Curl.Result r = curl("-sS", "-o", out.toString(), "-w", "%{http_code} %{size_download}",
                    base + "/tftpboot/" + name);
            assertEquals(0, r.exit(), r.err());
            assertEquals("200 " + Files.size(root.resolve(name)), r.out());
            assertEquals(TestFiles.sha256(root.resolve(name)), TestFiles.sha256(out));
        }
    }

    @Test
    void headAndRange() throws IOException {
        Curl.Result head = curl("-sS", "-I", base + "/tftpboot/pxelinux.0");
        assertEquals(0, head.exit(), head.err());
        String h = head.out().toLowerCase(Locale.ROOT);
        assertTrue(h.startsWith("http/1.1 200 ok"), h);
        assertTrue(h.contains("content-length: 42366"), h);
        assertTrue(h.contains("accept-ranges: bytes"), h);

        Path out = dir.resolve("part.bin");
        Curl.Result range = curl("-sS", "-r", "1000-1999", "-o", out.toString(), "-w", "%{http_code}",
                base + "/tftpboot/pxelinux.0");
        assertEquals("206", range.out(), range.err());
        byte[] whole = Files.readAllBytes(root.resolve("pxelinux.0"));
        assertTrue(Arrays.equals(Arrays.copyOfRange(whole, 1000, 2000), Files.readAllBytes(out)));

        Curl.Result resume = curl("-sS", "-C", "40000", "-o", out.toString(), "-w", "%{http_code}",
                base + "/tftpboot/pxelinux.0");
        assertEquals("206", resume.out(), resume.err());

        Curl.Result bad = curl("-s", "-r", "50000-", "-o", "/dev/null", "-w", "%{http_code}",
                base + "/tftpboot/pxelinux.0");
        assertEquals("416", bad.out());
    }

    @Test
    void traversalAsIsIsRefusedAndSlashesAreServedWithoutRedirect() throws IOException {
        Curl.Result asIs = curl("-s", "--path-as-is", "-o", "/dev/null", "-w", "%{http_code}",
                base + "/tftpboot/../secret.txt");
        assertEquals("403", asIs.out());
        Curl.Result encoded = curl("-s", "--path-as-is", "-w", "%{http_code}", base + "/tftpboot/%2e%2e/secret.txt");
        assertTrue(encoded.out().endsWith("403") && !encoded.out().contains("TOP-SECRET"), encoded.out());
        Curl.Result slashes = curl("-s", "-o", "/dev/null", "-w", "%{http_code} [%{redirect_url}]",
                base + "/tftpboot//efi-x64//grubx64.efi");
        assertEquals("200 []", slashes.out());
        Curl.Result dirRequest = curl("-s", "-o", "/dev/null", "-w", "%{http_code} [%{redirect_url}]",
                base + "/tftpboot/efi-x64");
        assertEquals("404 []", dirRequest.out());
    }

    @Test
    void metricsAreReadable() throws IOException {
        // both on one connection: the file's response is counted before the next request is answered
        Curl.Result m = curl("-sS", "-o", "/dev/null", base + "/tftpboot/pxelinux.0", base + "/metrics");
        assertEquals(0, m.exit(), m.err());
        PrometheusText p = PrometheusText.parse(m.out());
        assertEquals(1, p.value("netboot_http_requests_total", java.util.Map.of("class", "2xx")));
    }
}
