package dev.netboot.rules.differential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.DhcpWriter;
import dev.netboot.dhcp.Ipv4;
import dev.netboot.dhcp.MessageType;
import dev.netboot.rules.ClientFacts;
import dev.netboot.rules.Decision;
import dev.netboot.rules.isc.DhcpdConf;
import dev.netboot.rules.isc.HostResolver;
import dev.netboot.testlab.Host;
import dev.netboot.testlab.Proc;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test against ISC dhcpd 4.4 (Debian's {@code isc-dhcp-server}): dhcpd runs in a
 * network namespace this test creates, reading the reference configuration translated into
 * 10.214.2.0/24 ({@link ReferenceTranslation}); a child JVM in the client namespace broadcasts one
 * crafted DISCOVER per MISSION.md client and collects dhcpd's OFFERs ({@link DiscoverProbe}). For
 * each client, dhcpd's siaddr (next-server), boot file name (option 67, else the file field),
 * offered address, lease time and options 1, 3, 6, 15 and 42 must equal what our
 * {@code DhcpdConf} + {@code RuleSet} decide for the same DISCOVER bytes on the same files; and
 * dhcpd's next-server and file name must equal MISSION.md's table (translated), so that a
 * mistake both sides share (in the translation, say) does not pass.
 *
 * <p>Skipped, saying why, when not root or when dhcpd or iproute2 is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IscDhcpdDifferentialTest {
    /** The dhcpd's own address: not used by the reference configuration (hosts, range, servers). */
    static final String SERVER_ADDRESS = ReferenceTranslation.TEST_PREFIX + "254";
    static final int[] COMPARED_OPTIONS = {1, 3, 6, 15, 42};
    static final int DHCPD_START_SECONDS = 30;
    /** Per client: dhcpd ping-checks a dynamic address for 1 s before offering it. */
    static final long PROBE_TIMEOUT_MILLIS = 10_000;

    /** Parameter request lists. Each contains every compared option, so none is compared vacuously. */
    static final byte[] PXE_PRL = bytes(1, 2, 3, 4, 5, 6, 12, 13, 15, 17, 18, 22, 23, 28, 40, 41, 42, 43, 50, 51, 54,
            58, 59, 60, 66, 67, 97, 128, 129, 130, 131, 132, 133, 134, 135);
    /** iPXE's own list asks for no NTP server; 42 is added so that the comparison covers it. */
    static final byte[] IPXE_PRL = bytes(1, 3, 6, 7, 12, 15, 17, 26, 42, 43, 60, 66, 67, 119, 128, 129, 130, 131, 132,
            133, 134, 135, 175, 203);
    static final byte[] UBOOT_PRL = bytes(1, 3, 6, 12, 15, 17, 42, 66, 67);
    static final byte[] DHCLIENT_PRL = bytes(1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42);
    static final byte[] IPXE_FEATURES = bytes(0x13, 1, 1, 0x11, 1, 1, 0x24, 1, 1, 0x10, 1, 2);

    /**
     * A MISSION.md client: what it sends, and what the table says it gets (seed addresses).
     *
     * @param options option code to value, in the order the client writes them (53 comes first)
     */
    record Client(String name, String mac, Map<Integer, byte[]> options, String seedNextServer, String seedFilename,
            String seedFixedAddress) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Client> clients() {
        return List.of(
                new Client("UEFI arm64 firmware", "52:54:00:00:00:0b", options(55, PXE_PRL, 57, bytes(0x05, 0xc0),
                        93, bytes(0, 0x0b), 94, bytes(1, 3, 0), 60, text("PXEClient:Arch:00011:UNDI:003000")),
                        "192.168.2.14", "efi-a64/grubaa64.efi", null),
                // an iPXE EFI driver also says iPXE in 77: the arch rule comes first and wins
                new Client("old iPXE EFI driver on x64 (arch 9)", "52:54:00:00:00:09", options(55, IPXE_PRL, 93,
                        bytes(0, 9), 60, text("PXEClient:Arch:00009:UNDI:003010"), 77, text("iPXE"), 175,
                        IPXE_FEATURES), "192.168.2.14", "efi-x64/shim.efi", null),
                new Client("OVMF (UEFI x64, arch 7)", "52:54:00:00:00:07", options(55, PXE_PRL, 57, bytes(0x05, 0xc0),
                        93, bytes(0, 7), 94, bytes(1, 3, 0), 60, text("PXEClient:Arch:00007:UNDI:003016")),
                        "192.168.2.14", "efi-x64/shim.efi", null),
                new Client("U-Boot armv8, older (93 = 0x0100)", "b8:27:eb:00:00:01", options(55, UBOOT_PRL, 93,
                        bytes(1, 0), 60, text("U-Boot.armv8")), "192.168.2.108", "rpi3/boot.conf", null),
                new Client("U-Boot armv8 (93 = 0x0016)", "b8:27:eb:00:00:02", options(55, UBOOT_PRL, 93,
                        bytes(0, 0x16), 60, text("U-Boot.armv8")), "192.168.2.108", "rpi3/boot.conf", null),
                new Client("U-Boot armv7", "b8:27:eb:00:00:03", options(55, UBOOT_PRL, 60, text("U-Boot.armv7")),
                        "192.168.2.108", "rpi2/boot.conf", null),
                new Client("iPXE on BIOS (raw user class)", "52:54:00:00:00:01", options(55, IPXE_PRL, 93,
                        bytes(0, 0), 60, text("PXEClient:Arch:00000:UNDI:002001"), 77, text("iPXE"), 175,
                        IPXE_FEATURES), "192.168.2.14", "http://192.168.2.14/tftpboot/pxelinux.0", null),
                new Client("gPXE on BIOS (raw user class)", "52:54:00:00:00:02", options(55, IPXE_PRL, 93,
                        bytes(0, 0), 60, text("PXEClient:Arch:00000:UNDI:002001"), 77, text("gPXE")),
                        "192.168.2.14", "http://192.168.2.14/tftpboot/pxelinux.0", null),
                new Client("BIOS PXE ROM", "52:54:00:00:00:03", options(55, PXE_PRL, 93, bytes(0, 0), 94,
                        bytes(1, 2, 1), 60, text("PXEClient:Arch:00000:UNDI:002001")), "192.168.2.14",
                        "gpxe-undionly.kpxe", null),
                new Client("plain client (dhclient)", "3c:97:0e:01:02:03", options(55, DHCLIENT_PRL, 12,
                        text("laptop")), "192.168.2.14", "gpxe-undionly.kpxe", null),
                // MISSION.md lists only the fixed address; the subnet's else branch applies as well
                new Client("host photosmart", "10:60:4b:11:71:34", options(55, DHCLIENT_PRL), "192.168.2.14",
                        "gpxe-undionly.kpxe", "192.168.2.53"),
                // sends what OVMF sends: the host's next-server and filename still win
                new Client("host rpi3 (sending arch 7)", "b8:27:eb:12:34:56", options(55, PXE_PRL, 93, bytes(0, 7),
                        60, text("PXEClient:Arch:00007:UNDI:003016")), "192.168.2.108", "rpi3/boot.conf",
                        "192.168.2.31"));
    }

    Path dir;
    NamespacePair net;
    Proc dhcpd;
    DhcpdConf.Result ours;
    final Map<String, byte[]> discovers = new LinkedHashMap<>();
    final Map<String, byte[]> offers = new LinkedHashMap<>();
    final Map<Integer, String> report = new ConcurrentSkipListMap<>();

    @BeforeAll
    void runDhcpdAndCollectItsOffers() throws IOException {
        assumeTrue(Host.isRoot(), "skipped: the dhcpd differential test needs root (network namespaces)");
        assumeTrue(Host.hasCommand("ip"), "skipped: iproute2 (ip) is not installed");
        Path dhcpdBinary = Host.executable("dhcpd").orElse(null);
        assumeTrue(dhcpdBinary != null, "skipped: ISC dhcpd is not installed (Debian: apt-get install isc-dhcp-server)");

        dir = Files.createTempDirectory("nb-isc-differential");
        Path main = ReferenceTranslation.writeUnder(dir.resolve("reference"));
        ours = DhcpdConf.reader()
                .resolver(HostResolver.of(Map.of(ReferenceTranslation.NTP_HOST, List.of(ReferenceTranslation.NTP_ADDRESS))))
                .read(main);
        net = NamespacePair.create(SERVER_ADDRESS, "127.0.0.1 localhost\n" + ReferenceTranslation.NTP_ADDRESS + " "
                + ReferenceTranslation.NTP_HOST + "\n");

        Path leases = Files.createFile(dir.resolve("dhcpd.leases"));
        Path pidFile = dir.resolve("dhcpd.pid");
        dhcpd = net.startInServer(dhcpdBinary.toString(), "-4", "-f", "-d", "-cf", main.toString(), "-lf",
                leases.toString(), "-pf", pidFile.toString(), net.serverIf);
        dhcpd.await(Pattern.compile("^Server starting service"), DHCPD_START_SECONDS); // throws with dhcpd's output
        assertEquals(Long.toString(dhcpd.pid()), Files.readString(pidFile).trim(), "dhcpd's PID (we stop it by this PID)");

        int xid = ThreadLocalRandom.current().nextInt();
        StringBuilder requests = new StringBuilder();
        int i = 0;
        for (Client c : clients()) {
            byte[] m = discover(c, xid + i);
            discovers.put(c.name(), m);
            requests.append("c").append(i++).append(' ').append(HexFormat.of().formatHex(m)).append('\n');
        }
        Path requestFile = Files.writeString(dir.resolve("requests.txt"), requests, StandardCharsets.US_ASCII);
        Proc probe = net.startInClient(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", probeClasspath(), DiscoverProbe.class.getName(),
                requestFile.toString(), Long.toString(PROBE_TIMEOUT_MILLIS));
        int limitSeconds = (int) (PROBE_TIMEOUT_MILLIS * discovers.size() / 1000) + 60;
        int rc = probe.waitForExit(limitSeconds);
        assertEquals(0, rc, () -> "probe (exit -1: still running after " + limitSeconds + " s):\n" + probe.output()
                + "\ndhcpd:\n" + dhcpd.output());
        List<String> names = new ArrayList<>(discovers.keySet());
        for (String line : probe.output().split("\n")) {
            String[] parts = line.split(" ");
            if (parts.length == 3 && parts[0].equals("OFFER")) {
                offers.put(names.get(Integer.parseInt(parts[1].substring(1))), HexFormat.of().parseHex(parts[2]));
            }
        }
    }

    @AfterAll
    void stopDhcpdAndRemoveEverything() throws IOException {
        try {
            if (dhcpd != null) {
                dhcpd.stop(10);
            }
            if (net != null) {
                net.close();
            }
        } finally {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        if (!report.isEmpty()) {
            System.out.println("ISC dhcpd differential (ours | dhcpd):");
            report.values().forEach(System.out::println);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void dhcpdOffersWhatWeDecide(Client client) {
        for (int code : COMPARED_OPTIONS) {
            assertTrue(requests(client, code), "precondition: " + client + " asks for option " + code);
        }
        byte[] offer = offers.get(client.name());
        assertNotNull(offer, () -> "dhcpd sent no OFFER to " + client + "; dhcpd said:\n" + dhcpd.output());
        Answer theirs = dhcpdAnswer(offer);
        Answer mine = ourAnswer(discovers.get(client.name()));
        report.put(List.copyOf(discovers.keySet()).indexOf(client.name()), String.format("  %-38s %s%n  %-38s %s", client.name(), mine.brief(), "",
                theirs.brief()));

        assertEquals(mine, theirs, client + ": ours (expected) vs dhcpd's OFFER (actual)");
        assertEquals(ReferenceTranslation.address(client.seedNextServer()), theirs.nextServer(),
                client + ": dhcpd's next-server vs MISSION.md");
        assertEquals(ReferenceTranslation.translateAddresses(client.seedFilename()), theirs.filename(),
                client + ": dhcpd's file name vs MISSION.md");
        if (client.seedFixedAddress() != null) {
            assertEquals(ReferenceTranslation.address(client.seedFixedAddress()), theirs.address(),
                    client + ": dhcpd's offered address vs MISSION.md");
        }
    }

    /**
     * What a server answers, in comparable form.
     *
     * @param address the fixed address, or {@code dynamic RANGES} for an address from the pool
     * @param options compared option code to its rendered value, or {@code absent}
     */
    record Answer(String nextServer, String filename, String address, long leaseTime, Map<Integer, String> options) {
        String brief() {
            return "next-server=" + nextServer + " file=\"" + filename + "\" address=" + address + " lease=" + leaseTime
                    + " " + options;
        }
    }

    Answer dhcpdAnswer(byte[] offer) {
        ByteBuf buf = Unpooled.wrappedBuffer(offer);
        try {
            DhcpMessage m = DhcpMessage.decode(buf);
            assertEquals(MessageType.OFFER, m.messageType(), "dhcpd's reply type");
            assertTrue(m.problems().isEmpty(), () -> "dhcpd's OFFER decodes cleanly: " + m.problems());
            Map<Integer, String> options = new TreeMap<>();
            for (int code : COMPARED_OPTIONS) {
                options.put(code, render(code, m.optionBytes(code)));
            }
            int yiaddr = m.yiaddr();
            String address = referenceRangeContains(yiaddr) ? "dynamic " + List.of(referenceRange()) : Ipv4.format(yiaddr);
            long lease = m.has(51) ? m.optionInt(51, 0) & 0xFFFFFFFFL : -1;
            return new Answer(Ipv4.format(m.siaddr()), m.bootFileName(), address, lease, options);
        } finally {
            assertTrue(buf.release(), "OFFER buffer released");
        }
    }

    Answer ourAnswer(byte[] discover) {
        ByteBuf buf = Unpooled.wrappedBuffer(discover);
        try {
            DhcpMessage m = DhcpMessage.decode(buf);
            ClientFacts facts = ClientFacts.from(m, net.serverIf, Ipv4.parse(SERVER_ADDRESS));
            Decision d = ours.ruleSet().decide(facts);
            Map<Integer, String> options = new TreeMap<>();
            for (int code : COMPARED_OPTIONS) {
                options.put(code, render(code, d.option(code)));
            }
            String address = d.hasFixedAddress() ? d.fixedAddress() : "dynamic " + d.ranges();
            return new Answer(Ipv4.format(d.nextServerAddress()), d.filename() == null ? "" : d.filename(), address,
                    d.defaultLeaseTime(), options);
        } finally {
            assertTrue(buf.release(), "DISCOVER buffer released");
        }
    }

    /** The reference's dynamic range, translated; independent of our reader, to judge dhcpd's yiaddr. */
    static String referenceRange() {
        return ReferenceTranslation.address("192.168.2.200") + " - " + ReferenceTranslation.address("192.168.2.249");
    }

    static boolean referenceRangeContains(int address) {
        int first = Ipv4.parse(ReferenceTranslation.address("192.168.2.200"));
        int last = Ipv4.parse(ReferenceTranslation.address("192.168.2.249"));
        return Integer.compareUnsigned(address, first) >= 0 && Integer.compareUnsigned(address, last) <= 0;
    }

    static String render(int code, byte[] value) {
        if (value == null) {
            return "absent";
        }
        if (code == 15) {
            return '"' + new String(value, StandardCharsets.ISO_8859_1) + '"';
        }
        if (value.length % 4 != 0) {
            return HexFormat.ofDelimiter(":").formatHex(value);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length; i += 4) {
            int a = ((value[i] & 0xFF) << 24) | ((value[i + 1] & 0xFF) << 16) | ((value[i + 2] & 0xFF) << 8)
                    | (value[i + 3] & 0xFF);
            sb.append(i == 0 ? "" : ",").append(Ipv4.format(a));
        }
        return sb.toString();
    }

    static boolean requests(Client c, int code) {
        byte[] prl = c.options().get(55);
        for (byte b : prl) {
            if ((b & 0xFF) == code) {
                return true;
            }
        }
        return false;
    }

    /** The client's DISCOVER: broadcast flag set, because its interface has no address to unicast to. */
    static byte[] discover(Client c, int xid) {
        ByteBuf buf = Unpooled.buffer(576);
        try {
            DhcpWriter w = new DhcpWriter().begin(buf, DhcpMessage.BOOTREQUEST, MessageType.DISCOVER).xid(xid)
                    .flags(0x8000).chaddr(HexFormat.ofDelimiter(":").parseHex(c.mac()));
            c.options().forEach(w::option);
            w.finish();
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            assertTrue(buf.release(), "DISCOVER write buffer released");
        }
    }

    static Map<Integer, byte[]> options(Object... codeValue) {
        Map<Integer, byte[]> out = new LinkedHashMap<>();
        for (int i = 0; i < codeValue.length; i += 2) {
            out.put((Integer) codeValue[i], (byte[]) codeValue[i + 1]);
        }
        return out;
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Where DiscoverProbe's class file is (target/test-classes): it needs nothing else. */
    static String probeClasspath() {
        try {
            return Path.of(DiscoverProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
