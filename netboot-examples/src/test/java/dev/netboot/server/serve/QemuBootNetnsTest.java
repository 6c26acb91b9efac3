package dev.netboot.server.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netboot.cli.Netboot;
import dev.netboot.dhcp.MessageType;
import dev.netboot.server.serve.BootCapture.Dhcp;
import dev.netboot.server.serve.BootCapture.Http;
import dev.netboot.server.serve.BootCapture.Transfer;
import dev.netboot.testlab.Proc;
import dev.netboot.tftp.TftpCodec;
import dev.netboot.tftp.TftpOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real firmware network-boots in QEMU (software emulation) from {@code netboot serve} running the
 * reference dhcpd.conf, translated into the test subnet 10.214.2.0/24 (the seed's 192.168.2.N
 * becomes 10.214.2.N, so the server is the configuration's next-server 10.214.2.14 and serves HTTP
 * on port 80, as the configuration's URL has no port). The guest sits on a tap in the client
 * namespace, bridged to the server namespace ({@link QemuLab}); tcpdump captures on the tap, and
 * the capture is decoded with netboot's own capture reader and codecs ({@link BootCapture}).
 *
 * <p>The boot root holds Debian's real {@code undionly.kpxe} as {@code gpxe-undionly.kpxe},
 * Debian's {@code snponly.efi} as {@code efi-x64/shim.efi}, and an iPXE script as
 * {@code pxelinux.0} that prints markers on the serial console and, in QEMU's iPXE ROM,
 * chainloads {@code gpxe-undionly.kpxe} over TFTP; in undionly (net0's chip is then
 * {@code undionly}) it prints the done marker, so the chain does not loop. On UEFI there is no
 * HTTP step: the reference configuration tests option 93 before the user class, so iPXE EFI
 * (arch 7, user class iPXE) is sent back to {@code efi-x64/shim.efi}, as ISC dhcpd would send it;
 * that test stops once iPXE EFI has fetched it (the boot would loop from there).
 *
 * <p>Each guest runs until a console marker or a bounded limit ({@link #VM_LIMIT_SECONDS}); the
 * console is polled, every failure message carries the tail of the console, of the server's log
 * and a summary of the capture. Skipped, with the reason, when not root or when QEMU, the iPXE
 * ROM and boot files, OVMF, tcpdump or dnsmasq are missing (Debian: qemu-system-x86, ipxe-qemu,
 * ipxe, ovmf, tcpdump, dnsmasq-base). No KVM: {@code accel=tcg}.
 */
class QemuBootNetnsTest {
    static final String PREFIX = "10.214.2.";
    /** The reference configuration's next-server (192.168.2.14), translated. */
    static final String SERVER = PREFIX + "14";
    /** The reference configuration's router (192.168.2.1), translated: dnsmasq in the proxy test. */
    static final String ROUTER = PREFIX + "1";
    static final String SCRIPT_URL = "http://" + SERVER + "/tftpboot/pxelinux.0";
    static final String NTP_HOST = "ntp.home.kraxel.org";
    static final String NTP_ADDRESS = PREFIX + "123";
    static final int VM_LIMIT_SECONDS = 120;

    static final Path QEMU_IPXE_ROM = Path.of("/usr/lib/ipxe/qemu/efi-virtio.rom");
    static final Path UNDIONLY = Path.of("/usr/lib/ipxe/undionly.kpxe");
    static final Path SNPONLY = Path.of("/usr/lib/ipxe/snponly.efi");
    static final Path OVMF_CODE = Path.of("/usr/share/OVMF/OVMF_CODE_4M.fd");
    static final Path OVMF_VARS = Path.of("/usr/share/OVMF/OVMF_VARS_4M.fd");

    static final Pattern BIOS_DONE = Pattern.compile("NBT-DONE");
    static final Pattern BIOS_FAILED = Pattern.compile("NBT-CHAIN-FAILED|No bootable device|PXE-E\\d\\d");

    private static final String RESOURCES = "/dev/netboot/server/serve/";
    private static final List<String> REFERENCE = List.of("etc/dhcp/dhcpd.conf", "etc/dhcp/home.4.dhcp.inc",
            "etc/dhcp/xeni.4.dhcp.inc");
    private static final Pattern SEED_ADDRESS = Pattern.compile("(?<![0-9.])192\\.168\\.2\\.(\\d{1,3})(?![0-9])");

    @TempDir
    Path dir;
    QemuLab lab;
    Proc serve;
    Proc capture;
    Path console;
    Path pcap;
    BootCapture captured;

    @AfterEach
    void tearDown(TestInfo test) throws IOException {
        if (lab != null) {
            lab.close();
        }
        keepArtifacts(test);
    }

    /**
     * With {@code -Dnetboot.qemu.artifacts=DIR}, keeps the console, the capture and the server's
     * log of each test under {@code DIR/<test method>/} (for CI artifacts and for reading what the
     * firmware did); the temporary directory itself is deleted by JUnit.
     */
    private void keepArtifacts(TestInfo test) throws IOException {
        String to = System.getProperty("netboot.qemu.artifacts");
        if (to == null || to.isBlank() || console == null) {
            return;
        }
        Path target = Path.of(to, test.getTestMethod().map(m -> m.getName()).orElse("unknown"));
        Files.createDirectories(target);
        for (Path f : List.of(console, pcap)) {
            if (Files.exists(f)) {
                Files.copy(f, target.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (serve != null) {
            Files.writeString(target.resolve("serve.log"), serve.output());
        }
    }

    // ------------------------------------------------------------------ 1. BIOS

    /**
     * SeaBIOS + QEMU's iPXE ROM: DISCOVER (93 = 0, raw 77 {@code iPXE}) → the iPXE rule's URL →
     * HTTP GET pxelinux.0 (the script) → TFTP gpxe-undionly.kpxe → undionly's own DHCP (again
     * user class iPXE) → HTTP GET pxelinux.0 → done marker.
     */
    @Test
    void biosIpxeRomChainloadsUndionlyOverTftpAndFetchesTheScriptOverHttp() throws IOException {
        assumeCommon();
        assumeFile(QEMU_IPXE_ROM, "ipxe-qemu");
        assumeFile(UNDIONLY, "ipxe");
        lab = QemuLab.create(SERVER + "/24");
        Path root = bootRoot();
        startServe(root);
        String mac = "52:54:00:13:00:01";
        Vm vm = runVm("bios", BIOS_DONE, BIOS_FAILED, biosGuest(mac));

        assertTrue(vm.reached(), () -> "BIOS guest did not reach /" + BIOS_DONE + "/ " + vm + diagnostics(vm));
        assertBiosChainOnConsole(vm);

        List<Dhcp> discovers = from(mac, MessageType.DISCOVER);
        assertFalse(discovers.isEmpty(), () -> "no DISCOVER from " + mac + diagnostics(vm));
        for (Dhcp d : discovers) {
            assertIpxeBiosDiscover(d, vm);
        }
        assertTrue(xids(discovers).size() >= 2, () -> "the ROM and undionly each DISCOVER: " + discovers + diagnostics(vm));

        List<Dhcp> replies = captured.dhcp.stream()
                .filter(m -> m.mac().equals(mac) && m.source().equals(SERVER))
                .filter(m -> MessageType.OFFER.equals(m.type()) || MessageType.ACK.equals(m.type())).toList();
        assertTrue(replies.stream().anyMatch(m -> MessageType.OFFER.equals(m.type())), () -> "no OFFER" + diagnostics(vm));
        List<Dhcp> acks = replies.stream().filter(m -> MessageType.ACK.equals(m.type())).toList();
        assertTrue(acks.size() >= 2, () -> "two DHCPACKs expected (ROM, undionly): " + acks + diagnostics(vm));
        for (Dhcp r : replies) {
            assertEquals(SCRIPT_URL, r.bootFile(), () -> "iPXE rule's URL in " + r + diagnostics(vm));
            assertEquals(SERVER, r.siaddr(), () -> "next-server in " + r);
            assertEquals(SERVER, r.serverId(), () -> "server identifier in " + r);
            assertInRange(r.yiaddr(), 200, 249, r);
        }
        String leased = acks.get(0).yiaddr();

        assertChainOnTheWire(leased, root, vm);
        assertTrue(Pattern.compile("\"GET /tftpboot/pxelinux\\.0 HTTP/1\\.1\" 200 ").matcher(serve.output()).find(),
                () -> "access log line for the script" + diagnostics(vm));
        assertTrue(Pattern.compile("\"gpxe-undionly\\.kpxe\".*result=ok").matcher(serve.output()).find(),
                () -> "TFTP log line for gpxe-undionly.kpxe" + diagnostics(vm));
    }

    // ------------------------------------------------------------------ 2. UEFI

    /**
     * OVMF with EDK2's own PXE (no option ROM): DISCOVER arch 7 → {@code efi-x64/shim.efi} →
     * EDK2's TFTP (tsize probe aborted with ERROR 8 after the OACK, then blksize 1468 and
     * windowsize 4) → the file (Debian's snponly.efi) starts → iPXE EFI DHCPs (arch 7, user class
     * iPXE). The reference configuration tests the architecture before the user class, so iPXE
     * EFI gets {@code efi-x64/shim.efi} again, as it would from ISC dhcpd; the guest is stopped
     * once iPXE has fetched it over TFTP (it would loop from there: no HTTP on this path).
     */
    @Test
    void ovmfDownloadsShimWithTsizeProbeAndWindowsizeAndIpxeEfiIsSentBackToIt() throws IOException {
        assumeCommon();
        assumeFile(OVMF_CODE, "ovmf");
        assumeFile(OVMF_VARS, "ovmf");
        assumeFile(SNPONLY, "ipxe");
        lab = QemuLab.create(SERVER + "/24");
        Path root = bootRoot();
        byte[] shim = Files.readAllBytes(root.resolve("efi-x64/shim.efi"));
        startServe(root);
        String mac = "52:54:00:13:00:07";
        Pattern done = Pattern.compile("tftp://" + Pattern.quote(SERVER) + "/efi-x64/shim\\.efi\\.\\.\\. ok");
        Vm vm = runVm("uefi", done, Pattern.compile("PXE-E\\d\\d|BdsDxe: failed to"), uefiGuest(mac));

        assertTrue(vm.reached(), () -> "UEFI guest did not reach /" + done + "/ " + vm + diagnostics(vm));
        assertConsole(vm, "Start PXE over IPv4", "OVMF started PXE over IPv4");
        assertConsole(vm, "NBP filename is efi-x64/shim\\.efi", "EDK2 got the arch 7 boot file");
        assertConsole(vm, "NBP filesize is " + shim.length + " Bytes", "EDK2 read the size from the OACK's tsize");
        assertConsole(vm, "NBP file downloaded successfully", "EDK2 downloaded the file");
        assertConsole(vm, "net0: " + Pattern.quote(mac) + " using SNP", "iPXE EFI (snponly) started on EDK2's SNP");
        assertConsole(vm, "Filename: efi-x64/shim\\.efi", "iPXE EFI got efi-x64/shim.efi (arch rule before user-class rule)");

        // EDK2's DHCP, then iPXE EFI's
        List<Dhcp> discovers = from(mac, MessageType.DISCOVER);
        List<Dhcp> edk2 = discovers.stream().filter(d -> d.userClass() == null).toList();
        List<Dhcp> ipxe = discovers.stream().filter(d -> d.userClass() != null).toList();
        assertFalse(edk2.isEmpty(), () -> "no EDK2 DISCOVER" + diagnostics(vm));
        assertFalse(ipxe.isEmpty(), () -> "no iPXE EFI DISCOVER" + diagnostics(vm));
        for (Dhcp d : edk2) {
            assertEquals(7, d.arch(), () -> "option 93 of " + d);
            assertTrue(d.vendorClass().startsWith("PXEClient:Arch:00007:UNDI:003000"), () -> "option 60 of " + d);
        }
        for (Dhcp d : ipxe) {
            assertEquals(7, d.arch(), () -> "option 93 of " + d);
            assertArrayEquals("iPXE".getBytes(StandardCharsets.US_ASCII), d.userClass(), () -> "option 77 of " + d);
            assertTrue(d.vendorClass().startsWith("PXEClient:Arch:00007:UNDI:003010"), () -> "option 60 of " + d);
        }
        for (Dhcp r : repliesTo(discovers, SERVER)) {
            assertEquals("efi-x64/shim.efi", r.bootFile(), () -> "arch 7 rule's file in " + r + diagnostics(vm));
            assertEquals(SERVER, r.siaddr(), () -> "next-server in " + r);
            assertInRange(r.yiaddr(), 200, 249, r);
        }
        Set<Integer> ipxeXids = xids(ipxe);
        assertTrue(captured.dhcp(MessageType.ACK).stream().anyMatch(a -> ipxeXids.contains(a.xid())
                && a.bootFile().equals("efi-x64/shim.efi")), () -> "iPXE EFI's ACK names shim.efi" + diagnostics(vm));
        // EDK2 sends no option 61, iPXE sends 01:<MAC>: the same interface, so one lease
        Set<String> leasedAddresses = new java.util.TreeSet<>();
        captured.dhcp(MessageType.ACK).forEach(a -> leasedAddresses.add(a.yiaddr()));
        assertEquals(1, leasedAddresses.size(), () -> "firmware and iPXE share one address: " + leasedAddresses);

        // EDK2's MTFTP: probe with tsize, abort after the OACK, then the download with windowsize
        List<Transfer> transfers = captured.transfers("efi-x64/shim.efi");
        assertTrue(transfers.size() >= 3, () -> "three RRQs expected (probe, EDK2 download, iPXE)" + diagnostics(vm));
        Transfer probe = transfers.get(0);
        assertEquals(TftpOptions.of("tsize", "0", "blksize", "1468", "windowsize", "4"), probe.request().options(),
                () -> "EDK2's probe " + probe.request());
        List<BootCapture.Tftp> probeOack = probe.fromServer(TftpCodec.OACK);
        assertEquals(1, probeOack.size(), () -> "one OACK to the probe: " + probe.packets());
        assertEquals(String.valueOf(shim.length), probeOack.get(0).options().value("tsize").orElse(null),
                () -> "tsize in " + probeOack.get(0));
        assertEquals("1468", probeOack.get(0).options().value("blksize").orElse(null), () -> "" + probeOack.get(0));
        assertEquals("4", probeOack.get(0).options().value("windowsize").orElse(null), () -> "" + probeOack.get(0));
        List<BootCapture.Tftp> aborts = probe.fromClient(TftpCodec.ERROR);
        assertEquals(1, aborts.size(), () -> "EDK2 aborts the probe: " + probe.packets());
        assertEquals(8, aborts.get(0).errorCode(), () -> "abort code in " + aborts.get(0));
        assertTrue(probe.fromServer(TftpCodec.DATA).isEmpty(), () -> "no DATA after the abort: " + probe.packets());

        Transfer download = transfers.get(1);
        assertNotEquals(probe.request().source(), download.request().source(), "a new client port for the download");
        assertEquals(TftpOptions.of("blksize", "1468", "windowsize", "4"), download.request().options(),
                () -> "EDK2's download " + download.request());
        List<BootCapture.Tftp> oack = download.fromServer(TftpCodec.OACK);
        assertEquals(1, oack.size(), () -> "one OACK to the download: " + oack);
        assertEquals(TftpOptions.of("blksize", "1468", "windowsize", "4"), oack.get(0).options(), () -> "" + oack.get(0));
        assertArrayEquals(shim, download.received(), "the file as EDK2 received it");
        List<BootCapture.Tftp> data = download.fromServer(TftpCodec.DATA);
        assertTrue(data.stream().limit(data.size() - 1L).allMatch(d -> d.data().length == 1468),
                "full DATA blocks carry 1468 bytes");
        int acks = download.fromClient(TftpCodec.ACK).size();
        assertTrue(acks < data.size() / 2, () -> "windowsize 4: EDK2 acknowledges every 4th block, not each: "
                + acks + " ACKs for " + data.size() + " DATA");

        Transfer byIpxe = transfers.get(2);
        assertTrue(byIpxe.request().frame() > ipxe.get(0).frame(), "iPXE's RRQ follows its DHCP");
        assertArrayEquals(shim, byIpxe.received(), "the file as iPXE EFI received it");

        assertTrue(Pattern.compile("\"efi-x64/shim\\.efi\".*tsize=" + shim.length + ".*result=size probe").matcher(serve.output()).find(),
                () -> "log of the size probe (an INFO line, not a failure)" + diagnostics(vm));
        assertTrue(Pattern.compile("\"efi-x64/shim\\.efi\".*windowsize=4.*result=ok").matcher(serve.output()).find(),
                () -> "log of the windowed download" + diagnostics(vm));
    }

    // ------------------------------------------------------------------ 3. proxyDHCP beside dnsmasq

    /**
     * The BIOS boot of test 1 with dnsmasq (on the configuration's router address) handing out
     * addresses only and {@code netboot serve --proxy} answering with the boot file: two offers
     * for each DISCOVER, the address from dnsmasq, the URL from us; iPXE boots to the done marker.
     */
    @Test
    void biosIpxeBootsFromProxyBesideDnsmasq() throws IOException {
        assumeCommon();
        assumeFile(QEMU_IPXE_ROM, "ipxe-qemu");
        assumeFile(UNDIONLY, "ipxe");
        assumeTrue(QemuLab.hasCommand("dnsmasq"), "skipped: dnsmasq is not installed (Debian: dnsmasq-base)");
        lab = QemuLab.create(SERVER + "/24");
        String routerNs = lab.addRouter(ROUTER + "/24");
        Proc dnsmasq = startDnsmasq(routerNs);
        Path root = bootRoot();
        startServe(root, "--proxy");
        String mac = "52:54:00:13:00:03";
        Vm vm = runVm("proxy", BIOS_DONE, BIOS_FAILED, biosGuest(mac));

        assertTrue(vm.reached(), () -> "BIOS guest did not reach /" + BIOS_DONE + "/ " + vm + diagnostics(vm)
                + "\ndnsmasq:\n" + tail(dnsmasq.output(), 30));
        assertBiosChainOnConsole(vm);

        List<Dhcp> discovers = from(mac, MessageType.DISCOVER);
        assertFalse(discovers.isEmpty(), () -> "no DISCOVER from " + mac + diagnostics(vm));
        discovers.forEach(d -> assertIpxeBiosDiscover(d, vm));
        String leased = null;
        for (int xid : xids(discovers)) {
            List<Dhcp> offers = captured.dhcp(MessageType.OFFER).stream().filter(o -> o.xid() == xid).toList();
            Dhcp address = only(offers, o -> o.source().equals(ROUTER), "dnsmasq's OFFER for xid " + xid, vm);
            Dhcp boot = only(offers, o -> o.source().equals(SERVER), "the proxy's OFFER for xid " + xid, vm);
            assertInRange(address.yiaddr(), 150, 199, address);
            assertEquals("", address.bootFile(), () -> "dnsmasq gives no boot file: " + address);
            assertEquals("0.0.0.0", boot.yiaddr(), () -> "a proxy offers no address: " + boot);
            assertEquals("PXEClient", boot.vendorClass(), () -> "option 60 of " + boot);
            assertEquals(SCRIPT_URL, boot.bootFile(), () -> "the iPXE rule's URL in " + boot);
            assertEquals(SERVER, boot.siaddr(), () -> "next-server in " + boot);
            assertEquals(SERVER, boot.serverId(), () -> "server identifier in " + boot);
            Dhcp ack = only(captured.dhcp(MessageType.ACK).stream().filter(a -> a.xid() == xid).toList(),
                    a -> a.source().equals(ROUTER), "dnsmasq's ACK for xid " + xid, vm);
            assertEquals(address.yiaddr(), ack.yiaddr());
            leased = ack.yiaddr();
        }
        assertTrue(xids(discovers).size() >= 2, () -> "the ROM and undionly each DISCOVER" + diagnostics(vm));
        for (Dhcp r : from(mac, MessageType.REQUEST)) {
            assertEquals(ROUTER, r.serverId(), () -> "the REQUEST names dnsmasq: " + r);
        }
        assertTrue(captured.dhcp.stream().noneMatch(m -> m.source().equals(SERVER) && !m.yiaddr().equals("0.0.0.0")),
                () -> "the proxy never gives an address" + diagnostics(vm));
        assertTrue(captured.dhcp(MessageType.NAK).isEmpty(), () -> "no DHCPNAK" + diagnostics(vm));

        assertChainOnTheWire(leased, root, vm);
        assertTrue(serve.output().contains("proxy DHCPOFFER"), () -> "proxy log line" + diagnostics(vm));
    }

    // ------------------------------------------------------------------ shared assertions

    private void assertBiosChainOnConsole(Vm vm) {
        assertConsole(vm, "Filename: " + Pattern.quote(SCRIPT_URL), "the ROM got the iPXE rule's URL");
        assertConsole(vm, "NBT-SCRIPT platform=pcbios chip=virtio-net ip=" + Pattern.quote(PREFIX) + "\\d+ server="
                + Pattern.quote(SERVER), "the script ran in the ROM's iPXE");
        assertConsole(vm, "NBT-ROM-HTTP-OK", "the ROM fetched the script over HTTP");
        assertConsole(vm, "tftp://" + Pattern.quote(SERVER) + "/gpxe-undionly\\.kpxe\\.\\.\\. ok",
                "gpxe-undionly.kpxe over TFTP");
        assertConsole(vm, "using undionly on", "undionly.kpxe took over the NIC");
        assertConsole(vm, "NBT-SCRIPT platform=pcbios chip=undionly ip=" + Pattern.quote(PREFIX) + "\\d+ server="
                + Pattern.quote(SERVER), "the script ran again in undionly");
        assertConsole(vm, "NBT-UNDIONLY-HTTP-OK", "undionly fetched the script over HTTP");
    }

    private void assertIpxeBiosDiscover(Dhcp d, Vm vm) {
        assertEquals(0, d.arch(), () -> "option 93 = 0 (BIOS) in " + d + diagnostics(vm));
        assertArrayEquals("iPXE".getBytes(StandardCharsets.US_ASCII), d.userClass(),
                () -> "option 77 = raw iPXE in " + d + diagnostics(vm));
    }

    /** HTTP GET of the script, TFTP of undionly (the real file, in full), HTTP GET again: in that order. */
    private void assertChainOnTheWire(String leased, Path root, Vm vm) throws IOException {
        List<Http> gets = captured.http("GET /tftpboot/pxelinux.0 HTTP/1.1").stream()
                .filter(h -> h.source().startsWith(leased + ":") && h.destination().equals(SERVER + ":80")).toList();
        assertTrue(gets.size() >= 2, () -> "two GETs of the script from " + leased + diagnostics(vm));
        List<Http> ok = captured.http("HTTP/1.1 200").stream().filter(h -> h.source().equals(SERVER + ":80")).toList();
        assertFalse(ok.isEmpty(), () -> "HTTP 200 from the server" + diagnostics(vm));
        List<Transfer> undionly = captured.transfers("gpxe-undionly.kpxe");
        assertFalse(undionly.isEmpty(), () -> "no RRQ for gpxe-undionly.kpxe" + diagnostics(vm));
        Transfer t = undionly.get(undionly.size() - 1);
        assertEquals(leased, t.request().source().getAddress().getHostAddress());
        assertEquals(SERVER, t.request().destination().getAddress().getHostAddress());
        assertEquals(69, t.request().destination().getPort());
        assertArrayEquals(Files.readAllBytes(root.resolve("gpxe-undionly.kpxe")), t.received(),
                "gpxe-undionly.kpxe as the ROM received it");
        assertTrue(gets.get(0).frame() < t.request().frame() && t.request().frame() < gets.get(gets.size() - 1).frame(),
                () -> "HTTP, then TFTP, then HTTP again" + diagnostics(vm));
    }

    private void assertConsole(Vm vm, String regex, String what) {
        assertTrue(Pattern.compile(regex).matcher(vm.console()).find(),
                () -> what + ": console lacks /" + regex + "/" + diagnostics(vm));
    }

    private static void assertInRange(String address, int first, int last, Dhcp in) {
        assertTrue(address.startsWith(PREFIX), () -> address + " in " + in);
        int host = Integer.parseInt(address.substring(PREFIX.length()));
        assertTrue(host >= first && host <= last, () -> address + " outside " + PREFIX + first + "-" + last + " in " + in);
    }

    private List<Dhcp> from(String mac, MessageType type) {
        return captured.dhcp(type).stream().filter(m -> m.mac().equals(mac)).toList();
    }

    private List<Dhcp> repliesTo(List<Dhcp> requests, String server) {
        Set<Integer> x = xids(requests);
        return captured.dhcp.stream().filter(m -> x.contains(m.xid()) && m.source().equals(server)).toList();
    }

    private static Set<Integer> xids(List<Dhcp> messages) {
        return messages.stream().map(Dhcp::xid).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    /** The answer {@code which} selects; retransmissions of it (same xid) must agree. */
    private Dhcp only(List<Dhcp> messages, Predicate<Dhcp> which, String what, Vm vm) {
        List<Dhcp> found = messages.stream().filter(which).toList();
        assertFalse(found.isEmpty(), () -> "missing: " + what + diagnostics(vm));
        Dhcp first = found.get(0);
        for (Dhcp m : found) {
            assertEquals(first.yiaddr() + " " + first.bootFile(), m.yiaddr() + " " + m.bootFile(),
                    () -> "differing answers: " + what + ": " + found);
        }
        return first;
    }

    // ------------------------------------------------------------------ set-up

    private static void assumeCommon() {
        assumeTrue(QemuLab.isRoot(), "skipped: network namespaces and taps need root");
        assumeTrue(Files.exists(Path.of("/dev/net/tun")), "skipped: no /dev/net/tun (the VM's tap needs it)");
        for (String c : List.of("ip", "timeout")) {
            assumeTrue(QemuLab.hasCommand(c), "skipped: " + c + " is not installed");
        }
        assumeTrue(QemuLab.hasCommand("qemu-system-x86_64"),
                "skipped: qemu-system-x86_64 is not installed (Debian: qemu-system-x86)");
        assumeTrue(QemuLab.hasCommand("tcpdump"), "skipped: tcpdump is not installed");
    }

    private static void assumeFile(Path file, String debianPackage) {
        assumeTrue(Files.isRegularFile(file), "skipped: " + file + " is missing (Debian: " + debianPackage + ")");
    }

    /** The reference files with the seed's addresses moved into the test subnet; returns dhcpd.conf. */
    private Path writeReference() throws IOException {
        Path base = dir.resolve("reference");
        for (String f : REFERENCE) {
            try (InputStream in = QemuBootNetnsTest.class.getResourceAsStream(RESOURCES + "reference/" + f)) {
                if (in == null) {
                    throw new IllegalStateException("test resource missing: " + RESOURCES + "reference/" + f);
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                Path target = base.resolve(f);
                Files.createDirectories(target.getParent());
                Files.writeString(target, SEED_ADDRESS.matcher(text).replaceAll(m -> PREFIX + m.group(1)));
            }
        }
        return base.resolve(REFERENCE.get(0));
    }

    /** The boot root: the reference's three file names, with Debian's iPXE builds and the script. */
    private Path bootRoot() throws IOException {
        Path root = dir.resolve("tftpboot");
        Files.createDirectories(root.resolve("efi-x64"));
        if (Files.isRegularFile(UNDIONLY)) {
            Files.copy(UNDIONLY, root.resolve("gpxe-undionly.kpxe"), StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.isRegularFile(SNPONLY)) {
            Files.copy(SNPONLY, root.resolve("efi-x64/shim.efi"), StandardCopyOption.REPLACE_EXISTING);
        }
        try (InputStream in = QemuBootNetnsTest.class.getResourceAsStream(RESOURCES + "pxelinux.0.ipxe")) {
            Files.write(root.resolve("pxelinux.0"), in.readAllBytes());
        }
        return root;
    }

    /** {@code netboot serve} in a child JVM in the server namespace, HTTP on port 80; waits until ready. */
    private void startServe(Path root, String... extra) throws IOException {
        Path conf = writeReference();
        List<String> cmd = new ArrayList<>(QemuLab.javaCommand());
        cmd.addAll(List.of(Netboot.class.getName(), "serve", "--config", conf.toString(), "--include-root",
                dir.resolve("reference").toString(), "--tftp-root", root.toString(), "--interface", lab.serverIf,
                "--http-port", "80", "--lease-file", dir.resolve("leases").toString(),
                "--resolve", NTP_HOST + "=" + NTP_ADDRESS));
        cmd.addAll(Arrays.asList(extra));
        serve = lab.start(lab.serverNs, 600, null, cmd.toArray(String[]::new));
        serve.await(Pattern.compile("serve: ready|netboot serve: "), 60);
        assertTrue(serve.output().contains("serve: ready"), () -> "serve did not start:\n" + serve.output());
    }

    /** dnsmasq on the router: addresses 150-199 only (no boot file, no PXE service), no DNS. */
    private Proc startDnsmasq(String ns) throws IOException {
        Path conf = dir.resolve("dnsmasq.conf");
        Files.writeString(conf, String.join("\n",
                "port=0",
                "interface=" + lab.routerIf(),
                "bind-interfaces",
                "no-ping",
                "leasefile-ro",
                "log-dhcp",
                "dhcp-authoritative",
                "dhcp-range=" + PREFIX + "150," + PREFIX + "199,255.255.255.0,10m",
                "dhcp-option=option:router," + ROUTER, ""));
        Proc p = lab.start(ns, 600, null, "dnsmasq", "--keep-in-foreground", "--conf-file=" + conf,
                "--log-facility=-", "--pid-file=" + dir.resolve("dnsmasq.pid"));
        p.await(Pattern.compile("DHCP, IP range " + Pattern.quote(PREFIX + "150")), 30);
        return p;
    }

    private List<String> biosGuest(String mac) {
        return List.of("qemu-system-x86_64", "-machine", "pc,accel=tcg", "-m", "256", "-nographic", "-no-reboot",
                "-boot", "n", "-netdev", "tap,id=n0,ifname=" + lab.tap + ",script=no,downscript=no",
                // QEMU's default ROM for virtio-net, efi-virtio.rom (iPXE, BIOS+EFI), found on QEMU's data
                // path; naming it with romfile= (any path) leaves SeaBIOS without a ROM: "No bootable device".
                "-device", "virtio-net-pci,netdev=n0,mac=" + mac + ",bootindex=1");
    }

    private List<String> uefiGuest(String mac) throws IOException {
        Path vars = dir.resolve("ovmf-vars.fd");
        Files.copy(OVMF_VARS, vars, StandardCopyOption.REPLACE_EXISTING);   // fresh NVRAM: PXEv4 boots first
        return List.of("qemu-system-x86_64", "-machine", "q35,accel=tcg", "-m", "512", "-nographic", "-no-reboot",
                "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + OVMF_CODE,
                "-drive", "if=pflash,format=raw,unit=1,file=" + vars,
                "-netdev", "tap,id=n0,ifname=" + lab.tap + ",script=no,downscript=no",
                // romfile= (empty): no iPXE ROM, EDK2's own VirtioNetDxe + PxeBcDxe (arch 7)
                "-device", "virtio-net-pci,netdev=n0,mac=" + mac + ",romfile=,bootindex=1");
    }

    // ------------------------------------------------------------------ the guest

    /** A finished guest run: whether the marker showed, after how long, and the console text. */
    record Vm(String name, boolean reached, double seconds, String console) {
        @Override
        public String toString() {
            return "(" + name + ": " + (reached ? "reached" : "not reached") + " after " + String.format("%.1f", seconds)
                    + " s)";
        }
    }

    /**
     * Captures on the tap, boots the guest, polls its console (every 250 ms, at most
     * {@link #VM_LIMIT_SECONDS}) until {@code done} or {@code failed} shows or QEMU exits, stops
     * QEMU and the capture, and reads the capture into {@link #captured}.
     */
    private Vm runVm(String name, Pattern done, Pattern failed, List<String> qemu) {
        pcap = dir.resolve(name + ".pcap");
        console = dir.resolve(name + ".console");
        // --immediate-mode: each packet is handed over at once, not in ring blocks retired after a
        // timeout (which loses the last second's packets when tcpdump is stopped); -U: each packet
        // written at once; -Z root: write as root (the directory is root's only).
        capture = lab.start(lab.clientNs, 600, null, "tcpdump", "-i", lab.tap, "-n", "--immediate-mode", "-U",
                "-s", "0", "-Z", "root", "-w", pcap.toString(), "ip or arp");
        capture.await(Pattern.compile("listening on"), 20);
        long start = System.nanoTime();
        Proc vm = lab.start(lab.clientNs, VM_LIMIT_SECONDS + 30, console, qemu.toArray(String[]::new));
        long deadline = start + TimeUnit.SECONDS.toNanos(VM_LIMIT_SECONDS);
        boolean reached = false;
        String text = "";
        while (System.nanoTime() < deadline) {
            text = consoleText(console);
            if (done.matcher(text).find()) {
                reached = true;
                break;
            }
            if (failed.matcher(text).find() || !vm.isAlive()) {
                break;
            }
            pause(250);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        vm.stop(5);
        capture.stop(5);
        text = consoleText(console);
        reached = reached || done.matcher(text).find();
        System.out.printf("QemuBootNetnsTest %s: %s after %.1f s%n", name, reached ? "marker reached" : "NOT reached",
                seconds);
        captured = BootCapture.read(pcap);
        return new Vm(name, reached, seconds, text);
    }

    /** The console as text: ANSI escapes, carriage returns and other control characters removed. */
    static String consoleText(Path file) {
        String raw;
        try {
            raw = Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return raw.replaceAll("\u001b\\[[0-9;?=]*[A-Za-z]", "").replaceAll("\u001b[()][A-Z0-9]", "")
                .replaceAll("[^\\t\\n\\x20-\\x7e]", "");
    }

    private String diagnostics(Vm vm) {
        return "\n--- console " + console + " (tail) ---\n" + tail(vm.console(), 40)
                + "\n--- netboot serve (tail) ---\n" + (serve == null ? "" : tail(serve.output(), 30))
                + "\n--- capture " + pcap + " ---\n" + (captured == null ? "" : tail(captured.summary(), 60));
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return Arrays.stream(all, Math.max(0, all.length - lines), all.length).collect(Collectors.joining("\n"));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
