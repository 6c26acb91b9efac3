package dev.netboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.server.tftp.TftpClient;
import dev.netboot.server.tftp.TftpServer;
import dev.netboot.server.tftp.TftpServerConfig;
import dev.netboot.tftp.TftpClientConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TftpCommandTest {
    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Netboot.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static byte[] content(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + (i >> 8));
        }
        return b;
    }

    @Test
    void getAndPutAgainstOurServer() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.write(root.resolve("kernel"), content(300_000));
        try (TftpServer server = TftpServerConfig.builder(root).bindAddress(InetAddress.getLoopbackAddress()).port(0)
                .allowWrite(true).start()) {
            String host = "127.0.0.1:" + server.localAddress().getPort();
            Path local = tmp.resolve("kernel.copy");
            Run r = run("tftp", "get", host, "kernel", local.toString(), "--blksize", "1468", "--windowsize", "8", "--tsize");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().startsWith("received 300000 bytes in "), r.out());
            assertTrue(r.out().contains("blksize 1468, windowsize 8, tsize 300000"), r.out());
            assertEquals("", r.err());
            assertTrue(Arrays.equals(content(300_000), Files.readAllBytes(local)));

            r = run("tftp", "put", host, local.toString(), "uploaded", "--blksize", "512");
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().startsWith("sent 300000 bytes"), r.out());
            assertTrue(Arrays.equals(content(300_000), Files.readAllBytes(root.resolve("uploaded"))));

            Path missing = tmp.resolve("never");
            r = run("tftp", "get", host, "no-such-file", missing.toString());
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("ERROR 1"), r.err());
            assertFalse(Files.exists(missing));
        }
    }

    @Test
    void badArgumentsExitWith2() {
        Run r = run("tftp", "get", "127.0.0.1:99999", "a", tmp.resolve("b").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("port"), r.err());
        r = run("tftp", "get", "127.0.0.1", "a", tmp.resolve("b").toString(), "--transport", "carrier-pigeon");
        assertEquals(2, r.exit());
        r = run("tftp", "get", "127.0.0.1");
        assertEquals(2, r.exit(), "picocli usage error");
        r = run("tftp", "serve", "--root", tmp.resolve("missing").toString(), "--port", "0");
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("netboot tftp serve: "), r.err());
        r = run("tftp", "serve", "--root", tmp.toString(), "--port", "0", "--single-port", "--port-range", "3000-3001");
        assertEquals(1, r.exit());
    }

    @Test
    void parsesHostsAndSizes() {
        assertEquals(new InetSocketAddress(InetAddress.getLoopbackAddress(), 69), TftpCommand.server("127.0.0.1"));
        assertEquals(6969, TftpCommand.server("127.0.0.1:6969").getPort());
        assertEquals(70, TftpCommand.server("[::1]:70").getPort());
        assertEquals(69, TftpCommand.server("::1").getPort());
        assertThrows(IllegalArgumentException.class, () -> TftpCommand.server("[::1"));
        assertEquals(64L << 20, TftpCommand.parseSize("64M"));
        assertEquals(1L << 30, TftpCommand.parseSize("1g"));
        assertEquals(1000, TftpCommand.parseSize("1000"));
        assertThrows(IllegalArgumentException.class, () -> TftpCommand.parseSize("-1"));
    }

    @Test
    void serveRunsUntilSigtermAndPrintsAReadyLine() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.write(root.resolve("f"), content(5000));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.netboot.cli.Netboot", "tftp", "serve", "--root", root.toString(), "--address", "127.0.0.1",
                "--port", "0"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            BlockingQueue<String> lines = new ArrayBlockingQueue<>(1000);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.offer(line);
                    }
                } catch (java.io.IOException e) {
                    // the process ended
                }
            }, "serve-output");
            reader.setDaemon(true);
            reader.start();
            Pattern ready = Pattern.compile("tftp serve: ready 127\\.0\\.0\\.1:(\\d+)");
            Matcher m = null;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (m == null && System.nanoTime() < end) {
                String line = lines.poll(1, TimeUnit.SECONDS);
                if (line != null && ready.matcher(line).find()) {
                    m = ready.matcher(line);
                    assertTrue(m.find());
                }
            }
            assertNotNull(m, "no ready line within 30 s");
            int port = Integer.parseInt(m.group(1));
            try (TftpClient client = TftpClient.create()) {
                Path got = tmp.resolve("got");
                client.download(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), "f", got,
                        TftpClientConfig.DEFAULT);
                assertTrue(Arrays.equals(content(5000), Files.readAllBytes(got)));
            }
            long t0 = System.nanoTime();
            p.toHandle().destroy(); // SIGTERM, keeping our end of its output open (Process.destroy closes it)
            assertTrue(p.waitFor(5, TimeUnit.SECONDS), "serve did not stop within 5 s of SIGTERM");
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 3000);
            reader.join(5000);
            List<String> rest = new ArrayList<>(lines);
            assertTrue(rest.stream().anyMatch(l -> l.contains("TFTP server stopped")),
                    "the server logs its counters when it stops: " + rest);
        } finally {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
