package dev.netboot.server.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.tftp.TftpClientConfig;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TFTP peers on loopback: our server with tftp-hpa's {@code tftp}, {@code curl} and
 * {@code atftp}; our client against tftp-hpa's {@code in.tftpd}. Each test skips with a message when
 * its peer is not installed (CI installs tftp-hpa, tftpd-hpa, atftp and curl).
 */
class RealPeersTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    Path root;
    Path out;
    TftpServer server;
    final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        out = Files.createDirectories(tmp.resolve("out"));
        for (int size : TestFiles.SIZES) {
            TestFiles.create(root, size + ".bin", size);
        }
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Process p : processes) {
            Processes.kill(p);
        }
        if (server != null) {
            server.close();
        }
    }

    private static void require(String command) {
        Assumptions.assumeTrue(Processes.available(command), command + " is not installed (apt-get install "
                + switch (command) {
                    case "tftp" -> "tftp-hpa";
                    case "in.tftpd" -> "tftpd-hpa";
                    default -> command;
                } + "); skipping");
    }

    private int startServer() {
        server = TftpServerConfig.builder(root).bindAddress(LOOPBACK).port(0).start();
        return server.localAddress().getPort();
    }

    private void assertSame(String name, Path got, Processes.Result r) throws IOException {
        assertEquals(0, r.exitCode(), name + ": " + r.output());
        assertTrue(Files.exists(got), name + " not written: " + r.output());
        assertEquals(TestFiles.sha256(root.resolve(name)), TestFiles.sha256(got), name + " differs");
    }

    private List<String> cmd(String... parts) {
        return List.of(parts);
    }

    @Test
    void tftpHpaClientGetsEveryFileFromOurServer() throws Exception {
        require("tftp");
        int port = startServer();
        for (int size : TestFiles.SIZES) {
            String name = size + ".bin";
            Path got = out.resolve("hpa-" + name);
            Processes.Result r = Processes.run(PEER_TIMEOUT, cmd("tftp", "-v", "-m", "binary", "127.0.0.1", String.valueOf(port),
                    "-c", "get", name, got.toString()));
            assertSame(name, got, r);
        }
        Processes.Result missing = Processes.run(PEER_TIMEOUT, cmd("tftp", "-m", "binary", "127.0.0.1", String.valueOf(port),
                "-c", "get", "no-such-file.bin", out.resolve("missing").toString()));
        assertTrue(missing.output().toLowerCase().contains("not found"), missing.output()); // tftp-hpa exits 0 anyway
    }

    @Test
    void curlGetsEveryFileFromOurServerWithAndWithoutOptions() throws Exception {
        require("curl");
        int port = startServer();
        List<List<String>> variants = List.of(List.of(), List.of("--tftp-blksize", "1468"), List.of("--tftp-no-options"));
        for (List<String> variant : variants) {
            for (int size : TestFiles.SIZES) {
                String name = size + ".bin";
                Path got = out.resolve("curl-" + variant.size() + "-" + name);
                List<String> c = new ArrayList<>(List.of("curl", "-sS"));
                c.addAll(variant);
                c.addAll(List.of("-o", got.toString(), "tftp://127.0.0.1:" + port + "/" + name));
                Processes.Result r = Processes.run(PEER_TIMEOUT, c);
                if (size == 0 && !variant.contains("--tftp-no-options") && r.exitCode() != 0) {
                    // curl 7.88 rejects the correct OACK "tsize 0" of an empty file (exit 71), with any server
                    assertEquals(71, r.exitCode(), "curl with options on an empty file: " + r.output());
                    continue;
                }
                assertSame(name, got, r);
            }
        }
        Processes.Result missing = Processes.run(PEER_TIMEOUT, cmd("curl", "-sS", "-o", out.resolve("m").toString(),
                "tftp://127.0.0.1:" + port + "/no-such-file.bin"));
        assertNotEquals(0, missing.exitCode(), missing.output());
    }

    @Test
    void atftpGetsEveryFileFromOurServerIncludingWithWindowsize() throws Exception {
        require("atftp");
        int port = startServer();
        List<List<String>> variants = List.of(List.of(), List.of("--option", "blksize 1468", "--option", "tsize 0"),
                List.of("--option", "blksize 1468", "--option", "windowsize 4"));
        for (List<String> variant : variants) {
            for (int size : TestFiles.SIZES) {
                String name = size + ".bin";
                Path got = out.resolve("atftp-" + variant.size() + "-" + name);
                List<String> c = new ArrayList<>(List.of("atftp", "--tftp-timeout", "2"));
                c.addAll(variant);
                c.addAll(List.of("-g", "-r", name, "-l", got.toString(), "127.0.0.1", String.valueOf(port)));
                assertSame(name, got, Processes.run(PEER_TIMEOUT, c));
            }
        }
        Processes.Result missing = Processes.run(PEER_TIMEOUT, cmd("atftp", "--tftp-timeout", "2", "-g", "-r",
                "no-such-file.bin", "-l", out.resolve("m").toString(), "127.0.0.1", String.valueOf(port)));
        assertNotEquals(0, missing.exitCode(), missing.output());
    }

    @Test
    @Tag("long")
    void curlGets40MiBAtBlksize512WithBlockNumberRollover() throws Exception {
        require("curl");
        TestFiles.createLarge(root, "40M.bin", 40L << 20);
        int port = startServer();
        Path got = out.resolve("40M.bin");
        Processes.Result r = Processes.run(Duration.ofSeconds(120), cmd("curl", "-sS", "--tftp-blksize", "512", "-o",
                got.toString(), "tftp://127.0.0.1:" + port + "/40M.bin"));
        assertSame("40M.bin", got, r);
    }

    // ---------------------------------------------------------------- our client, tftp-hpa's server

    private InetSocketAddress startInTftpd(boolean allowCreate) throws Exception {
        require("in.tftpd");
        Assumptions.assumeTrue(Processes.isRoot(), "in.tftpd -s (chroot) needs root; skipping");
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, LOOPBACK)) {
            port = probe.getLocalPort();
        }
        List<String> c = new ArrayList<>(List.of("in.tftpd", "-L", "-s", "-a", "127.0.0.1:" + port, "-u", "root",
                "-B", "65464"));
        if (allowCreate) {
            c.add("-c");
        }
        c.add(root.toString());
        processes.add(Processes.start(tmp.resolve("in.tftpd.log"), c));
        InetSocketAddress address = new InetSocketAddress(LOOPBACK, port);
        try (RawPeer peer = new RawPeer()) { // ready once it answers a request (bounded: 10 s)
            for (int i = 0; i < 50; i++) {
                peer.send(address, RawPeer.rrq("readiness-probe"));
                RawPeer.Rx r = peer.receive(Duration.ofMillis(200));
                if (r != null && r.opcode() == 5) {
                    return address;
                }
            }
        }
        throw new AssertionError("in.tftpd did not answer: " + Files.readString(tmp.resolve("in.tftpd.log")));
    }

    @Test
    void ourClientGetsEveryFileFromInTftpd() throws Exception {
        InetSocketAddress hpa = startInTftpd(false);
        List<TftpClientConfig> configs = List.of(TftpClientConfig.DEFAULT,
                TftpClientConfig.DEFAULT.withBlockSize(1468).withTransferSize(true),
                TftpClientConfig.DEFAULT.withBlockSize(1468).withWindowSize(16), // no RFC 7440 there: lock-step
                TftpClientConfig.DEFAULT.withBlockSize(65464).withTimeoutSeconds(3));
        try (TftpClient client = TftpClient.create()) {
            for (TftpClientConfig c : configs) {
                for (int size : TestFiles.SIZES) {
                    String name = size + ".bin";
                    Path got = out.resolve("ours-" + c.blockSize() + "-" + c.windowSize() + "-" + name);
                    TftpClient.Result r = client.download(hpa, name, got, c);
                    assertEquals(TestFiles.sha256(root.resolve(name)), TestFiles.sha256(got), name + " with " + c);
                    assertEquals(1, r.parameters().windowSize());
                    if (c.blockSize() > 0) {
                        assertEquals(c.blockSize(), r.parameters().blockSize());
                    }
                    if (c.transferSize()) {
                        assertEquals(size, r.parameters().transferSize());
                    }
                }
            }
            Path missing = out.resolve("missing.bin");
            TftpTransferException e = assertThrows(TftpTransferException.class,
                    () -> client.download(hpa, "no-such-file.bin", missing, TftpClientConfig.DEFAULT));
            assertEquals(1, e.errorCode());
            assertFalse(Files.exists(missing), "a failed download leaves nothing");
            assertEquals(List.of(), TestFiles.list(out).stream().filter(n -> n.contains(".part-")).toList());
        }
    }

    @Test
    void ourClientPutsToInTftpd() throws Exception {
        InetSocketAddress hpa = startInTftpd(true);
        Path src = TestFiles.create(tmp, "upload.bin", 200_000);
        try (TftpClient client = TftpClient.create()) {
            TftpClient.Result r = client.upload(hpa, src, "uploaded.bin",
                    TftpClientConfig.DEFAULT.withBlockSize(1468).withTransferSize(true));
            assertEquals(200_000, r.stats().bytes());
        }
        assertEquals(TestFiles.sha256(src), TestFiles.sha256(root.resolve("uploaded.bin")));
    }
}
