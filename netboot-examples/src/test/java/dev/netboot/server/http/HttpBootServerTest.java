package dev.netboot.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on 127.0.0.1 with ephemeral ports: exact bytes, HEAD, ranges, confinement, no
 * redirects, the allow-list, metrics, limits, timeouts and shutdown. Raw sockets where a real
 * client would normalise or refuse what is sent.
 */
class HttpBootServerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    Path root;
    Path secret;
    String secretText;
    byte[] small;
    final List<HttpBootServer> servers = new ArrayList<>();
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(dir.resolve("tftpboot"));
        small = Files.readAllBytes(TestFiles.random(root.resolve("pxelinux.0"), 42_366, 1));
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/file.txt"), "inside the root\n");
        Files.write(root.resolve("empty.bin"), new byte[0]);
        Files.createDirectories(root.resolve("efi-x64"));
        Files.writeString(root.resolve("efi-x64/shim.efi"), "shim");
        secretText = "TOP-SECRET-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        secret = Files.writeString(dir.resolve("secret.txt"), secretText);
        Files.createDirectories(dir.resolve("outdir"));
        Files.writeString(dir.resolve("outdir/secret.txt"), secretText);
        Files.createSymbolicLink(root.resolve("escape"), secret);
        Files.createSymbolicLink(root.resolve("escdir"), dir.resolve("outdir"));
        Files.createSymbolicLink(root.resolve("alias.0"), Path.of("pxelinux.0"));
    }

    @AfterEach
    void stop() {
        servers.forEach(HttpBootServer::close);
    }

    HttpBootServer server(UnaryOperator<HttpBootConfig.Builder> settings) {
        HttpBootConfig config = settings.apply(HttpBootConfig.builder(root)
                .bind(new InetSocketAddress("127.0.0.1", 0)).ioThreads(2)).build();
        HttpBootServer s = new HttpBootServer(config);
        servers.add(s);
        s.start();
        return s;
    }

    int start() {
        return server(b -> b).localAddress().getPort();
    }

    HttpResponse<byte[]> get(int port, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(WAIT);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    // ---------------------------------------------------------------- exact bytes

    @Test
    void smallFileIsServedWithExactBytesAndHeaders() throws Exception {
        HttpBootServer s = server(b -> b);
        int port = s.localAddress().getPort();
        HttpResponse<byte[]> r = get(port, "/tftpboot/pxelinux.0");
        assertEquals(200, r.statusCode());
        assertEquals(TestFiles.sha256(small), TestFiles.sha256(r.body()));
        assertEquals("42366", r.headers().firstValue("content-length").orElseThrow());
        assertEquals("bytes", r.headers().firstValue("accept-ranges").orElseThrow());
        assertEquals("application/octet-stream", r.headers().firstValue("content-type").orElseThrow());
        Instant modified = Files.getLastModifiedTime(root.resolve("pxelinux.0")).toInstant();
        assertEquals(io.netty.handler.codec.DateFormatter.format(java.util.Date.from(modified)),
                r.headers().firstValue("last-modified").orElseThrow());
        assertTrue(r.headers().firstValue("date").isPresent());
        assertEquals("text/plain; charset=utf-8",
                get(port, "/tftpboot/sub/file.txt").headers().firstValue("content-type").orElseThrow());
        HttpResponse<byte[]> empty = get(port, "/tftpboot/empty.bin");
        assertEquals(200, empty.statusCode());
        assertEquals(0, empty.body().length);
        assertTrue(s.transport().equals("epoll") || s.transport().equals("nio"), s.transport());
    }

    @Test
    void fiftyMebibyteFileArrivesIntact() throws Exception {
        Path big = TestFiles.random(root.resolve("images/big.img"), 50L << 20, 7);
        int port = start();
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/tftpboot/images/big.img")).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertEquals(Long.toString(50L << 20), r.headers().firstValue("content-length").orElseThrow());
        try (InputStream in = r.body()) {
            assertEquals(TestFiles.sha256(big), TestFiles.sha256(in));
        }
    }

    @Test
    void nioTransportSendsFilesToo() throws Exception {
        Path big = TestFiles.random(root.resolve("nio.img"), 9L << 20, 9);
        HttpBootServer s = server(b -> b.forceNio(true));
        assertEquals("nio", s.transport());
        HttpResponse<byte[]> r = get(s.localAddress().getPort(), "/tftpboot/nio.img");
        assertEquals(200, r.statusCode());
        assertEquals(TestFiles.sha256(big), TestFiles.sha256(r.body()));
        HttpResponse<byte[]> part = get(s.localAddress().getPort(), "/tftpboot/nio.img", "Range", "bytes=-5");
        assertEquals(206, part.statusCode());
        assertArrayEquals(Arrays.copyOfRange(Files.readAllBytes(big), (9 << 20) - 5, 9 << 20), part.body());
    }

    // ---------------------------------------------------------------- HEAD

    @Test
    void headGivesTheHeadersOfGetAndNoBody() throws Exception {
        int port = start();
        try (RawHttp c = new RawHttp(port)) {
            RawHttp.Response head = c.exchange(RawHttp.request("HEAD", "/tftpboot/pxelinux.0"));
            assertEquals(200, head.status());
            assertEquals("42366", head.header("content-length"));
            assertNotNull(head.header("last-modified"));
            // no body bytes: the next response starts right after the head's blank line
            RawHttp.Response get = c.exchange(RawHttp.request("GET", "/tftpboot/sub/file.txt"));
            assertEquals(200, get.status());
            assertEquals("inside the root\n", get.text());
            RawHttp.Response missing = c.exchange(RawHttp.request("HEAD", "/tftpboot/nope"));
            assertEquals(404, missing.status());
            assertEquals(0, c.available(200), "no body after a HEAD error either");
        }
        HttpResponse<Void> viaClient = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/tftpboot/pxelinux.0")).method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, viaClient.statusCode());
    }

    // ---------------------------------------------------------------- ranges

    @Test
    void singleRangesAreServedAsPartialContent() throws Exception {
        int port = start();
        int size = small.length;
        assertRange(port, "bytes=0-99", 0, 99);
        assertRange(port, "bytes=1000-1999", 1000, 1999);
        assertRange(port, "bytes=-100", size - 100, size - 1);
        assertRange(port, "bytes=40000-", 40000, size - 1);
        assertRange(port, "bytes=42000-99999", 42000, size - 1);
        assertRange(port, "bytes=0-0", 0, 0);
    }

    private void assertRange(int port, String range, int first, int last) throws Exception {
        HttpResponse<byte[]> r = get(port, "/tftpboot/pxelinux.0", "Range", range);
        assertEquals(206, r.statusCode(), range);
        assertEquals("bytes " + first + "-" + last + "/" + small.length,
                r.headers().firstValue("content-range").orElseThrow());
        assertEquals(Integer.toString(last - first + 1), r.headers().firstValue("content-length").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(small, first, last + 1), r.body(), range);
    }

    @Test
    void unsatisfiableRangesGet416WithTheSize() throws Exception {
        int port = start();
        for (String range : List.of("bytes=42366-", "bytes=50000-60000", "bytes=-0")) {
            HttpResponse<byte[]> r = get(port, "/tftpboot/pxelinux.0", "Range", range);
            assertEquals(416, r.statusCode(), range);
            assertEquals("bytes */42366", r.headers().firstValue("content-range").orElseThrow());
        }
        assertEquals(416, get(port, "/tftpboot/empty.bin", "Range", "bytes=0-").statusCode());
    }

    @Test
    void multiRangeInvalidRangeAndStaleIfRangeGetTheWholeFile() throws Exception {
        int port = start();
        for (String[] h : List.of(new String[] {"Range", "bytes=0-1,5-6"}, new String[] {"Range", "bytes=9-1"},
                new String[] {"Range", "lines=1-2"})) {
            HttpResponse<byte[]> r = get(port, "/tftpboot/pxelinux.0", h);
            assertEquals(200, r.statusCode(), h[1]);
            assertArrayEquals(small, r.body());
        }
        HttpResponse<byte[]> stale = get(port, "/tftpboot/pxelinux.0", "Range", "bytes=0-9", "If-Range",
                "Wed, 21 Oct 2015 07:28:00 GMT");
        assertEquals(200, stale.statusCode());
        assertArrayEquals(small, stale.body());
        HttpResponse<byte[]> etag = get(port, "/tftpboot/pxelinux.0", "Range", "bytes=0-9", "If-Range", "\"abc\"");
        assertEquals(200, etag.statusCode());
        String lastModified = get(port, "/tftpboot/pxelinux.0").headers().firstValue("last-modified").orElseThrow();
        HttpResponse<byte[]> fresh = get(port, "/tftpboot/pxelinux.0", "Range", "bytes=0-9", "If-Range",
                lastModified);
        assertEquals(206, fresh.statusCode());
        assertArrayEquals(Arrays.copyOf(small, 10), fresh.body());
    }

    @Test
    void ifModifiedSinceGives304() throws Exception {
        Files.setLastModifiedTime(root.resolve("pxelinux.0"), FileTime.from(Instant.parse("2020-01-02T03:04:05Z")));
        int port = start();
        HttpResponse<byte[]> same = get(port, "/tftpboot/pxelinux.0", "If-Modified-Since",
                "Thu, 02 Jan 2020 03:04:05 GMT");
        assertEquals(304, same.statusCode());
        assertEquals(0, same.body().length);
        assertEquals(304, get(port, "/tftpboot/pxelinux.0", "If-Modified-Since", "Fri, 03 Jan 2020 00:00:00 GMT")
                .statusCode());
        assertEquals(200, get(port, "/tftpboot/pxelinux.0", "If-Modified-Since", "Thu, 02 Jan 2020 03:04:04 GMT")
                .statusCode());
        assertEquals(200, get(port, "/tftpboot/pxelinux.0", "If-Modified-Since", "garbage").statusCode());
    }

    // ---------------------------------------------------------------- confinement

    @Test
    void traversalAttemptsNeverReadOutsideTheRoot() throws Exception {
        int port = start();
        String abs = secret.toString();
        Map<String, Integer> attempts = new java.util.LinkedHashMap<>();
        attempts.put("/tftpboot/../secret.txt", 403);
        attempts.put("/tftpboot/../etc/passwd", 403);
        attempts.put("/tftpboot/%2e%2e/secret.txt", 403);
        attempts.put("/tftpboot/%2E%2E/%2E%2E/etc/passwd", 403);
        attempts.put("/tftpboot/.%2e/secret.txt", 403);
        attempts.put("/tftpboot/sub/../../secret.txt", 403);
        attempts.put("/../secret.txt", 403);
        attempts.put("http://127.0.0.1/tftpboot/../secret.txt", 403);
        attempts.put("/tftpboot/..%2fsecret.txt", 400);
        attempts.put("/tftpboot/%2e%2e%2fsecret.txt", 400);
        attempts.put("/tftpboot/%2F" + abs.substring(1).replace("/", "%2F"), 400);
        attempts.put("/tftpboot/pxelinux.0%00.txt", 400);
        attempts.put("/tftpboot/%00", 400);
        attempts.put("/tftpboot/%c0%ae%c0%ae/secret.txt", 400);
        attempts.put("/tftpboot/%252e%252e/secret.txt", 404);
        attempts.put("/tftpboot/" + abs, 404);
        attempts.put("/tftpboot//" + abs, 404);
        attempts.put(abs, 404);
        attempts.put("/tftpboot/..\\secret.txt", 404);
        attempts.put("/tftpboot/escape", 403);
        attempts.put("/tftpboot/escdir/secret.txt", 403);
        attempts.put("/etc/passwd", 404);
        for (Map.Entry<String, Integer> a : attempts.entrySet()) {
            RawHttp.Response r = RawHttp.once(port, RawHttp.request("GET", a.getKey()));
            assertEquals(a.getValue(), r.status(), a.getKey() + " -> " + r.text());
            assertFalse(r.text().contains(secretText), a.getKey());
            assertFalse(r.text().contains("root:"), a.getKey());
        }
        // a symlink that stays inside is followed
        assertArrayEquals(small, RawHttp.once(port, RawHttp.request("GET", "/tftpboot/alias.0")).body());
    }

    @Test
    void doubleSlashesAreServedNotRedirected() throws Exception {
        int port = start();
        for (String path : List.of("/tftpboot//pxelinux.0", "//tftpboot/pxelinux.0", "/tftpboot/./pxelinux.0",
                "/tftpboot///pxelinux.0", "/tftpboot//%2e//pxelinux.0", "/%74ftpboot/pxelinux.0")) {
            RawHttp.Response r = RawHttp.once(port, RawHttp.request("GET", path));
            assertEquals(200, r.status(), path);
            assertArrayEquals(small, r.body(), path);
            assertNull(r.header("location"), path);
        }
        HttpResponse<byte[]> viaClient = get(port, "/tftpboot//efi-x64//shim.efi");
        assertEquals(200, viaClient.statusCode());
        assertEquals("shim", new String(viaClient.body(), StandardCharsets.UTF_8));
    }

    @Test
    void directoriesAre404NeverRedirects() throws Exception {
        int port = start();
        for (String path : List.of("/tftpboot/sub", "/tftpboot/sub/", "/tftpboot/", "/tftpboot", "/tftpboot//", "/",
                "/tftpboot/efi-x64")) {
            RawHttp.Response r = RawHttp.once(port, RawHttp.request("GET", path));
            assertEquals(404, r.status(), path);
            assertNull(r.header("location"), path);
        }
    }

    @Test
    void otherPrefixesAndTheWholeRoot() throws Exception {
        int port = server(b -> b.prefix("/boot")).localAddress().getPort();
        assertEquals(200, get(port, "/boot/pxelinux.0").statusCode());
        assertEquals(404, get(port, "/tftpboot/pxelinux.0").statusCode());
        assertEquals(404, get(port, "/bootx/pxelinux.0").statusCode());
        int whole = server(b -> b.prefix("/")).localAddress().getPort();
        assertArrayEquals(small, get(whole, "/pxelinux.0").body());
        assertEquals(200, get(whole, "/metrics").statusCode(), "metrics before files");
        assertThrows(IllegalArgumentException.class, () -> HttpBootConfig.builder(root).prefix("tftpboot").build());
        assertThrows(IllegalArgumentException.class, () -> HttpBootConfig.builder(root).prefix("/a/../b").build());
    }

    // ---------------------------------------------------------------- allow-list

    @Test
    void clientsOutsideTheAllowListGet403OnEveryPath() throws Exception {
        HttpBootServer s = server(b -> b.allowList(AddressAllowList.parse("192.168.0.0/16 ::1/128")));
        int port = s.localAddress().getPort();
        HttpResponse<byte[]> file = get(port, "/tftpboot/pxelinux.0");
        assertEquals(403, file.statusCode());
        assertFalse(Arrays.equals(small, file.body()));
        assertEquals(403, get(port, "/metrics").statusCode());
        assertEquals(403, get(port, "/tftpboot/nope").statusCode());
        assertEquals(3, s.metrics().counter("netboot_http_denied_total", "").value());
        try (RawHttp c = new RawHttp(port)) {
            assertEquals(403, c.exchange(RawHttp.request("GET", "/tftpboot/pxelinux.0")).status());
            assertTrue(c.awaitClose(), "a refused client is disconnected");
        }
    }

    @Test
    void clientsInsideTheAllowListAreServed() throws Exception {
        HttpBootServer s = server(b -> b.allowList(AddressAllowList.parse("127.0.0.1/8 192.168.0.0/16")));
        assertEquals(200, get(s.localAddress().getPort(), "/tftpboot/pxelinux.0").statusCode());
        assertEquals(0, s.metrics().counter("netboot_http_denied_total", "").value());
    }

    // ---------------------------------------------------------------- metrics

    @Test
    void metricsAreWellFormedAndCountWhatHappened() throws Exception {
        MetricsRegistry shared = MetricsRegistry.create();
        // what the DHCP and TFTP servers of the same process would register
        shared.counter("netboot_dhcp_acks_total", "DHCPACKs sent.").add(5);
        shared.counterFunction("netboot_tftp_transfers_total", "TFTP transfers.", Map.of("result", "ok"), () -> 12);
        HttpBootServer s = server(b -> b.metrics(shared));
        int port = s.localAddress().getPort();
        RawHttp.Response m;
        // one connection: a response is counted when written, before the next request is answered
        try (RawHttp c = new RawHttp(port)) {
            assertEquals(200, c.exchange(RawHttp.request("GET", "/tftpboot/pxelinux.0")).status());
            assertEquals(200, c.exchange(RawHttp.request("GET", "/tftpboot/sub/file.txt")).status());
            assertEquals(206, c.exchange(RawHttp.request("GET", "/tftpboot/pxelinux.0", "Range: bytes=0-9")).status());
            assertEquals(404, c.exchange(RawHttp.request("GET", "/tftpboot/missing")).status());
            assertEquals(403, c.exchange(RawHttp.request("GET", "/tftpboot/%2e%2e/x")).status());
            m = c.exchange(RawHttp.request("GET", "/metrics"));
        }
        assertEquals(200, m.status());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", m.header("content-type"));
        PrometheusText p = PrometheusText.parse(m.text());
        assertEquals(3, p.value("netboot_http_requests_total", Map.of("class", "2xx")));
        assertEquals(2, p.value("netboot_http_requests_total", Map.of("class", "4xx")));
        assertEquals(0, p.value("netboot_http_requests_total", Map.of("class", "5xx")));
        assertEquals(1, p.value("netboot_http_path_rejected_total", Map.of("reason", "not_found")));
        assertEquals(1, p.value("netboot_http_path_rejected_total", Map.of("reason", "dot_dot")));
        assertEquals(0, p.value("netboot_http_denied_total", Map.of()));
        double errorBodies = p.value("netboot_http_sent_bytes_total", Map.of()) - small.length - 16 - 10;
        assertTrue(errorBodies > 0 && errorBodies < 200, "file bytes plus two short error texts: " + errorBodies);
        assertEquals(5, p.value("netboot_dhcp_acks_total", Map.of()));
        assertEquals(12, p.value("netboot_tftp_transfers_total", Map.of("result", "ok")));
        assertEquals("counter", p.types.get("netboot_http_requests_total"));
        assertEquals("gauge", p.types.get("netboot_http_connections_open"));
        assertEquals(1, p.value("netboot_http_connections_total", Map.of()));
        assertEquals(1, p.value("netboot_http_connections_open", Map.of()));
        int disabled = server(b -> b.metricsPath("")).localAddress().getPort();
        assertEquals(404, get(disabled, "/metrics").statusCode());
    }

    // ---------------------------------------------------------------- dynamic content

    @Test
    void contentProviderIsConsultedBeforeTheFileSystem() throws Exception {
        AtomicReference<BootRequest> seen = new AtomicReference<>();
        BootContentProvider provider = request -> {
            seen.set(request);
            if (request.path().equals("boot.ipxe")) {
                return Optional.of(BootContent.text("#!ipxe\necho client " + request.client().getAddress()
                        .getHostAddress() + " " + request.query() + "\n"));
            }
            if (request.path().equals("sub/file.txt")) {
                return Optional.of(BootContent.of(new byte[] {1, 2, 3}, "application/x-test")
                        .withLastModified(Instant.parse("2024-05-06T07:08:09Z")));
            }
            if (request.path().equals("boom")) {
                throw new IllegalStateException("provider bug");
            }
            return Optional.empty();
        };
        int port = server(b -> b.contentProvider(provider)).localAddress().getPort();
        HttpResponse<byte[]> script = get(port, "/tftpboot//./boot.ipxe?mac=52:54:00:12:34:56", "User-Agent",
                "iPXE/1.21.1");
        assertEquals(200, script.statusCode());
        assertEquals("#!ipxe\necho client 127.0.0.1 mac=52:54:00:12:34:56\n",
                new String(script.body(), StandardCharsets.UTF_8));
        assertEquals("text/plain; charset=utf-8", script.headers().firstValue("content-type").orElseThrow());
        assertEquals("iPXE/1.21.1", seen.get().header("User-Agent"));
        assertEquals("boot.ipxe", seen.get().path());

        HttpResponse<byte[]> shadowed = get(port, "/tftpboot/sub/file.txt", "Range", "bytes=1-");
        assertEquals(206, shadowed.statusCode());
        assertArrayEquals(new byte[] {2, 3}, shadowed.body());
        assertEquals("Mon, 06 May 2024 07:08:09 GMT", shadowed.headers().firstValue("last-modified").orElseThrow());
        assertEquals(304, get(port, "/tftpboot/sub/file.txt", "If-Modified-Since", "Mon, 06 May 2024 07:08:09 GMT")
                .statusCode());

        assertArrayEquals(small, get(port, "/tftpboot/pxelinux.0").body(), "empty falls through to the file");
        try (RawHttp c = new RawHttp(port)) {
            assertEquals(500, c.exchange(RawHttp.request("GET", "/tftpboot/boom")).status());
            assertEquals(200, c.exchange(RawHttp.request("GET", "/tftpboot/pxelinux.0")).status(),
                    "the connection survives a failing provider");
        }
        seen.set(null);
        assertEquals(403, RawHttp.once(port, RawHttp.request("GET", "/tftpboot/../boot.ipxe")).status());
        assertNull(seen.get(), "refused paths never reach the provider");
    }

    // ---------------------------------------------------------------- protocol, limits, timeouts

    @Test
    void keepAliveAndPipelinedRequestsAreAnsweredInOrder() throws Exception {
        int port = start();
        try (RawHttp c = new RawHttp(port)) {
            c.send(RawHttp.request("GET", "/tftpboot/sub/file.txt") + RawHttp.request("HEAD", "/tftpboot/pxelinux.0")
                    + RawHttp.request("GET", "/tftpboot/nope") + RawHttp.request("GET", "/tftpboot/pxelinux.0",
                            "Range: bytes=0-3"));
            assertEquals("inside the root\n", c.read(false).text());
            RawHttp.Response head = c.read(true);
            assertEquals("42366", head.header("content-length"));
            assertEquals(404, c.read(false).status());
            RawHttp.Response range = c.read(false);
            assertEquals(206, range.status());
            assertArrayEquals(Arrays.copyOf(small, 4), range.body());
            RawHttp.Response last = c.exchange(RawHttp.request("GET", "/tftpboot/pxelinux.0", "Connection: close"));
            assertEquals("close", last.header("connection"));
            assertTrue(c.awaitClose());
        }
        try (RawHttp old = new RawHttp(port)) {
            old.send("GET /tftpboot/sub/file.txt HTTP/1.0\r\n\r\n");
            assertEquals(200, old.read(false).status());
            assertTrue(old.awaitClose(), "HTTP/1.0 without keep-alive is closed");
        }
    }

    @Test
    void malformedAndOversizedRequestsAreRefused() throws Exception {
        int port = start();
        try (RawHttp c = new RawHttp(port)) {
            RawHttp.Response r = c.exchange(RawHttp.request("GET", "/tftpboot/pxelinux.0", "X-Big: "
                    + "a".repeat(20_000)));
            assertEquals(431, r.status());
            assertTrue(r.text().contains("HttpLimits.maxHeaderSize"), r.text());
            assertTrue(c.awaitClose());
        }
        RawHttp.Response manyHeaders;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            sb.append("X-H").append(i).append(": v\r\n");
        }
        try (RawHttp c = new RawHttp(port)) {
            manyHeaders = c.exchange("GET /tftpboot/pxelinux.0 HTTP/1.1\r\nHost: x\r\n" + sb + "\r\n");
        }
        assertEquals(431, manyHeaders.status());
        assertEquals(414, RawHttp.once(port, RawHttp.request("GET", "/tftpboot/" + "a".repeat(5000))).status());
        assertEquals(414, RawHttp.once(port, RawHttp.request("GET", "/tftpboot/" + "a".repeat(300))).status());
        assertEquals(414, RawHttp.once(port, RawHttp.request("GET", "/tftpboot" + "/abcdefghi".repeat(110)))
                .status());
        assertEquals(400, RawHttp.once(port, "NONSENSE\r\n\r\n").status());
        assertEquals(400, RawHttp.once(port, RawHttp.request("GET", "/tftpboot/%zz")).status());
        RawHttp.Response post = RawHttp.once(port, "POST /tftpboot/pxelinux.0 HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 5\r\n\r\nhello");
        assertEquals(405, post.status());
        assertEquals("GET, HEAD", post.header("allow"));
        RawHttp.Response huge = RawHttp.once(port, "GET /tftpboot/pxelinux.0 HTTP/1.1\r\nHost: x\r\n"
                + "Content-Length: 100000\r\n\r\n" + "x".repeat(9000));
        assertEquals(413, huge.status());
        // the server still serves after all that
        assertArrayEquals(small, get(port, "/tftpboot/pxelinux.0").body());
    }

    @Test
    void idleAndSlowConnectionsAreClosed() throws Exception {
        int port = server(b -> b.idleTimeout(Duration.ofMillis(300))).localAddress().getPort();
        long t0 = System.nanoTime();
        try (RawHttp idle = new RawHttp(port, 10_000); RawHttp slow = new RawHttp(port, 10_000);
                RawHttp kept = new RawHttp(port, 10_000)) {
            slow.send("GET /tftpboot/pxel"); // and never more
            assertEquals(200, kept.exchange(RawHttp.request("GET", "/tftpboot/sub/file.txt")).status());
            assertTrue(idle.awaitClose(), "idle connection closed");
            assertTrue(slow.awaitClose(), "incomplete request closed");
            assertTrue(kept.awaitClose(), "keep-alive connection closed after the timeout");
            long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            assertTrue(ms >= 300 && ms < 9_000, ms + " ms");
        }
    }

    @Test
    void closeReturnsWithinTwoSecondsWithClientsConnected() throws Exception {
        TestFiles.random(root.resolve("big.img"), 64L << 20, 3);
        HttpBootServer s = server(b -> b);
        int port = s.localAddress().getPort();
        try (RawHttp stalled = new RawHttp(port, 10_000); RawHttp idle = new RawHttp(port, 10_000)) {
            stalled.send(RawHttp.request("GET", "/tftpboot/big.img")); // and not read: the server blocks
            assertEquals(200, stalled.read(true).status()); // headers only: the body is in progress
            assertEquals(200, idle.exchange(RawHttp.request("GET", "/tftpboot/sub/file.txt")).status());
            long t0 = System.nanoTime();
            s.close();
            long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
            assertTrue(ms < 2_000, "close() took " + ms + " ms");
            assertTrue(idle.awaitClose());
            long received = stalled.drain();
            assertTrue(received > 0 && received < (64L << 20), "download cut short: " + received + " bytes");
        }
        s.close(); // idempotent
        assertThrows(IllegalStateException.class, s::start);
    }

    @Test
    void startFailuresAreOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            HttpBootServer s = new HttpBootServer(HttpBootConfig.builder(root)
                    .bind(new InetSocketAddress("127.0.0.1", taken.getLocalPort())).build());
            servers.add(s);
            HttpBootServerException e = assertThrows(HttpBootServerException.class, s::start);
            assertTrue(e.getMessage().startsWith("cannot bind HTTP server to 127.0.0.1:" + taken.getLocalPort()),
                    e.getMessage());
        }
        HttpBootServer missing = new HttpBootServer(HttpBootConfig.builder(dir.resolve("nope"))
                .bind(new InetSocketAddress("127.0.0.1", 0)).build());
        servers.add(missing);
        assertTrue(assertThrows(HttpBootServerException.class, missing::start).getMessage()
                .startsWith("HTTP root " + dir.resolve("nope")));
    }

    @Test
    void connectionsBeyondTheLimitAreClosed() throws Exception {
        HttpBootServer s = server(b -> b.limits(HttpLimits.DEFAULT.withMaxConnections(1)));
        int port = s.localAddress().getPort();
        try (RawHttp first = new RawHttp(port)) {
            assertEquals(200, first.exchange(RawHttp.request("GET", "/tftpboot/sub/file.txt")).status());
            try (RawHttp second = new RawHttp(port)) {
                assertTrue(second.awaitClose(), "second connection closed on accept");
            }
            assertEquals(200, first.exchange(RawHttp.request("GET", "/tftpboot/sub/file.txt")).status());
        }
        assertEquals(1, s.metrics().counter("netboot_http_connections_refused_total", "").value());
    }
}
