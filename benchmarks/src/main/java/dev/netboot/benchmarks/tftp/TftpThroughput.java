package dev.netboot.benchmarks.tftp;

import dev.netboot.server.tftp.IoTransport;
import dev.netboot.server.tftp.TftpClient;
import dev.netboot.tftp.TftpClientConfig;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.net.tftp.TFTP;
import org.apache.commons.net.tftp.TFTPClient;

/**
 * Whole-process TFTP throughput on loopback, every server and client measured in the same run so
 * that the ratios mean something on a shared machine: tftpd-hpa ({@code in.tftpd}) and netboot's
 * server (started with {@code java -jar netboot.jar tftp serve}, epoll with and without UDP
 * segmentation offload, and NIO), read by {@code curl}, by netboot's client (in this JVM) and by
 * Apache Commons Net's {@code TFTPClient}; and a boot storm of many concurrent clients against
 * netboot's server with its peak heap. Every download is checked byte for byte (outside the timing).
 * Run through {@code benchmarks/tftp/run-tftp.sh}.
 */
public final class TftpThroughput {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final Path root;
    private final Path netbootJar;
    private final Path scratch;
    private final int repeat;
    private final long bigSize;
    private final long commonsSize;
    private final int stormClients;
    private final long stormSize;
    private final String stormHeap;
    private final boolean throughput;
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, Double> medians = new LinkedHashMap<>();
    private final List<String> rows = new ArrayList<>();

    private TftpThroughput(Map<String, String> a) {
        root = Path.of(a.get("root"));
        netbootJar = Path.of(a.get("netboot-jar"));
        scratch = Path.of(a.getOrDefault("scratch", root.resolveSibling("out").toString()));
        repeat = Integer.parseInt(a.getOrDefault("repeat", "3"));
        bigSize = Long.parseLong(a.getOrDefault("size-mib", "256")) << 20;
        commonsSize = Long.parseLong(a.getOrDefault("commons-mib", "64")) << 20;
        stormClients = Integer.parseInt(a.getOrDefault("storm-clients", "200"));
        stormSize = Long.parseLong(a.getOrDefault("storm-mib", "16")) << 20;
        stormHeap = a.getOrDefault("storm-heap", "64m");
        throughput = !"false".equals(a.getOrDefault("throughput", "true"));
    }

    /** {@code --root DIR --netboot-jar JAR [--size-mib 256] [--repeat 3] [--commons-mib 64] [--storm-clients 200] [--storm-mib 16]}. */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        if (!a.containsKey("root") || !a.containsKey("netboot-jar")) {
            System.err.println("usage: TftpThroughput --root DIR --netboot-jar JAR [--size-mib 256] [--repeat 3]"
                    + " [--commons-mib 64] [--storm-clients 200] [--storm-mib 16] [--storm-heap 64m] [--throughput false]");
            System.exit(2);
        }
        TftpThroughput t = new TftpThroughput(a);
        try {
            t.run();
        } finally {
            t.stopAll();
        }
    }

    private void run() throws Exception {
        Files.createDirectories(scratch);
        String storm = file("storm.bin", stormSize);
        System.out.printf(Locale.ROOT, "# %d cores, load %s, java %s; files %d/%d/%d MiB; median of %d runs after one warm-up%n",
                Runtime.getRuntime().availableProcessors(), load(), System.getProperty("java.version"),
                bigSize >> 20, commonsSize >> 20, stormSize >> 20, repeat);

        if (throughput) {
            throughputTable(file("big.bin", bigSize), file("commons.bin", commonsSize));
        }
        bootStorm(storm);
    }

    private void throughputTable(String big, String commons) throws Exception {
        InetSocketAddress hpa = startTftpdHpa();
        InetSocketAddress ours = startOurs("epoll", "--transport", "epoll");
        InetSocketAddress oursNoGso = startOurs("epoll-nogso", "--transport", "epoll", "--no-gso");
        InetSocketAddress oursNio = startOurs("nio", "--transport", "nio");

        TftpClientConfig lockstep1468 = TftpClientConfig.DEFAULT.withBlockSize(1468);
        TftpClientConfig windowed = TftpClientConfig.DEFAULT.withBlockSize(1468).withWindowSize(16);
        try (TftpClient client = TftpClient.builder().transport(IoTransport.EPOLL).build();
             TftpClient recvmmsgClient = TftpClient.builder().transport(IoTransport.EPOLL).gro(false).build();
             TftpClient nioClient = TftpClient.builder().transport(IoTransport.NIO).build()) {
            List<Scenario> s = new ArrayList<>();
            if (hpa != null) {
                s.add(new Scenario("tftpd-hpa", "curl --tftp-blksize 1468", big, bigSize, out -> curl(hpa, big, "1468", out)));
            }
            s.add(new Scenario("netboot epoll", "curl --tftp-blksize 1468", big, bigSize, out -> curl(ours, big, "1468", out)));
            if (hpa != null) {
                s.add(new Scenario("tftpd-hpa", "netboot client 1468 (no windowsize there)", big, bigSize,
                        out -> ours(client, hpa, big, lockstep1468, out)));
            }
            s.add(new Scenario("netboot epoll", "netboot client 1468", big, bigSize,
                    out -> ours(client, ours, big, lockstep1468, out)));
            s.add(new Scenario("netboot epoll+gso", "netboot client 1468 window 16", big, bigSize,
                    out -> ours(client, ours, big, windowed, out)));
            s.add(new Scenario("netboot epoll (no gso)", "netboot client 1468 window 16", big, bigSize,
                    out -> ours(client, oursNoGso, big, windowed, out)));
            s.add(new Scenario("netboot epoll+gso", "netboot client (recvmmsg, no gro) 1468 window 16", big, bigSize,
                    out -> ours(recvmmsgClient, ours, big, windowed, out)));
            s.add(new Scenario("netboot nio", "netboot client (nio) 1468 window 16", big, bigSize,
                    out -> ours(nioClient, oursNio, big, windowed, out)));
            // the Java baseline: Commons Net speaks RFC 1350 only (512-byte lock-step)
            s.add(new Scenario("netboot epoll", "commons-net TFTPClient 512", commons, commonsSize,
                    out -> commonsNet(ours, commons, out)));
            s.add(new Scenario("netboot epoll", "netboot client 512", commons, commonsSize,
                    out -> ours(client, ours, commons, TftpClientConfig.DEFAULT, out)));
            if (hpa != null) {
                s.add(new Scenario("tftpd-hpa", "commons-net TFTPClient 512", commons, commonsSize,
                        out -> commonsNet(hpa, commons, out)));
            }
            measure(s);
        }
        System.out.println();
        System.out.println("| server | client | MiB | MiB/s (median) | runs, s |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        ratio("netboot vs tftpd-hpa, both read by curl 1468", "netboot epoll|curl --tftp-blksize 1468",
                "tftpd-hpa|curl --tftp-blksize 1468", 1.0);
        ratio("netboot client+server 1468 window 16 vs tftpd-hpa + curl 1468 (target >= 4x)",
                "netboot epoll+gso|netboot client 1468 window 16", "tftpd-hpa|curl --tftp-blksize 1468", 4.0);
        ratio("UDP GRO at the client: gro vs recvmmsg", "netboot epoll+gso|netboot client 1468 window 16",
                "netboot epoll+gso|netboot client (recvmmsg, no gro) 1468 window 16", 0);
        ratio("UDP GSO: epoll+gso vs epoll without", "netboot epoll+gso|netboot client 1468 window 16",
                "netboot epoll (no gso)|netboot client 1468 window 16", 0);
        ratio("epoll (+gso) vs NIO, server and client", "netboot epoll+gso|netboot client 1468 window 16",
                "netboot nio|netboot client (nio) 1468 window 16", 0);
        ratio("windowsize 16 vs lock-step, netboot both ends", "netboot epoll+gso|netboot client 1468 window 16",
                "netboot epoll|netboot client 1468", 0);
        ratio("netboot client vs commons-net TFTPClient, 512 lock-step against netboot",
                "netboot epoll|netboot client 512", "netboot epoll|commons-net TFTPClient 512", 0);
        System.out.println();
    }

    // ---------------------------------------------------------------- measuring

    private interface Download {
        /** Downloads to {@code out}, returns nothing; throws on failure. */
        void run(Path out) throws Exception;
    }

    private record Scenario(String server, String client, String file, long size, Download download) {}

    /**
     * Runs every scenario once per round (a warm-up round, then {@code repeat} measured ones), round
     * robin, so that a change of load on a shared machine hits all of them alike.
     */
    private void measure(List<Scenario> scenarios) throws Exception {
        double[][] seconds = new double[scenarios.size()][repeat];
        Map<String, String> wants = new LinkedHashMap<>();
        for (Scenario sc : scenarios) {
            wants.computeIfAbsent(sc.file(), f -> {
                try {
                    return sha256(root.resolve(f));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        for (int round = -1; round < repeat; round++) {
            for (int i = 0; i < scenarios.size(); i++) {
                Scenario sc = scenarios.get(i);
                Path out = scratch.resolve("download.bin");
                Files.deleteIfExists(out);
                long t0 = System.nanoTime();
                sc.download().run(out);
                double s = (System.nanoTime() - t0) / 1e9;
                if (!sha256(out).equals(wants.get(sc.file()))) {
                    throw new IllegalStateException(sc.server() + " / " + sc.client() + ": download differs from " + sc.file());
                }
                if (round >= 0) {
                    seconds[i][round] = s;
                }
            }
            System.out.printf(Locale.ROOT, "# round %d done (load %s)%n", round + 1, load());
        }
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario sc = scenarios.get(i);
            double[] sorted = seconds[i].clone();
            Arrays.sort(sorted);
            double median = sorted[repeat / 2];
            double mibs = sc.size() / 1048576.0 / median;
            medians.put(sc.server() + "|" + sc.client(), mibs);
            StringBuilder runs = new StringBuilder();
            for (double x : seconds[i]) {
                runs.append(String.format(Locale.ROOT, "%.2f ", x));
            }
            rows.add(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %s|", sc.server(), sc.client(), sc.size() >> 20,
                    mibs, runs));
        }
    }

    private void ratio(String what, String a, String b, double target) {
        Double x = medians.get(a);
        Double y = medians.get(b);
        if (x == null || y == null) {
            System.out.println(what + ": not measured");
            return;
        }
        System.out.printf(Locale.ROOT, "%s: %.2fx%s%n", what, x / y,
                target > 0 ? (x / y >= target ? " (meets " + target + "x)" : " (BELOW " + target + "x)") : "");
    }

    private void curl(InetSocketAddress server, String name, String blksize, Path out) throws Exception {
        exec(List.of("curl", "-sS", "--tftp-blksize", blksize, "-o", out.toString(),
                "tftp://" + server.getAddress().getHostAddress() + ":" + server.getPort() + "/" + name));
    }

    private static void ours(TftpClient client, InetSocketAddress server, String name, TftpClientConfig config, Path out) {
        client.download(server, name, out, config);
    }

    private static void commonsNet(InetSocketAddress server, String name, Path out) throws IOException {
        TFTPClient c = new TFTPClient();
        c.setDefaultTimeout(Duration.ofSeconds(5));
        c.open();
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            c.receiveFile(name, TFTP.BINARY_MODE, o, server.getAddress(), server.getPort());
        } finally {
            c.close();
        }
    }

    private static void exec(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        byte[] output;
        try (InputStream in = p.getInputStream()) {
            output = in.readAllBytes();
        }
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(command + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }

    // ---------------------------------------------------------------- boot storm

    private void bootStorm(String name) throws Exception {
        InetSocketAddress server = startOurs("storm", List.of("-Xmx" + stormHeap), "--per-client-limit",
                String.valueOf(stormClients + 16));
        Process serverProcess = processes.get(processes.size() - 1);
        byte[] want = Files.readAllBytes(root.resolve(name));
        HeapSampler heap = new HeapSampler(serverProcess.pid());
        heap.start();
        long t0;
        double seconds;
        AtomicLong mismatches = new AtomicLong();
        try (TftpClient client = TftpClient.builder().threads(2).build()) {
            t0 = System.nanoTime();
            List<CompletableFuture<TftpClient.Result>> all = new ArrayList<>();
            for (int i = 0; i < stormClients; i++) {
                // half lock-step like pxelinux, half with EDK2's window of 4; compared in memory (memcmp)
                TftpClientConfig config = TftpClientConfig.DEFAULT.withBlockSize(1468).withWindowSize(i % 2 == 0 ? 0 : 4);
                all.add(client.get(server, name, (offset, data) -> {
                    int n = data.readableBytes();
                    if (offset + n > want.length || ByteBuffer.wrap(want, (int) offset, n)
                            .mismatch(data.nioBuffer(data.readerIndex(), n)) != -1) {
                        mismatches.incrementAndGet();
                    }
                }, config));
            }
            long bytes = 0;
            for (CompletableFuture<TftpClient.Result> f : all) {
                bytes += f.get(600, TimeUnit.SECONDS).stats().bytes();
            }
            seconds = (System.nanoTime() - t0) / 1e9;
            if (bytes != (long) stormClients * want.length || mismatches.get() != 0) {
                throw new IllegalStateException("boot storm: " + bytes + " bytes, " + mismatches.get() + " mismatching blocks");
            }
        } finally {
            heap.stop();
        }
        System.out.printf(Locale.ROOT, "boot storm: %d concurrent clients x %d MiB (blksize 1468, half lock-step, half"
                + " window 4): all byte-exact in %.2f s = %.1f MB/s (%.1f MiB/s) aggregate; server process (-Xmx%s):"
                + " peak heap used %.1f MiB (jstat samples every 100 ms), peak RSS %.1f MiB%n", stormClients,
                want.length >> 20, seconds, (double) stormClients * want.length / 1e6 / seconds,
                (double) stormClients * want.length / 1048576.0 / seconds, stormHeap, heap.peakHeapMiB(),
                peakRssMiB(serverProcess.pid()));
    }

    /** Samples a JVM's used heap (eden, survivors, old) with {@code jstat -gc}. */
    private static final class HeapSampler {
        private final long pid;
        private Process jstat;
        private Thread reader;
        private volatile double peakKiB;

        HeapSampler(long pid) {
            this.pid = pid;
        }

        void start() throws IOException {
            Path jstatBin = Path.of(System.getProperty("java.home"), "bin", "jstat");
            if (!Files.isExecutable(jstatBin)) {
                return;
            }
            jstat = new ProcessBuilder(jstatBin.toString(), "-gc", String.valueOf(pid), "100").redirectErrorStream(true).start();
            reader = new Thread(() -> {
                try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(jstat.getInputStream(), StandardCharsets.US_ASCII))) {
                    String header = r.readLine();
                    if (header == null) {
                        return;
                    }
                    List<String> cols = List.of(header.trim().split("\\s+"));
                    String line;
                    while ((line = r.readLine()) != null) {
                        String[] v = line.trim().split("\\s+");
                        if (v.length != cols.size() || v[0].equals(cols.get(0))) {
                            continue;
                        }
                        double used = 0;
                        for (String c : List.of("S0U", "S1U", "EU", "OU")) {
                            int i = cols.indexOf(c);
                            if (i >= 0) {
                                used += Double.parseDouble(v[i]);
                            }
                        }
                        peakKiB = Math.max(peakKiB, used);
                    }
                } catch (IOException | NumberFormatException e) {
                    // sampling ends with the process
                }
            }, "jstat-reader");
            reader.setDaemon(true);
            reader.start();
        }

        void stop() throws InterruptedException {
            if (jstat != null) {
                jstat.destroyForcibly();
                jstat.waitFor(5, TimeUnit.SECONDS);
                reader.join(2000);
            }
        }

        double peakHeapMiB() {
            return peakKiB / 1024.0;
        }
    }

    private static double peakRssMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process is gone
        }
        return Double.NaN;
    }

    // ---------------------------------------------------------------- servers

    private InetSocketAddress startTftpdHpa() throws Exception {
        if (!onPath("in.tftpd")) {
            System.out.println("# tftpd-hpa: in.tftpd not installed (apt-get install tftpd-hpa): skipped");
            return null;
        }
        if (!isRoot()) {
            System.out.println("# tftpd-hpa: in.tftpd -s (chroot) needs root: skipped");
            return null;
        }
        int port = freePort();
        Process p = new ProcessBuilder("in.tftpd", "-L", "-s", "-a", "127.0.0.1:" + port, "-u", "root", "-B", "65464",
                root.toString()).redirectErrorStream(true).redirectOutput(scratch.resolve("in.tftpd.log").toFile()).start();
        processes.add(p);
        return awaitReady("in.tftpd", port);
    }

    private InetSocketAddress startOurs(String label, String... extra) throws Exception {
        return startOurs(label, List.of(), extra);
    }

    private InetSocketAddress startOurs(String label, List<String> jvmArgs, String... extra) throws Exception {
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-jar", netbootJar.toString(), "tftp", "serve",
                "--root", root.toString(), "--address", "127.0.0.1", "--port", String.valueOf(port)));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(scratch.resolve("netboot-" + label + ".log").toFile()).start();
        processes.add(p);
        return awaitReady("netboot " + label, port);
    }

    private static InetSocketAddress awaitReady(String what, int port) throws IOException {
        InetSocketAddress a = new InetSocketAddress(LOOPBACK, port);
        byte[] probe = "\0\u0001readiness-probe\0octet\0".getBytes(StandardCharsets.ISO_8859_1);
        try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
            s.setSoTimeout(200);
            for (int i = 0; i < 150; i++) {
                s.send(new DatagramPacket(probe, probe.length, a));
                try {
                    s.receive(new DatagramPacket(new byte[600], 600));
                    return a;
                } catch (SocketTimeoutException e) {
                    // not up yet
                }
            }
        }
        throw new IOException(what + " did not answer on port " + port + " within 30 s");
    }

    private void stopAll() throws InterruptedException {
        for (Process p : processes) {
            // in.tftpd -L ignores SIGTERM until its next packet: SIGKILL it and its children, by PID
            List<ProcessHandle> children = p.descendants().toList();
            children.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, LOOPBACK)) {
            return s.getLocalPort();
        }
    }

    private static boolean onPath(String command) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    // ---------------------------------------------------------------- files

    private String file(String name, long size) throws IOException {
        Path p = root.resolve(name);
        if (!Files.exists(p) || Files.size(p) != size) {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(p), 1 << 20)) {
                SplittableRandom r = new SplittableRandom(size);
                byte[] buf = new byte[1 << 20];
                for (long left = size; left > 0; left -= buf.length) {
                    for (int i = 0; i < buf.length; i += 8) {
                        long v = r.nextLong();
                        for (int j = 0; j < 8; j++) {
                            buf[i + j] = (byte) (v >>> (8 * j));
                        }
                    }
                    out.write(buf, 0, (int) Math.min(left, buf.length));
                }
            }
        }
        return name;
    }

    private static String sha256(Path p) throws IOException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }
}
