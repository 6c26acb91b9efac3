package dev.netboot.server.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.tftp.FailureReason;
import dev.netboot.tftp.RetransmitPolicy;
import dev.netboot.tftp.TftpAbortException;
import dev.netboot.tftp.TftpBlockSource;
import dev.netboot.tftp.TftpClientConfig;
import dev.netboot.tftp.TftpErrorCode;
import dev.netboot.tftp.TftpOptions;
import dev.netboot.tftp.TftpPacket;
import dev.netboot.tftp.TransferMode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.epoll.Epoll;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The server over real UDP on loopback, driven by our client and by scripted raw peers. */
class TftpServerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path tmp;
    Path root;
    final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        for (int size : TestFiles.SIZES) {
            TestFiles.create(root, size + ".bin", size);
        }
        Files.writeString(tmp.resolve("secret.txt"), "outside the root");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        closeables.add(c);
        return c;
    }

    private TftpServerConfig.Builder config() {
        return TftpServerConfig.builder(root).bindAddress(LOOPBACK).port(0).threads(2);
    }

    private TftpServer start(TftpServerConfig.Builder b) {
        return track(b.start());
    }

    private TftpClient client(IoTransport transport) {
        return track(TftpClient.builder().transport(transport).build());
    }

    private static byte[] fetch(TftpClient client, InetSocketAddress server, String name, TftpClientConfig config)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        client.get(server, name, (offset, data) -> {
            assertEquals(out.size(), offset);
            byte[] b = new byte[data.readableBytes()];
            data.getBytes(data.readerIndex(), b);
            out.writeBytes(b);
        }, config).get(30, TimeUnit.SECONDS);
        return out.toByteArray();
    }

    private static TftpTransferException failure(CompletableFuture<?> f) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        return (TftpTransferException) e.getCause();
    }

    static Stream<Arguments> transports() {
        List<Arguments> list = new ArrayList<>();
        list.add(Arguments.of(IoTransport.NIO, false));
        if (Epoll.isAvailable()) {
            list.add(Arguments.of(IoTransport.EPOLL, false));
            list.add(Arguments.of(IoTransport.EPOLL, true));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} gso={1}")
    @MethodSource("transports")
    void everySizeArrivesByteExactWithEveryBlockAndWindowSize(IoTransport transport, boolean gso) throws Exception {
        TftpServer server = start(config().transport(transport).gso(gso));
        TftpClient client = client(transport);
        List<TftpClientConfig> configs = List.of(TftpClientConfig.DEFAULT,
                TftpClientConfig.DEFAULT.withBlockSize(1468).withTransferSize(true),
                TftpClientConfig.DEFAULT.withBlockSize(1468).withWindowSize(16),
                TftpClientConfig.DEFAULT.withBlockSize(8192).withWindowSize(64),
                TftpClientConfig.DEFAULT.withBlockSize(8).withWindowSize(3));
        for (int size : TestFiles.SIZES) {
            byte[] want = Files.readAllBytes(root.resolve(size + ".bin"));
            for (TftpClientConfig c : configs) {
                if (c.blockSize() == 8 && size > 65536) {
                    continue; // 131072 blocks of 8 bytes: covered by the rollover test
                }
                assertEquals(TestFiles.sha256(want), TestFiles.sha256(fetch(client, server.localAddress(), size + ".bin", c)),
                        size + " bytes with " + c);
            }
        }
        awaitIdle(server);
        TftpCounters counters = server.counters();
        assertEquals(0, counters.failed());
        assertEquals(counters.requests(), counters.completed());
        assertEquals(0, counters.active());
        assertEquals(transport == IoTransport.EPOLL, server.isEpoll());
    }

    @Test
    void eachTransferAnswersFromAPortOfItsOwnAndRefusalsFromTheRequestPort() throws Exception {
        TftpServer server = start(config());
        try (RawPeer peer = new RawPeer()) {
            RawPeer.Download d = peer.download(server.localAddress(), RawPeer.rrq("513.bin"));
            assertNotEquals(server.localAddress().getPort(), d.transferPort().getPort());
            assertArrayEquals(Files.readAllBytes(root.resolve("513.bin")), d.content());
            peer.send(server.localAddress(), RawPeer.rrq("pxelinux.cfg/01-52-54-00-12-34-56"));
            RawPeer.Rx r = peer.receive();
            assertEquals(5, r.opcode());
            assertEquals(1, r.errorCode());
            assertEquals(server.localAddress().getPort(), r.from().getPort());
        }
    }

    @Test
    void singlePortModeAnswersEverythingFromTheRequestPort() throws Exception {
        for (IoTransport t : Epoll.isAvailable() ? List.of(IoTransport.EPOLL, IoTransport.NIO) : List.of(IoTransport.NIO)) {
            TftpServer server = start(config().singlePort(true).transport(t));
            try (RawPeer peer = new RawPeer()) {
                RawPeer.Download d = peer.download(server.localAddress(), RawPeer.rrq("65536.bin", "blksize", "1468",
                        "windowsize", "4"));
                assertEquals(server.localAddress(), d.transferPort());
                assertEquals(Map.of("blksize", "1468", "windowsize", "4"), d.oack());
                assertArrayEquals(Files.readAllBytes(root.resolve("65536.bin")), d.content());
            }
            TftpClient client = client(t);
            List<CompletableFuture<byte[]>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return fetch(client, server.localAddress(), "1048576.bin",
                                TftpClientConfig.DEFAULT.withBlockSize(1468).withWindowSize(8));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            byte[] want = Files.readAllBytes(root.resolve("1048576.bin"));
            for (CompletableFuture<byte[]> f : all) {
                assertArrayEquals(want, f.get(60, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void aPortRangeIsUsedForTransfers() throws Exception {
        int base;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, LOOPBACK)) {
            base = Math.min(probe.getLocalPort(), 65000);
        }
        TftpServer server = start(config().portRange(new PortRange(base, base + 3)));
        try (RawPeer peer = new RawPeer()) {
            for (int i = 0; i < 6; i++) {
                RawPeer.Download d = peer.download(server.localAddress(), RawPeer.rrq("512.bin"));
                int p = d.transferPort().getPort();
                assertTrue(p >= base && p <= base + 3, "port " + p + " outside " + base + "-" + (base + 3));
            }
        }
    }

    @Test
    void bootRomNamesWithTrailingNulOrFfAndLeadingSlashAreServed() throws Exception {
        Files.createDirectories(root.resolve("boot"));
        byte[] content = TestFiles.random(3000, 5);
        Files.write(root.resolve("boot/pxelinux.0"), content);
        TftpServer server = start(config().mapBackslash(true));
        try (RawPeer peer = new RawPeer()) {
            byte[] ff = "\0\u0001/boot/pxelinux.0\u00ff\u00ff\0octet\0".getBytes(StandardCharsets.ISO_8859_1);
            assertArrayEquals(content, peer.download(server.localAddress(), ff).content());
            byte[] padded = "\0\u0001boot/pxelinux.0\0\0\0OCTET\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
            assertArrayEquals(content, peer.download(server.localAddress(), padded).content());
            assertArrayEquals(content, peer.download(server.localAddress(), RawPeer.rrq("\\boot\\pxelinux.0")).content());
        }
    }

    static Stream<String> badNames() {
        return Stream.of("../secret.txt", "/../secret.txt", "sub/../../secret.txt", "..\\secret.txt", "escape",
                "escdir/secret.txt", "a\u0001b", "x".repeat(600), "d/" + "y".repeat(256));
    }

    @ParameterizedTest
    @MethodSource("badNames")
    void pathTraversalAndBadNamesGetAccessViolationAndNothingOutsideIsSent(String name) throws Exception {
        Files.createSymbolicLink(root.resolve("escape"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("escdir"), tmp);
        TftpServer server = start(config().mapBackslash(true));
        try (RawPeer peer = new RawPeer()) {
            peer.send(server.localAddress(), RawPeer.rrq(name));
            RawPeer.Rx r = peer.receive();
            assertEquals(5, r.opcode(), r.toString());
            assertEquals(2, r.errorCode(), r.toString());
            assertNull(peer.receive(Duration.ofMillis(300)), "nothing after the ERROR");
        }
        assertEquals(1, server.counters().refused());
        assertEquals(0, server.counters().active());
    }

    @Test
    void anAbsolutePathOutsideTheRootIsLookedUpInsideIt() throws Exception {
        TftpServer server = start(config());
        try (RawPeer peer = new RawPeer()) {
            peer.send(server.localAddress(), RawPeer.rrq(tmp.resolve("secret.txt").toString()));
            RawPeer.Rx r = peer.receive();
            assertEquals(1, r.errorCode(), r.toString());
        }
    }

    @Test
    void hostilePacketsGetCleanErrorsAndTheServerKeepsServing() throws Exception {
        TftpServer server = start(config());
        InetSocketAddress s = server.localAddress();
        try (RawPeer peer = new RawPeer()) {
            // ERROR packets of 3 bytes or fewer: dropped, never answered (no error ping-pong)
            for (byte[] e : List.of(new byte[] {0, 5}, new byte[] {0, 5, 0}, new byte[] {0}, new byte[0])) {
                peer.send(s, e);
            }
            RawPeer.Rx r = peer.receive(); // only the 1-byte and empty datagrams are answered (not ERRORs)
            assertEquals(4, r.errorCode(), r.toString());
            r = peer.receive();
            assertEquals(4, r.errorCode(), r.toString());
            assertNull(peer.receive(Duration.ofMillis(300)));
            // request without the final NUL
            peer.send(s, "\0\u0001512.bin\0octet".getBytes(StandardCharsets.ISO_8859_1));
            r = peer.receive();
            assertEquals(4, r.errorCode(), r.toString());
            assertTrue(r.errorMessage().contains("mode"), r.errorMessage());
            peer.send(s, "\0\u0001512.bin".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(4, peer.receive().errorCode());
            // unknown opcode, mail mode, DATA and ACK to the request port
            peer.send(s, new byte[] {0, 9, 1, 2});
            assertEquals(4, peer.receive().errorCode());
            peer.send(s, RawPeer.request(1, "512.bin", "mail"));
            assertEquals(4, peer.receive().errorCode());
            peer.send(s, RawPeer.ack(1));
            assertEquals(5, peer.receive().errorCode());
            peer.send(s, RawPeer.data(1, new byte[10], 0, 10));
            assertEquals(5, peer.receive().errorCode());
            // option name and value of the maximum length are fine; longer ones are refused with ERROR 8
            String[] maxOptions = {"n".repeat(64), "v".repeat(255), "blksize", "9".repeat(255)};
            RawPeer.Download d = peer.download(s, RawPeer.rrq("513.bin", maxOptions));
            assertEquals(Map.of(), d.oack(), "nothing valid to acknowledge");
            assertEquals(513, d.content().length);
            peer.send(s, RawPeer.rrq("513.bin", "n".repeat(65), "1"));
            assertEquals(8, peer.receive().errorCode());
            peer.send(s, RawPeer.rrq("513.bin", "blksize", "9".repeat(256)));
            assertEquals(8, peer.receive().errorCode());
            // a file name longer than the codec's limit
            peer.send(s, RawPeer.rrq("f".repeat(1025)));
            assertEquals(4, peer.receive().errorCode());
        }
        assertTrue(server.counters().malformed() >= 8, server.counters().toString());
        try (RawPeer peer = new RawPeer()) {
            assertEquals(512, peer.download(s, RawPeer.rrq("512.bin")).content().length);
        }
    }

    @Test
    void aTruncatedErrorFromTheClientEndsItsTransferCleanly() throws Exception {
        TftpServer server = start(config());
        try (RawPeer peer = new RawPeer()) {
            peer.send(server.localAddress(), RawPeer.rrq("65536.bin"));
            RawPeer.Rx first = peer.receive();
            assertEquals(3, first.opcode());
            peer.send(first.from(), new byte[] {0, 5, 0});
            RawPeer.Rx r = peer.receive();
            while (r.opcode() == 3) {
                r = peer.receive(); // a retransmission may cross our datagram
            }
            assertEquals(4, r.errorCode(), r.toString());
            awaitIdle(server);
            assertEquals(1, server.counters().failed());
            assertEquals(512, peer.download(server.localAddress(), RawPeer.rrq("512.bin")).content().length);
        }
    }

    @Test
    void blksize8WithManyOptionsGetsASmallOackOfRequestedOptionsOnly() throws Exception {
        TftpServer server = start(config());
        List<String> opts = new ArrayList<>(List.of("blksize", "8"));
        for (int i = 0; i < 29; i++) {
            opts.add("x-option-" + i);
            opts.add("v".repeat(200));
        }
        opts.addAll(List.of("tsize", "0", "windowsize", "2"));
        try (RawPeer peer = new RawPeer()) {
            RawPeer.Download d = peer.download(server.localAddress(), RawPeer.rrq("513.bin", opts.toArray(String[]::new)));
            assertEquals(List.of("blksize", "tsize", "windowsize"), List.copyOf(d.oack().keySet()));
            assertEquals(Map.of("blksize", "8", "tsize", "513", "windowsize", "2"), d.oack());
            assertArrayEquals(Files.readAllBytes(root.resolve("513.bin")), d.content());
            assertEquals(65, d.blocks());
            List<String> tooMany = new ArrayList<>(opts);
            tooMany.addAll(List.of("one-more", "x"));
            peer.send(server.localAddress(), RawPeer.rrq("513.bin", tooMany.toArray(String[]::new)));
            assertEquals(8, peer.receive().errorCode());
        }
    }

    @Test
    void aRepeatedRequestDoesNotStartASecondTransfer() throws Exception {
        TftpServer server = start(config());
        try (RawPeer peer = new RawPeer()) {
            byte[] rrq = RawPeer.rrq("1468.bin", "blksize", "1468");
            peer.send(server.localAddress(), rrq);
            RawPeer.Rx oack = peer.receive();
            assertEquals(6, oack.opcode());
            peer.send(server.localAddress(), rrq); // as if our ACK were slow: the client repeats its request
            RawPeer.Rx again = peer.receive(Duration.ofMillis(1500)); // the transfer's own retransmission, same port
            assertTrue(again == null || again.from().equals(oack.from()), String.valueOf(again));
            peer.send(oack.from(), RawPeer.ack(0));
            RawPeer.Rx data = peer.receive();
            assertEquals(3, data.opcode());
            peer.send(oack.from(), RawPeer.ack(1));
            RawPeer.Rx last = peer.receive();
            assertEquals(0, last.payload().length);
            peer.send(oack.from(), RawPeer.ack(2));
        }
        assertEquals(1, server.counters().requests());
    }

    @Test
    void aStrayPacketGetsError5AndTheTransferGoesOn() throws Exception {
        TftpServer server = start(config());
        try (RawPeer peer = new RawPeer(); RawPeer stranger = new RawPeer()) {
            peer.send(server.localAddress(), RawPeer.rrq("1468.bin", "blksize", "512"));
            RawPeer.Rx oack = peer.receive();
            stranger.send(oack.from(), RawPeer.ack(0));
            RawPeer.Rx e5 = stranger.receive();
            assertEquals(5, e5.errorCode());
            stranger.send(oack.from(), RawPeer.error(0, "stray error"));
            assertNull(stranger.receive(Duration.ofMillis(200)), "an ERROR is never answered");
            peer.send(oack.from(), RawPeer.ack(0));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (int block = 1; ; block++) {
                RawPeer.Rx d = peer.receive();
                assertEquals(block, d.block());
                got.writeBytes(d.payload());
                peer.send(oack.from(), RawPeer.ack(block));
                if (d.payload().length < 512) {
                    break;
                }
            }
            assertArrayEquals(Files.readAllBytes(root.resolve("1468.bin")), got.toByteArray());
        }
    }

    @Test
    void thePerClientLimitRefusesTheTransferOneTooMany() throws Exception {
        TftpServer server = start(config().perClientLimit(2));
        try (RawPeer a = new RawPeer(); RawPeer b = new RawPeer(); RawPeer c = new RawPeer()) {
            a.send(server.localAddress(), RawPeer.rrq("65536.bin"));
            assertEquals(3, a.receive().opcode());
            b.send(server.localAddress(), RawPeer.rrq("65536.bin"));
            assertEquals(3, b.receive().opcode());
            c.send(server.localAddress(), RawPeer.rrq("65536.bin"));
            RawPeer.Rx r = c.receive();
            assertEquals(0, r.errorCode(), r.toString());
            assertTrue(r.errorMessage().contains("Too many"), r.errorMessage());
            assertEquals(2, server.counters().active());
        }
    }

    @Test
    void theServerWideLimitRefusesTheTransferOneTooManyUntilOneEnds() throws Exception {
        TftpServer server = start(config().maxTransfers(2));
        try (RawPeer a = new RawPeer(); RawPeer b = new RawPeer(); RawPeer c = new RawPeer()) {
            a.send(server.localAddress(), RawPeer.rrq("65536.bin"));
            RawPeer.Rx first = a.receive();
            assertEquals(3, first.opcode());
            b.send(server.localAddress(), RawPeer.rrq("65536.bin"));
            assertEquals(3, b.receive().opcode());
            c.send(server.localAddress(), RawPeer.rrq("65536.bin"));
            RawPeer.Rx refused = c.receive();
            assertEquals(0, refused.errorCode(), refused.toString());
            assertEquals("Server busy, try again later", refused.errorMessage());
            // a ends its transfer: its place is free again
            a.send(first.from(), RawPeer.error(0, "done"));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (server.counters().active() > 1 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(1, server.counters().active());
            c.send(server.localAddress(), RawPeer.rrq("65536.bin"));
            assertEquals(3, c.receive().opcode(), "accepted once a transfer ended");
        }
        assertThrows(IllegalArgumentException.class, () -> config().maxTransfers(0).build());
    }

    @Test
    void netasciiIsConverted() throws Exception {
        Files.writeString(root.resolve("menu.txt"), "line one\nline two\r\nbare\rcr\n");
        TftpServer server = start(config());
        try (RawPeer peer = new RawPeer()) {
            RawPeer.Download d = peer.download(server.localAddress(), RawPeer.request(1, "menu.txt", "netascii"));
            assertEquals("line one\r\nline two\r\0\r\nbare\r\0cr\r\n", new String(d.content(), StandardCharsets.ISO_8859_1));
        }
        TftpClient client = client(IoTransport.AUTO);
        byte[] back = fetch(client, server.localAddress(), "menu.txt", TftpClientConfig.DEFAULT.withMode(TransferMode.NETASCII));
        assertEquals("line one\nline two\r\nbare\rcr\n", new String(back, StandardCharsets.ISO_8859_1));
    }

    // ---------------------------------------------------------------- firmware request patterns

    /**
     * EDK2's size probe and the real request, sent back to back: in single-port mode the request comes
     * from the port of the transfer the ERROR ends, and must start a new transfer at once, not be taken
     * for a repetition. Whether a socket delivers both in one read batch depends on timing, so this
     * end-to-end check can miss the bug; SharedPortHandlerTest builds that batch deterministically.
     */
    @Test
    void singlePortRequestRightAfterError8StartsANewTransferAtOnce() throws Exception {
        TestFiles.create(root, "snponly.efi", 100_000);
        for (IoTransport t : Epoll.isAvailable() ? List.of(IoTransport.EPOLL, IoTransport.NIO) : List.of(IoTransport.NIO)) {
            TftpServer server = start(config().singlePort(true).transport(t));
            InetSocketAddress s = server.localAddress();
            for (int round = 0; round < 5; round++) {
                try (RawPeer peer = new RawPeer()) {
                    peer.send(s, RawPeer.rrq("snponly.efi", "tsize", "0", "blksize", "1468"));
                    RawPeer.Rx oack = peer.receive();
                    assertEquals(6, oack.opcode(), oack.toString());
                    peer.send(oack.from(), RawPeer.error(8, "User aborted the transfer"));
                    peer.send(s, RawPeer.rrq("snponly.efi", "blksize", "1468"));
                    // the client's own timeout is seconds; the answer must not wait for its retransmission
                    RawPeer.Rx answer = peer.receive(Duration.ofMillis(900));
                    assertNotNull(answer, t + " round " + round + ": the request after ERROR 8 was dropped");
                    assertEquals(6, answer.opcode(), answer.toString());
                    assertEquals(Map.of("blksize", "1468"), answer.options());
                }
            }
        }
    }

    @Test
    void edk2AsksForTsizeAbortsWithError8ThenFetchesWithWindowsize4() throws Exception {
        TestFiles.create(root, "snponly.efi", 200_000);
        TftpServer server = start(config());
        InetSocketAddress s = server.localAddress();
        try (RawPeer peer = new RawPeer()) {
            peer.send(s, RawPeer.rrq("snponly.efi", "tsize", "0", "blksize", "1468", "windowsize", "4"));
            RawPeer.Rx oack = peer.receive();
            assertEquals(6, oack.opcode(), oack.toString());
            // exactly what was asked, in the order asked, values no larger: EDK2 rejects anything else
            assertEquals(List.of("tsize", "blksize", "windowsize"), List.copyOf(oack.options().keySet()));
            assertEquals(Map.of("tsize", "200000", "blksize", "1468", "windowsize", "4"), oack.options());
            peer.send(oack.from(), RawPeer.error(8, "User aborted the transfer"));
            assertNull(peer.receive(Duration.ofMillis(1500)), "no retransmission after the client's ERROR");
            RawPeer.Download d = peer.download(s, RawPeer.rrq("snponly.efi", "blksize", "1468", "windowsize", "4"));
            assertEquals(Map.of("blksize", "1468", "windowsize", "4"), d.oack());
            assertEquals(TestFiles.sha256(root.resolve("snponly.efi")), TestFiles.sha256(d.content()));
        }
        awaitIdle(server);
        TftpCounters c = server.counters();
        assertEquals(1, c.completed());
        assertEquals(0, c.failed(), "the size probe is a normal step, not a failed transfer");
        assertEquals(1, c.sizeProbes());
        // the same with our client sending EDK2's exact request
        TftpClient client = client(IoTransport.AUTO);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TftpClient.Result r = client.get(s, new TftpPacket.ReadRequest("snponly.efi", TransferMode.OCTET,
                TftpOptions.of("blksize", "1468", "windowsize", "4")), RetransmitPolicy.DEFAULT, (off, data) -> {
                    byte[] b = new byte[data.readableBytes()];
                    data.getBytes(data.readerIndex(), b);
                    out.writeBytes(b);
                }).get(30, TimeUnit.SECONDS);
        assertEquals(4, r.parameters().windowSize());
        assertArrayEquals(Files.readAllBytes(root.resolve("snponly.efi")), out.toByteArray());
    }

    @Test
    void pxelinuxProbesMissingConfigsEachWithOneCleanError1() throws Exception {
        TestFiles.create(root, "pxelinux.0", 42_000);
        Files.createDirectories(root.resolve("pxelinux.cfg"));
        Files.writeString(root.resolve("pxelinux.cfg/default"), "DEFAULT linux\n");
        TftpServer server = start(config());
        InetSocketAddress s = server.localAddress();
        try (RawPeer peer = new RawPeer()) {
            RawPeer.Download d = peer.download(s, RawPeer.rrq("pxelinux.0", "tsize", "0", "blksize", "1408"));
            assertEquals(Map.of("tsize", "42000", "blksize", "1408"), d.oack());
            List<String> probes = List.of("pxelinux.cfg/8a2b1c3d-0000-4000-8000-525400123456", "pxelinux.cfg/01-52-54-00-12-34-56",
                    "pxelinux.cfg/0AD50034", "pxelinux.cfg/0AD5003", "pxelinux.cfg/0AD500", "pxelinux.cfg/0AD50",
                    "pxelinux.cfg/0AD5", "pxelinux.cfg/0AD", "pxelinux.cfg/0A", "pxelinux.cfg/0");
            String log = captureStderr(() -> {
                for (String p : probes) {
                    peer.send(s, RawPeer.rrq(p, "tsize", "0", "blksize", "1408"));
                    RawPeer.Rx r = peer.receive();
                    assertEquals(5, r.opcode());
                    assertEquals(1, r.errorCode(), p);
                    assertEquals(s, r.from(), "refusals come from the request port: no socket per probe");
                }
            });
            for (String p : probes) {
                assertEquals(1, log.lines().filter(l -> l.contains("\"" + p + "\" refused: ERROR 1")).count(),
                        "one log line for " + p + " in:\n" + log);
            }
            RawPeer.Download cfg = peer.download(s, RawPeer.rrq("pxelinux.cfg/default", "tsize", "0", "blksize", "1408"));
            assertEquals("DEFAULT linux\n", new String(cfg.content(), StandardCharsets.US_ASCII));
            assertNull(peer.receive(Duration.ofMillis(200)));
            awaitIdle(server);
            TftpCounters c = server.counters();
            assertEquals(probes.size(), c.refused());
            assertEquals(2, c.completed());
        }
    }

    /**
     * The download contract: a failed download leaves nothing, already when its exception reaches the
     * caller (the temporary file used to be removed on the event loop after the failure was
     * reported, which a check right after the call could see).
     */
    @Test
    void aFailedDownloadHasRemovedItsTemporaryFileWhenItThrows() throws Exception {
        TftpServer server = start(config());
        TftpClient client = client(IoTransport.NIO);
        Path dir = Files.createDirectories(tmp.resolve("downloads"));
        for (int i = 0; i < 50; i++) {
            Path local = dir.resolve("missing-" + i + ".bin");
            TftpTransferException e = assertThrows(TftpTransferException.class,
                    () -> client.download(server.localAddress(), "no-such-file.bin", local, TftpClientConfig.DEFAULT));
            assertEquals(1, e.errorCode());
            assertEquals(List.of(), TestFiles.list(dir), "attempt " + i);
        }
    }

    @Test
    void ipxeAsksForBlksizeAndTsize() throws Exception {
        TftpServer server = start(config());
        try (RawPeer peer = new RawPeer()) {
            RawPeer.Download d = peer.download(server.localAddress(), RawPeer.rrq("65536.bin", "blksize", "1432", "tsize", "0"));
            assertEquals(Map.of("blksize", "1432", "tsize", "65536"), d.oack());
            assertArrayEquals(Files.readAllBytes(root.resolve("65536.bin")), d.content());
        }
    }

    @Test
    void aGrantNeverExceedsTheRequestOrTheServerCaps() throws Exception {
        TftpServer server = start(config().maxBlockSize(1024).maxWindowSize(4));
        try (RawPeer peer = new RawPeer()) {
            RawPeer.Download d = peer.download(server.localAddress(), RawPeer.rrq("65536.bin", "blksize", "1468",
                    "windowsize", "16", "timeout", "3"));
            assertEquals(Map.of("blksize", "1024", "windowsize", "4", "timeout", "3"), d.oack());
            assertArrayEquals(Files.readAllBytes(root.resolve("65536.bin")), d.content());
        }
    }

    @Test
    @org.junit.jupiter.api.Tag("long")
    void ubootTimeout5AndBlockNumbersWrapToZeroIn40MiBAt512() throws Exception {
        Path big = TestFiles.createLarge(root, "40M.bin", 40L << 20);
        TftpServer server = start(config());
        try (RawPeer peer = new RawPeer()) {
            // U-Boot's request: timeout 5 and blksize (here 512: 81920 blocks, past 65535)
            RawPeer.Download d = peer.download(server.localAddress(), RawPeer.rrq("40M.bin", "timeout", "5", "blksize", "512"));
            assertEquals(Map.of("timeout", "5", "blksize", "512"), d.oack());
            assertEquals(81921, d.blocks());
            assertEquals(TestFiles.sha256(big), TestFiles.sha256(d.content()));
        }
    }

    // ---------------------------------------------------------------- writes

    @Test
    void writesAreRefusedUnlessAllowed() throws Exception {
        TftpServer server = start(config());
        TftpClient client = client(IoTransport.AUTO);
        TftpTransferException e = failure(client.put(server.localAddress(), "new.bin",
                TftpBlockSource.of(Unpooled.EMPTY_BUFFER), TftpClientConfig.DEFAULT));
        assertEquals(2, e.errorCode());
        assertFalse(Files.exists(root.resolve("new.bin")));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void uploadsArriveWholeAndRespectOverwrite(boolean singlePort) throws Exception {
        TftpServer server = start(config().allowWrite(true).singlePort(singlePort));
        TftpClient client = client(IoTransport.AUTO);
        Path src = TestFiles.create(tmp, "upload.bin", 300_000);
        TftpClient.Result r = client.upload(server.localAddress(), src, "up.bin",
                TftpClientConfig.DEFAULT.withBlockSize(1468).withWindowSize(8).withTransferSize(true));
        assertEquals(300_000, r.stats().bytes());
        assertEquals(TestFiles.sha256(src), TestFiles.sha256(root.resolve("up.bin")));
        TftpTransferException e = assertThrows(TftpTransferException.class,
                () -> client.upload(server.localAddress(), src, "up.bin", TftpClientConfig.DEFAULT));
        assertEquals(6, e.errorCode());
        assertEquals(TestFiles.sha256(src), TestFiles.sha256(root.resolve("up.bin")));
        assertEquals(300_000, server.counters().bytesReceived());
        assertNoTemporaryFiles();
    }

    @Test
    void overwriteReplacesWhenAllowed() throws Exception {
        TftpServer server = start(config().allowWrite(true).allowOverwrite(true));
        TftpClient client = client(IoTransport.AUTO);
        Path src = TestFiles.create(tmp, "upload.bin", 5000);
        client.upload(server.localAddress(), src, "513.bin", TftpClientConfig.DEFAULT);
        assertEquals(TestFiles.sha256(src), TestFiles.sha256(root.resolve("513.bin")));
        assertNoTemporaryFiles();
    }

    @Test
    void anUploadOverTheSizeLimitFailsAndLeavesNothing() throws Exception {
        TftpServer server = start(config().allowWrite(true).maxWriteSize(100_000));
        TftpClient client = client(IoTransport.AUTO);
        Path src = TestFiles.create(tmp, "upload.bin", 100_001);
        TftpTransferException e = assertThrows(TftpTransferException.class,
                () -> client.upload(server.localAddress(), src, "big.bin", TftpClientConfig.DEFAULT.withBlockSize(1468)));
        assertEquals(3, e.errorCode());
        // announced with tsize: refused before any data moves
        e = assertThrows(TftpTransferException.class, () -> client.upload(server.localAddress(), src, "big.bin",
                TftpClientConfig.DEFAULT.withTransferSize(true)));
        assertEquals(3, e.errorCode());
        assertFalse(Files.exists(root.resolve("big.bin")));
        assertNoTemporaryFiles();
    }

    @Test
    void anUploadAbortedByTheClientLeavesNothing() throws Exception {
        TftpServer server = start(config().allowWrite(true));
        try (RawPeer peer = new RawPeer()) {
            peer.send(server.localAddress(), RawPeer.wrq("partial.bin"));
            RawPeer.Rx ack0 = peer.receive();
            assertEquals(4, ack0.opcode());
            byte[] block = TestFiles.random(512, 3);
            peer.send(ack0.from(), RawPeer.data(1, block, 0, 512));
            assertEquals(1, peer.receive().block());
            assertEquals(1, TestFiles.list(root).stream().filter(n -> n.startsWith(".partial.bin.part-")).count(),
                    "the temporary file exists while the upload runs");
            peer.send(ack0.from(), RawPeer.error(0, "client gave up"));
        }
        awaitIdle(server);
        assertFalse(Files.exists(root.resolve("partial.bin")));
        assertNoTemporaryFiles();
        assertEquals(1, server.counters().failed());
    }

    @Test
    void aNameTakenDuringTheUploadGetsAnErrorInsteadOfTheFinalAck() throws Exception {
        TftpServer server = start(config().allowWrite(true));
        try (RawPeer peer = new RawPeer()) {
            peer.send(server.localAddress(), RawPeer.wrq("race.bin"));
            RawPeer.Rx ack0 = peer.receive();
            byte[] content = TestFiles.random(700, 4);
            peer.send(ack0.from(), RawPeer.data(1, content, 0, 512));
            assertEquals(1, peer.receive().block());
            Files.writeString(root.resolve("race.bin"), "someone else's");
            peer.send(ack0.from(), RawPeer.data(2, content, 512, 188));
            RawPeer.Rx r = peer.receive();
            assertEquals(5, r.opcode(), r.toString());
            assertEquals(6, r.errorCode());
            peer.send(ack0.from(), RawPeer.data(2, content, 512, 188)); // the client repeats its last block
            RawPeer.Rx again = peer.receive(Duration.ofMillis(500));
            assertTrue(again == null || again.opcode() == 5, "never acknowledged: " + again);
        }
        assertEquals("someone else's", Files.readString(root.resolve("race.bin")));
        awaitIdle(server);
        assertNoTemporaryFiles();
    }

    private interface IoAction {
        void run() throws IOException;
    }

    /**
     * What the server logged (slf4j-simple writes to System.err) while {@code action} ran; refusals
     * are logged on the server's thread before the ERROR is sent, so the lines are there when the
     * client has its answers.
     */
    private static String captureStderr(IoAction action) throws IOException {
        java.io.PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> temp = s.filter(p -> p.getFileName().toString().contains(".part-")).toList();
            assertEquals(List.of(), temp);
        }
    }

    private static void awaitIdle(TftpServer server) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.counters().active() > 0 && System.nanoTime() < end) {
            Thread.sleep(10); // polling a counter, bounded: the transfer ends on the server's own thread
        }
        assertEquals(0, server.counters().active(), server.counters().toString());
    }

    // ---------------------------------------------------------------- dynamic files, lifecycle

    @Test
    void dynamicFilesComeFirstCanRefuseAndAreReleased() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<ByteBuf> handedOut = new ArrayList<>();
        DynamicFiles menus = request -> {
            calls.incrementAndGet();
            if (request.path().startsWith("pxelinux.cfg/01-")) {
                ByteBuf b = Unpooled.copiedBuffer("MENU for " + request.path().substring(16) + " at "
                        + request.client().getAddress().getHostAddress() + "\n", StandardCharsets.US_ASCII);
                synchronized (handedOut) {
                    handedOut.add(b);
                }
                return Optional.of(b);
            }
            if (request.path().equals("forbidden")) {
                throw new TftpAbortException(TftpErrorCode.ACCESS_VIOLATION, "not for you");
            }
            if (request.path().equals("broken")) {
                throw new IllegalStateException("bug in the embedding application");
            }
            return Optional.empty();
        };
        TftpServer server = start(config().dynamicFiles(menus));
        try (RawPeer peer = new RawPeer()) {
            RawPeer.Download d = peer.download(server.localAddress(), RawPeer.rrq("/pxelinux.cfg/01-52-54-00-aa-bb-cc", "tsize", "0"));
            assertEquals("MENU for 52-54-00-aa-bb-cc at 127.0.0.1\n", new String(d.content(), StandardCharsets.US_ASCII));
            assertEquals(Map.of("tsize", String.valueOf(d.content().length)), d.oack());
            assertArrayEquals(Files.readAllBytes(root.resolve("512.bin")),
                    peer.download(server.localAddress(), RawPeer.rrq("512.bin")).content());
            peer.send(server.localAddress(), RawPeer.rrq("forbidden"));
            RawPeer.Rx r = peer.receive();
            assertEquals(2, r.errorCode());
            assertEquals("not for you", r.errorMessage());
            peer.send(server.localAddress(), RawPeer.rrq("broken"));
            assertEquals(0, peer.receive().errorCode());
            peer.send(server.localAddress(), RawPeer.rrq("../x"));
            assertEquals(2, peer.receive().errorCode());
        }
        assertEquals(4, calls.get(), "unsafe names never reach the dynamic files");
        awaitIdle(server);
        synchronized (handedOut) {
            assertEquals(0, handedOut.get(0).refCnt(), "the server released the content");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void closeAbortsRunningTransfersWithin2Seconds(boolean singlePort) throws Exception {
        TftpServer server = config().allowWrite(true).singlePort(singlePort).start();
        try (RawPeer reader = new RawPeer(); RawPeer writer = new RawPeer()) {
            reader.send(server.localAddress(), RawPeer.rrq("1048576.bin"));
            assertEquals(3, reader.receive().opcode()); // and never acknowledged
            writer.send(server.localAddress(), RawPeer.wrq("incoming.bin"));
            RawPeer.Rx ack0 = writer.receive();
            writer.send(ack0.from(), RawPeer.data(1, new byte[512], 0, 512));
            assertEquals(1, writer.receive().block());
            assertEquals(2, server.counters().active());
            long t0 = System.nanoTime();
            server.close();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms < 2000, "close took " + ms + " ms");
            RawPeer.Rx bye = reader.receive(Duration.ofSeconds(1));
            while (bye != null && bye.opcode() == 3) {
                bye = reader.receive(Duration.ofSeconds(1)); // a retransmission may come first
            }
            assertTrue(bye != null && bye.opcode() == 5 && bye.errorMessage().contains("shutting down"), String.valueOf(bye));
        }
        assertEquals(0, server.counters().active());
        assertFalse(Files.exists(root.resolve("incoming.bin")));
        assertNoTemporaryFiles();
        server.close(); // idempotent
    }

    @Test
    void startFailsWithAOneLineMessage() throws Exception {
        TftpServer first = start(config());
        TftpServerException e = assertThrows(TftpServerException.class,
                () -> config().port(first.localAddress().getPort()).start());
        assertTrue(e.getMessage().contains("address already in use"), e.getMessage());
        e = assertThrows(TftpServerException.class, () -> TftpServerConfig.builder(tmp.resolve("missing")).port(0).start());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> config().singlePort(true).portRange(new PortRange(2000, 2001)).build());
    }
}
