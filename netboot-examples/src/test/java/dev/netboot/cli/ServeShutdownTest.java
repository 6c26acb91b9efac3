package dev.netboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.DhcpWriter;
import dev.netboot.dhcp.Ipv4;
import dev.netboot.dhcp.MessageType;
import dev.netboot.testlab.Host;
import dev.netboot.testlab.RelayAgent;
import dev.netboot.server.dhcp.lease.ClientKey;
import dev.netboot.server.dhcp.lease.Lease;
import dev.netboot.server.dhcp.lease.LeaseJournal;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netboot serve} as users run it, in a child JVM on loopback with unprivileged ports: it
 * gets a lease to its journal, reloads on SIGHUP, then stops on SIGTERM within 2 s with the lease
 * durable. As root the
 * lease comes from a full DORA through a simulated relay agent listening on port 67 of a random
 * loopback address (the server answers relays there); otherwise the test only stops the server.
 */
class ServeShutdownTest {
    private static final Pattern READY = Pattern.compile(
            "serve: ready dhcp=\\[/127\\.0\\.0\\.1:(\\d+)] tftp=/127\\.0\\.0\\.1:(\\d+) http=/127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    private Process child;

    @AfterEach
    void stop() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sighupReloadsAndSigtermStopsWithinTwoSecondsWithLeasesDurable() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("undionly.kpxe"), "boot");
        Path conf = dir.resolve("dhcpd.conf");
        Files.writeString(conf, """
                authoritative;
                subnet 127.0.0.0 netmask 255.0.0.0 {
                  range 127.0.4.10 127.0.4.20;
                  filename "undionly.kpxe";
                }
                """);
        Path leases = dir.resolve("leases");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, Netboot.class.getName(), "serve", "--config", conf.toString(),
                "--tftp-root", root.toString(), "--bind", "127.0.0.1", "--dhcp-port", "0", "--tftp-port", "0",
                "--http-port", "0", "--lease-file", leases.toString(), "--http-allow", "127.0.0.0/8")
                .redirectErrorStream(true).start();
        BlockingQueue<String> lines = new ArrayBlockingQueue<>(10_000);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.offer(line);
                }
            } catch (IOException e) {
                // the child is gone; its output so far is in the queue
            }
        }, "serve-output");
        reader.setDaemon(true);
        reader.start();
        StringBuilder output = new StringBuilder();
        Matcher ready = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ready == null && System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                output.append(line).append('\n');
                Matcher m = READY.matcher(line);
                ready = m.find() ? m : null;
            } else if (!child.isAlive()) {
                break;
            }
        }
        assertNotNull(ready, "serve did not report ready within 60 s:\n" + output);
        int dhcpPort = Integer.parseInt(ready.group(1));
        int httpPort = Integer.parseInt(ready.group(3));

        byte[] mac = {0x02, 0, 0, 0x51, 0x67, 0x0f};
        Optional<Integer> leased = Host.isRoot() ? dora(dhcpPort, mac) : Optional.empty();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("netboot_dhcp_acks_total " + (leased.isPresent() ? 1 : 0)), metrics);

        // SIGHUP reloads the (unchanged) configuration: counted once, and the server goes on
        Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(child.pid())).start();
        assertTrue(hup.waitFor(10, TimeUnit.SECONDS) && hup.exitValue() == 0, "kill -HUP");
        String reloaded = "";
        long reloadDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!reloaded.contains("netboot_config_reloads_total 1") && System.nanoTime() < reloadDeadline) {
            Thread.sleep(50); // polling a counter, bounded by the deadline
            reloaded = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        assertTrue(reloaded.contains("netboot_config_reloads_total 1"), "SIGHUP did not reload:\n" + reloaded);

        long t0 = System.nanoTime();
        child.destroy(); // SIGTERM
        boolean exited = child.waitFor(2, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        reader.join(2000);
        for (String line; (line = lines.poll()) != null; ) {
            output.append(line).append('\n');
        }
        assertTrue(exited, "serve still running 2 s after SIGTERM:\n" + output);
        System.out.println("serve stopped " + millis + " ms after SIGTERM, exit status " + child.exitValue());
        assertEquals(143, child.exitValue(), output.toString()); // 128 + SIGTERM: stopped by the signal, cleanly
        assertTrue(!output.toString().contains("Exception"), output.toString());
        try (LeaseJournal journal = LeaseJournal.open(leases, InstantSource.system())) {
            assertEquals(List.of(), journal.loadReport().problems(), "the journal reads back without damage");
            if (leased.isPresent()) {
                Lease lease = journal.findByClient(ClientKey.hardware(1, mac)).orElse(null);
                assertNotNull(lease, "the acknowledged lease is in the journal after SIGTERM: " + journal.leases());
                assertEquals(leased.get().intValue(), lease.address());
            }
        }
    }

    /** DISCOVER, OFFER, REQUEST, ACK through a relay agent on port 67 of a random loopback address. */
    private Optional<Integer> dora(int serverPort, byte[] mac) throws IOException {
        String relayAddress = "127.77." + ThreadLocalRandom.current().nextInt(1, 255) + "."
                + ThreadLocalRandom.current().nextInt(1, 255);
        try (RelayAgent relay = new RelayAgent(new InetSocketAddress(relayAddress, 67))) {
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", serverPort);
            send(relay, server, MessageType.DISCOVER, relayAddress, mac, 0, 0);
            DhcpMessage offer = receive(relay, MessageType.OFFER);
            send(relay, server, MessageType.REQUEST, relayAddress, mac, offer.yiaddr(), offer.optionInt(54, 0));
            DhcpMessage ack = receive(relay, MessageType.ACK);
            assertEquals(offer.yiaddr(), ack.yiaddr());
            return Optional.of(ack.yiaddr());
        } catch (SocketException e) {
            fail("cannot act as a relay agent on " + relayAddress + ":67: " + e);
            return Optional.empty();
        }
    }

    private static void send(RelayAgent relay, InetSocketAddress server, MessageType type, String giaddr,
            byte[] mac, int requested, int serverId) throws IOException {
        ByteBuf b = Unpooled.buffer(600);
        DhcpWriter w = new DhcpWriter();
        w.begin(b, 1, type).xid(0x5167).giaddr(Ipv4.parse(giaddr)).chaddr(mac);
        if (requested != 0) {
            w.optionInt(50, requested);
            w.optionInt(54, serverId);
        }
        w.finish();
        relay.send(b, server);
    }

    private static DhcpMessage receive(RelayAgent relay, MessageType expected) throws IOException {
        DhcpMessage m = relay.receive(); // bounded by the socket timeout
        assertEquals(expected, m.messageType(), m.toString());
        return m;
    }
}
