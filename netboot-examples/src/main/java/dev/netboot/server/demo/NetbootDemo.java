package dev.netboot.server.demo;

import dev.netboot.dhcp.DhcpCodecException;
import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.DhcpWriter;
import dev.netboot.dhcp.Ipv4;
import dev.netboot.dhcp.MessageType;
import dev.netboot.rules.ClientFacts;
import dev.netboot.rules.Decision;
import dev.netboot.rules.Field;
import dev.netboot.rules.Provenance;
import dev.netboot.rules.RuleSet;
import dev.netboot.rules.isc.DhcpdConf;
import dev.netboot.rules.isc.HostResolver;
import dev.netboot.server.dhcp.DhcpServer;
import dev.netboot.server.dhcp.RuleSetPolicy;
import dev.netboot.server.http.HttpBootConfig;
import dev.netboot.server.http.HttpBootServer;
import dev.netboot.server.tftp.TftpClient;
import dev.netboot.server.tftp.TftpServer;
import dev.netboot.server.tftp.TftpServerConfig;
import dev.netboot.tftp.TftpClientConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * {@code netboot demo}: the reference network on loopback, without root. It starts the DHCP
 * server (clients reach it through a simulated relay agent at 127.0.0.2, so nothing needs port 67
 * or broadcast), two TFTP servers (the reference configuration's two next-servers, translated to
 * 127.0.0.14 and 127.0.0.108) and the HTTP boot server, all on ephemeral ports, over a generated
 * boot root and the reference dhcpd.conf translated from 192.168.2.0/24 into 127.0.0.0/8. Then every
 * kind of client of MISSION.md runs a full DORA and downloads its boot file (TFTP, or HTTP for
 * iPXE); a table shows what each got and which rule decided. Not thread-safe; one run per instance.
 */
public final class NetbootDemo {
    static final String RELAY = "127.0.0.2";
    static final String TFTP_MAIN = "127.0.0.14";
    static final String TFTP_PI = "127.0.0.108";
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** One simulated client: what it sends and what the reference configuration must give it. */
    record Client(String name, String mac, int arch, String vendorClass, String userClass,
            String expectNextServer, String expectFile, String expectAddress) {}

    /** What one client got. */
    record Outcome(Client client, String address, String nextServer, String file, String rule, long bytes,
            long millis, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private final PrintWriter out;

    /** A demo printing to {@code out}. */
    public NetbootDemo(PrintWriter out) {
        this.out = out;
    }

    static List<Client> clients(int httpPort) {
        String http = "http://" + TFTP_MAIN + ":" + httpPort + "/tftpboot/pxelinux.0";
        return List.of(
                new Client("UEFI arm64", "02:00:00:00:0a:01", 0x0b, "PXEClient:Arch:00011:UNDI:003000", null, TFTP_MAIN, "efi-a64/grubaa64.efi", null),
                new Client("UEFI x64 (arch 9)", "02:00:00:00:0a:02", 0x09, null, null, TFTP_MAIN, "efi-x64/shim.efi", null),
                new Client("OVMF x64 (arch 7)", "02:00:00:00:0a:03", 0x07, "PXEClient:Arch:00007:UNDI:003016", null, TFTP_MAIN, "efi-x64/shim.efi", null),
                new Client("U-Boot armv8", "02:00:00:00:0a:04", 0x16, "U-Boot.armv8", null, TFTP_PI, "rpi3/boot.conf", null),
                new Client("U-Boot armv7", "02:00:00:00:0a:05", -1, "U-Boot.armv7", null, TFTP_PI, "rpi2/boot.conf", null),
                new Client("iPXE (BIOS)", "02:00:00:00:0a:06", 0, null, "iPXE", TFTP_MAIN, http, null),
                new Client("BIOS PXE ROM", "02:00:00:00:0a:07", 0, "PXEClient:Arch:00000:UNDI:002001", null, TFTP_MAIN, "gpxe-undionly.kpxe", null),
                new Client("plain client", "02:00:00:00:0a:08", -1, null, null, TFTP_MAIN, "gpxe-undionly.kpxe", null),
                new Client("host photosmart", "10:60:4b:11:71:34", -1, null, null, TFTP_MAIN, "gpxe-undionly.kpxe", "127.0.2.53"),
                new Client("host rpi3", "b8:27:eb:12:34:56", -1, null, null, TFTP_PI, "rpi3/boot.conf", "127.0.2.31"));
    }

    /**
     * Runs the demo.
     *
     * @return 0 when every client got what the reference configuration gives it, else 1
     */
    public int run() throws IOException {
        long start = System.nanoTime();
        Path dir = Files.createTempDirectory("netboot-demo");
        try {
            return run(dir, start);
        } finally {
            deleteTree(dir);
        }
    }

    private int run(Path dir, long start) throws IOException {
        Path root = Files.createDirectories(dir.resolve("tftpboot"));
        Map<String, byte[]> files = generateBootRoot(root);
        HttpBootServer http = new HttpBootServer(HttpBootConfig.builder(root)
                .bind(new InetSocketAddress(InetAddress.getByName(TFTP_MAIN), 0)).build());
        TftpServer tftpMain = null;
        TftpServer tftpPi = null;
        DhcpServer dhcp = null;
        TftpClient tftpClient = null;
        try (DatagramSocket relay = new DatagramSocket(new InetSocketAddress(RELAY, 0))) {
            int httpPort = http.start();
            tftpMain = TftpServerConfig.builder(root).bindAddress(InetAddress.getByName(TFTP_MAIN)).port(0).start();
            tftpPi = TftpServerConfig.builder(root).bindAddress(InetAddress.getByName(TFTP_PI)).port(0).start();
            Path confRoot = dir.resolve("conf");
            Path conf = translateReference(confRoot, httpPort);
            DhcpdConf.Result result = DhcpdConf.reader().includeRoot(confRoot)
                    .resolver(HostResolver.of(Map.of("ntp.home.kraxel.org", List.of("127.0.2.11")))).read(conf);
            RuleSet rules = result.ruleSet();
            dhcp = DhcpServer.builder(RuleSetPolicy.of(rules)).bindAddress("127.0.0.1").port(0)
                    .serverAddress("127.0.0.1").relayPort(relay.getLocalPort()).leaseFile(dir.resolve("leases")).start();
            InetSocketAddress dhcpAddress = dhcp.localAddresses().get(0);
            out.printf("netboot demo: DHCP %s, TFTP %s and %s, HTTP %s:%d, relay %s:%d, root %s%n",
                    dhcpAddress, tftpMain.localAddress(), tftpPi.localAddress(), TFTP_MAIN, httpPort, RELAY,
                    relay.getLocalPort(), root);
            relay.setSoTimeout((int) WAIT.toMillis());
            tftpClient = TftpClient.builder().build();
            HttpClient httpClient = HttpClient.newBuilder().connectTimeout(WAIT).build();
            List<Outcome> outcomes = new ArrayList<>();
            int xid = new Random().nextInt();
            for (Client c : clients(httpPort)) {
                outcomes.add(runClient(c, ++xid, relay, dhcpAddress, rules, files, tftpClient, httpClient,
                        Map.of(TFTP_MAIN, tftpMain.localAddress(), TFTP_PI, tftpPi.localAddress())));
            }
            printTable(outcomes);
            long failed = outcomes.stream().filter(o -> !o.ok()).count();
            out.printf("%d clients, %d matched the reference configuration, %d failed; %d ms in all%n",
                    outcomes.size(), outcomes.size() - failed, failed, (System.nanoTime() - start) / 1_000_000);
            return failed == 0 ? 0 : 1;
        } finally {
            closeAll(tftpClient, dhcp, tftpMain, tftpPi, http);
        }
    }

    private Outcome runClient(Client c, int xid, DatagramSocket relay, InetSocketAddress dhcp, RuleSet rules,
            Map<String, byte[]> files, TftpClient tftp, HttpClient http, Map<String, InetSocketAddress> tftpServers) {
        long t0 = System.nanoTime();
        String rule = "-";
        try {
            byte[] discover = message(c, xid, MessageType.DISCOVER, 0, 0);
            DhcpMessage offer = exchange(relay, dhcp, discover, xid, MessageType.OFFER);
            Decision d = rules.decide(ClientFacts.from(DhcpMessage.decode(Unpooled.wrappedBuffer(discover))));
            Provenance p = d.provenance(Field.FILENAME);
            rule = p == null ? "-" : p.origin().fileLine();
            int serverId = offer.optionInt(54, 0);
            byte[] request = message(c, xid, MessageType.REQUEST, offer.yiaddr(), serverId);
            DhcpMessage ack = exchange(relay, dhcp, request, xid, MessageType.ACK);
            String address = Ipv4.format(ack.yiaddr());
            String nextServer = Ipv4.format(ack.siaddr());
            String file = ack.bootFileName();
            List<String> problems = new ArrayList<>();
            if (!c.expectNextServer().equals(nextServer)) {
                problems.add("next-server " + nextServer + " (expected " + c.expectNextServer() + ")");
            }
            if (!c.expectFile().equals(file)) {
                problems.add("file " + file + " (expected " + c.expectFile() + ")");
            }
            if (c.expectAddress() != null && !c.expectAddress().equals(address)) {
                problems.add("address " + address + " (expected " + c.expectAddress() + ")");
            }
            if (!"127.0.2.1".equals(ack.option(dev.netboot.dhcp.option.DhcpOptions.ROUTERS).map(l -> l.get(0).getHostAddress()).orElse(""))) {
                problems.add("no router 127.0.2.1");
            }
            long bytes = -1;
            if (problems.isEmpty()) {
                byte[] got = file.startsWith("http://") ? httpGet(http, file) : tftpGet(tftp, tftpServers.get(nextServer), file);
                byte[] want = files.get(file.startsWith("http://") ? file.substring(file.indexOf("/tftpboot/") + 10) : file);
                bytes = got.length;
                if (!Arrays.equals(got, want)) {
                    problems.add("downloaded bytes differ from the boot root's");
                }
            }
            return new Outcome(c, address, nextServer, file, rule, bytes, (System.nanoTime() - t0) / 1_000_000,
                    problems.isEmpty() ? null : String.join("; ", problems));
        } catch (IOException | RuntimeException e) {
            return new Outcome(c, "-", "-", "-", rule, -1, (System.nanoTime() - t0) / 1_000_000, e.toString());
        }
    }

    /** A client's message as the relay agent forwards it (giaddr set, hops 1). */
    static byte[] message(Client c, int xid, MessageType type, int requested, int serverId) {
        ByteBuf buf = Unpooled.buffer(576);
        DhcpWriter w = new DhcpWriter();
        byte[] mac = HexFormat.ofDelimiter(":").parseHex(c.mac());
        w.begin(buf, DhcpMessage.BOOTREQUEST, type).xid(xid).chaddr(mac).hops(1).giaddr(Ipv4.parse(RELAY));
        w.option(55, new byte[] {1, 3, 6, 15, 42, 43, 60, 66, 67});
        if (c.arch() >= 0) {
            w.optionU16(93, c.arch());
        }
        if (c.vendorClass() != null) {
            w.optionText(60, c.vendorClass());
        }
        if (c.userClass() != null) {
            w.optionText(77, c.userClass()); // raw, as iPXE sends it
        }
        if (requested != 0) {
            w.optionInt(50, requested);
            w.optionInt(54, serverId);
        }
        w.finish();
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return bytes;
    }

    private static DhcpMessage exchange(DatagramSocket relay, InetSocketAddress server, byte[] message, int xid,
            MessageType expected) throws IOException {
        relay.send(new DatagramPacket(message, message.length, server));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
            try {
                relay.receive(p);
            } catch (SocketTimeoutException e) {
                break;
            }
            try {
                DhcpMessage m = DhcpMessage.decode(Unpooled.wrappedBuffer(Arrays.copyOf(p.getData(), p.getLength())));
                if (m.xid() == xid) {
                    if (!expected.equals(m.messageType())) {
                        throw new IOException("got " + m.messageType() + " (expected " + expected + ")");
                    }
                    return m;
                }
            } catch (DhcpCodecException e) {
                throw new IOException("malformed reply: " + e.getMessage(), e);
            }
        }
        throw new IOException("no " + expected + " within " + WAIT.toSeconds() + " s");
    }

    private static byte[] tftpGet(TftpClient tftp, InetSocketAddress server, String file) throws IOException {
        if (server == null) {
            throw new IOException("no TFTP server for that next-server");
        }
        Path tmp = Files.createTempFile("netboot-demo", ".bin");
        try {
            tftp.download(server, file, tmp, TftpClientConfig.DEFAULT.withBlockSize(1468).withWindowSize(4));
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] httpGet(HttpClient http, String url) throws IOException {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IOException("HTTP " + r.statusCode() + " for " + url);
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private void printTable(List<Outcome> outcomes) {
        out.println();
        String fmt = "%-18s %-28s %-14s %-14s %-52s %9s %6s  %s%n";
        out.printf(fmt, "client", "rule (file:line)", "address", "next-server", "file", "bytes", "ms", "result");
        for (Outcome o : outcomes) {
            out.printf(fmt, o.client().name(), o.rule(), o.address(), o.nextServer(), o.file(),
                    o.bytes() < 0 ? "-" : Long.toString(o.bytes()), Long.toString(o.millis()), o.ok() ? "ok" : "FAIL: " + o.error());
        }
        out.println();
        out.flush();
    }

    /** The boot files the reference configuration names, with pseudo-random content of realistic sizes. */
    static Map<String, byte[]> generateBootRoot(Path root) throws IOException {
        Map<String, Integer> sizes = Map.of("efi-a64/grubaa64.efi", 180_000, "efi-x64/shim.efi", 95_000,
                "rpi3/boot.conf", 310, "rpi2/boot.conf", 290, "pxelinux.0", 46_000, "gpxe-undionly.kpxe", 70_000);
        Random random = new Random(42);
        Map<String, byte[]> out = new java.util.HashMap<>();
        for (var e : sizes.entrySet()) {
            byte[] content = new byte[e.getValue()];
            random.nextBytes(content);
            Path f = root.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.write(f, content);
            out.put(e.getKey(), content);
        }
        return out;
    }

    /**
     * Writes the reference dhcpd.conf and its includes under {@code confRoot/etc/dhcp/}, translated
     * from 192.168.2.0/24 into loopback: the two next-servers to the demo's TFTP addresses, the HTTP
     * URL to the demo's HTTP server, everything else into 127.0.2.0/24 inside 127.0.0.0/8.
     */
    static Path translateReference(Path confRoot, int httpPort) throws IOException {
        Path etc = Files.createDirectories(confRoot.resolve("etc/dhcp"));
        for (String name : List.of("dhcpd.conf", "home.4.dhcp.inc", "xeni.4.dhcp.inc")) {
            String text;
            try (InputStream in = NetbootDemo.class.getResourceAsStream("reference/etc/dhcp/" + name)) {
                if (in == null) {
                    throw new IOException("missing bundled reference file " + name);
                }
                text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
            text = text.replace("subnet 192.168.2.0 netmask 255.255.255.0", "subnet 127.0.0.0 netmask 255.0.0.0")
                    .replace("http://192.168.2.14/tftpboot/", "http://" + TFTP_MAIN + ":" + httpPort + "/tftpboot/")
                    .replace("next-server 192.168.2.14;", "next-server " + TFTP_MAIN + ";")
                    .replace("next-server 192.168.2.108;", "next-server " + TFTP_PI + ";")
                    .replace("192.168.2.", "127.0.2.");
            Files.writeString(etc.resolve(name), text);
        }
        return etc.resolve("dhcpd.conf");
    }

    private static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r != null) {
                try {
                    r.close();
                } catch (Exception e) {
                    // keep closing the others
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
