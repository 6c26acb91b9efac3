package dev.netboot.server.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.tftp.TftpClientConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A boot storm: 200 clients fetch the same file at once, as a room of machines powered on together
 * would; every copy must arrive byte-exact. The CI size is 1 MiB per client (the full 16 MiB run is
 * {@code benchmarks/tftp/run-tftp.sh}); prints aggregate throughput and peak heap.
 */
class BootStormTest {
    @TempDir
    Path tmp;

    @Test
    @Tag("long")
    void twoHundredConcurrentClientsAllGetByteExactCopies() throws Exception {
        int clients = 200;
        int size = Integer.getInteger("netboot.storm.bytes", 1 << 20);
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path file = TestFiles.createLarge(root, "storm.bin", size);
        String want = TestFiles.sha256(file);
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        try (TftpServer server = TftpServerConfig.builder(root).bindAddress(InetAddress.getLoopbackAddress()).port(0)
                .perClientLimit(clients).threads(2).start(); // every client is 127.0.0.1 here
             TftpClient client = TftpClient.builder().threads(2).build()) {
            long t0 = System.nanoTime();
            List<CompletableFuture<String>> all = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                MessageDigest digest = TestFiles.digest();
                // half lock-step like pxelinux, half with EDK2's window of 4
                TftpClientConfig config = TftpClientConfig.DEFAULT.withBlockSize(1468).withWindowSize(i % 2 == 0 ? 0 : 4);
                all.add(client.get(server.localAddress(), "storm.bin", (offset, data) -> {
                    ByteBuffer nio = data.nioBuffer(data.readerIndex(), data.readableBytes());
                    digest.update(nio);
                }, config).thenApply(r -> HexFormat.of().formatHex(digest.digest())));
            }
            for (CompletableFuture<String> f : all) {
                assertEquals(want, f.get(120, TimeUnit.SECONDS));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long peakHeap = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peakHeap += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf(Locale.ROOT, "boot storm: %d clients x %d bytes in %.2f s = %.1f MB/s aggregate, "
                    + "peak heap %.1f MiB (server and clients in one JVM)%n", clients, size, seconds,
                    (double) clients * size / 1e6 / seconds, peakHeap / 1048576.0);
            awaitIdle(server);
            assertEquals(clients, server.counters().completed());
            assertEquals(0, server.counters().failed());
            assertTrue(server.counters().bytesSent() == (long) clients * size);
        }
    }

    private static void awaitIdle(TftpServer server) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.counters().active() > 0 && System.nanoTime() < end) {
            Thread.sleep(10); // polling a counter, bounded: the last ACKs reach the server on its own threads
        }
    }
}
