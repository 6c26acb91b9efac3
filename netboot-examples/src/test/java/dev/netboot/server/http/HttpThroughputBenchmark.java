package dev.netboot.server.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Measures (run by hand, not a test) the throughput of one large file from the HTTP boot server
 * to curl on loopback, epoll and NIO, median of N runs after one warm-up; beside it two baselines:
 * curl reading the same file through {@code file://} (what the page cache and curl's sink manage
 * without any network), and a minimal blocking JDK server that answers every request with the file
 * through {@code FileChannel.transferTo} (sendfile without Netty, HTTP parsing, checks or logs).
 *
 * <p>Usage: {@code java -cp <test classpath> dev.netboot.server.http.HttpThroughputBenchmark [MiB] [runs]}
 * (defaults 256 and 3).
 */
final class HttpThroughputBenchmark {
    private HttpThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 256;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("http-bench");
        Path root = Files.createDirectories(dir.resolve("tftpboot"));
        Path file = TestFiles.random(root.resolve("big.img"), mib << 20, 42);
        try {
            System.out.printf(Locale.ROOT, "file: %d MiB, %d runs after a warm-up, median MiB/s%n", mib, runs);
            measure("curl file:// (baseline, no network)", file.toUri().toString(), runs);
            try (ServerSocketChannel raw = ServerSocketChannel.open()) {
                raw.bind(new InetSocketAddress("127.0.0.1", 0));
                Thread t = new Thread(() -> serveRaw(raw, file), "raw-sendfile");
                t.setDaemon(true);
                t.start();
                measure("JDK transferTo server (baseline)", "http://127.0.0.1:"
                        + ((InetSocketAddress) raw.getLocalAddress()).getPort() + "/big.img", runs);
            }
            for (boolean nio : new boolean[] {false, true}) {
                HttpBootConfig config = HttpBootConfig.builder(root).bind(new InetSocketAddress("127.0.0.1", 0))
                        .forceNio(nio).build();
                try (HttpBootServer server = new HttpBootServer(config)) {
                    int port = server.start();
                    measure("netboot HTTP, " + server.transport(), "http://127.0.0.1:" + port + "/tftpboot/big.img",
                            runs);
                }
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(root);
            Files.deleteIfExists(dir);
        }
    }

    /** Answers each connection's first request with the whole file, then closes it. */
    private static void serveRaw(ServerSocketChannel server, Path file) {
        while (server.isOpen()) {
            try (SocketChannel c = server.accept(); FileChannel f = FileChannel.open(file)) {
                ByteBuffer in = ByteBuffer.allocate(8192);
                String head = "";
                while (!head.contains("\r\n\r\n") && c.read(in) > 0) {
                    head = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
                }
                long size = f.size();
                c.write(ByteBuffer.wrap(("HTTP/1.1 200 OK\r\nContent-Length: " + size
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
                for (long pos = 0; pos < size;) {
                    pos += f.transferTo(pos, size - pos, c);
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void measure(String what, String url, int runs) throws Exception {
        List<Double> speeds = new ArrayList<>();
        for (int i = 0; i <= runs; i++) {
            Curl.Result r = Curl.run(List.of("-sS", "-o", "/dev/null", "-w", "%{size_download} %{speed_download}",
                    url), 600);
            if (r.exit() != 0) {
                throw new IllegalStateException("curl failed: " + r.err());
            }
            String[] parts = r.out().trim().split(" ");
            double mibPerSecond = Double.parseDouble(parts[1]) / (1 << 20);
            if (i > 0) {
                speeds.add(mibPerSecond);
            }
        }
        List<Double> sorted = new ArrayList<>(speeds);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "%-40s median %8.0f MiB/s   runs %s%n", what, sorted.get(sorted.size() / 2),
                speeds.stream().map(s -> String.format(Locale.ROOT, "%.0f", s)).toList());
    }
}
