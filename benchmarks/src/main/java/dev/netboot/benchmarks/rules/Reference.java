package dev.netboot.benchmarks.rules;

import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.DhcpWriter;
import dev.netboot.dhcp.MessageType;
import dev.netboot.rules.Decision;
import dev.netboot.rules.RuleSet;
import dev.netboot.rules.isc.DhcpdConf;
import dev.netboot.rules.isc.HostResolver;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference configuration (verbatim copy of MISSION.md's {@code docs/reference}, bundled as
 * resources and written to a directory so that its absolute includes resolve under an include
 * root) and MISSION.md's clients as DISCOVER messages, with what each must get. Stateless.
 */
final class Reference {
    static final List<String> FILES = List.of("etc/dhcp/dhcpd.conf", "etc/dhcp/home.4.dhcp.inc",
            "etc/dhcp/xeni.4.dhcp.inc");
    /** A second, different configuration: parsed first to separate class loading from parsing. */
    static final String OTHER_CONFIG = """
            option pxe-arch code 93 = unsigned integer 16;
            default-lease-time 600;
            subnet 10.9.0.0 netmask 255.255.0.0 {
              range 10.9.1.10 10.9.1.20;
              option routers 10.9.0.1;
              option domain-name "other.test";
              if exists user-class and option user-class = "iPXE" {
                filename "boot.ipxe";
              } elsif option pxe-arch = 00:07 or option pxe-arch = 00:09 {
                next-server 10.9.0.2;
                filename "snponly.efi";
              } else {
                filename "undionly.kpxe";
              }
            }
            host other { hardware ethernet 02:00:00:00:00:01; fixed-address 10.9.2.1; }
            """;
    /** The address of the interface DISCOVERs arrive on (not otherwise used by the reference). */
    static final int INTERFACE_ADDRESS = 0xC0A802FE; // 192.168.2.254
    static final String INTERFACE = "eth0";

    private Reference() {}

    /** The same name resolution on every run: no DNS in a benchmark. */
    static HostResolver resolver() {
        return HostResolver.of(Map.of("ntp.home.kraxel.org", List.of("192.168.2.10")));
    }

    /** Writes the reference files under a new temporary directory; returns that include root. */
    static Path extract() {
        try {
            Path root = Files.createTempDirectory("nb-rules-bench");
            for (String f : FILES) {
                try (InputStream in = Reference.class.getResourceAsStream("reference/" + f)) {
                    if (in == null) {
                        throw new IllegalStateException("resource missing: reference/" + f);
                    }
                    Path target = root.resolve(f);
                    Files.createDirectories(target.getParent());
                    Files.write(target, in.readAllBytes());
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes what {@link #extract()} wrote. */
    static void delete(Path root) {
        try {
            for (String f : FILES) {
                Files.deleteIfExists(root.resolve(f));
            }
            Files.deleteIfExists(root.resolve("etc/dhcp"));
            Files.deleteIfExists(root.resolve("etc"));
            Files.deleteIfExists(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path main(Path root) {
        return root.resolve(FILES.get(0));
    }

    /**
     * The reference read into a rule set, for benchmarks that measure decisions and not reading:
     * the files are extracted for the read and deleted after it.
     */
    static RuleSet ruleSet() {
        Path root = extract();
        try {
            return DhcpdConf.reader().includeRoot(root).resolver(resolver()).read(main(root)).ruleSet();
        } finally {
            delete(root);
        }
    }

    /**
     * A MISSION.md client.
     *
     * @param options code, value, code, value... as the client writes them after option 53
     */
    record Client(String name, String mac, String nextServer, String filename, String fixedAddress, Object... options) {
        /** Writes this client's DISCOVER into {@code out}. */
        void writeDiscover(ByteBuf out) {
            DhcpWriter w = new DhcpWriter().begin(out, DhcpMessage.BOOTREQUEST, MessageType.DISCOVER)
                    .xid(name.hashCode()).chaddr(HexFormat.ofDelimiter(":").parseHex(mac));
            for (int i = 0; i < options.length; i += 2) {
                w.option((Integer) options[i], (byte[]) options[i + 1]);
            }
            w.finish();
        }

        /** Throws unless {@code d} is what MISSION.md says this client gets. */
        void check(Decision d) {
            String got = d.nextServer() + " " + d.filename() + " " + d.fixedAddress();
            String want = nextServer + " " + filename + " " + fixedAddress;
            if (!got.equals(want)) {
                throw new IllegalStateException(name + ": decided " + got + ", MISSION.md says " + want);
            }
        }
    }

    private static final byte[] PXE_PRL = bytes(1, 2, 3, 4, 5, 6, 12, 13, 15, 17, 18, 22, 23, 28, 40, 41, 42, 43, 50,
            51, 54, 58, 59, 60, 66, 67, 97, 128, 129, 130, 131, 132, 133, 134, 135);
    private static final byte[] IPXE_PRL = bytes(1, 3, 6, 7, 12, 15, 17, 26, 43, 60, 66, 67, 119, 128, 129, 130, 131,
            132, 133, 134, 135, 175, 203);
    private static final byte[] UBOOT_PRL = bytes(1, 3, 6, 12, 15, 17, 42, 66, 67);
    private static final byte[] DHCLIENT_PRL = bytes(1, 28, 2, 3, 15, 6, 119, 12, 44, 47, 26, 121, 42);
    private static final byte[] IPXE_FEATURES = bytes(0x13, 1, 1, 0x11, 1, 1, 0x24, 1, 1, 0x10, 1, 2);

    /** By {@code @Param} name, in MISSION.md's order. */
    static final Map<String, Client> CLIENTS = clients(
            new Client("uefi-arm64", "52:54:00:00:00:0b", "192.168.2.14", "efi-a64/grubaa64.efi", null,
                    55, PXE_PRL, 57, bytes(0x05, 0xc0), 93, bytes(0, 0x0b), 94, bytes(1, 3, 0),
                    60, text("PXEClient:Arch:00011:UNDI:003000")),
            new Client("ipxe-efi-arch9", "52:54:00:00:00:09", "192.168.2.14", "efi-x64/shim.efi", null,
                    55, IPXE_PRL, 93, bytes(0, 9), 60, text("PXEClient:Arch:00009:UNDI:003010"), 77, text("iPXE"),
                    175, IPXE_FEATURES),
            new Client("ovmf-arch7", "52:54:00:00:00:07", "192.168.2.14", "efi-x64/shim.efi", null,
                    55, PXE_PRL, 57, bytes(0x05, 0xc0), 93, bytes(0, 7), 94, bytes(1, 3, 0),
                    60, text("PXEClient:Arch:00007:UNDI:003016")),
            new Client("uboot-armv8-0x0100", "b8:27:eb:00:00:01", "192.168.2.108", "rpi3/boot.conf", null,
                    55, UBOOT_PRL, 93, bytes(1, 0), 60, text("U-Boot.armv8")),
            new Client("uboot-armv8-0x0016", "b8:27:eb:00:00:02", "192.168.2.108", "rpi3/boot.conf", null,
                    55, UBOOT_PRL, 93, bytes(0, 0x16), 60, text("U-Boot.armv8")),
            new Client("uboot-armv7", "b8:27:eb:00:00:03", "192.168.2.108", "rpi2/boot.conf", null,
                    55, UBOOT_PRL, 60, text("U-Boot.armv7")),
            new Client("ipxe-bios", "52:54:00:00:00:01", "192.168.2.14", "http://192.168.2.14/tftpboot/pxelinux.0",
                    null, 55, IPXE_PRL, 93, bytes(0, 0), 60, text("PXEClient:Arch:00000:UNDI:002001"),
                    77, text("iPXE"), 175, IPXE_FEATURES),
            new Client("gpxe-bios", "52:54:00:00:00:02", "192.168.2.14", "http://192.168.2.14/tftpboot/pxelinux.0",
                    null, 55, IPXE_PRL, 93, bytes(0, 0), 60, text("PXEClient:Arch:00000:UNDI:002001"),
                    77, text("gPXE")),
            new Client("bios-pxe", "52:54:00:00:00:03", "192.168.2.14", "gpxe-undionly.kpxe", null,
                    55, PXE_PRL, 93, bytes(0, 0), 94, bytes(1, 2, 1), 60, text("PXEClient:Arch:00000:UNDI:002001")),
            new Client("plain-dhclient", "3c:97:0e:01:02:03", "192.168.2.14", "gpxe-undionly.kpxe", null,
                    55, DHCLIENT_PRL, 12, text("laptop")),
            new Client("host-photosmart", "10:60:4b:11:71:34", "192.168.2.14", "gpxe-undionly.kpxe", "192.168.2.53",
                    55, DHCLIENT_PRL),
            new Client("host-rpi3", "b8:27:eb:12:34:56", "192.168.2.108", "rpi3/boot.conf", "192.168.2.31",
                    55, PXE_PRL, 93, bytes(0, 7), 60, text("PXEClient:Arch:00007:UNDI:003016")));

    static Client client(String name) {
        Client c = CLIENTS.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown client " + name + " (known: " + CLIENTS.keySet() + ")");
        }
        return c;
    }

    private static Map<String, Client> clients(Client... all) {
        Map<String, Client> out = new LinkedHashMap<>();
        for (Client c : all) {
            out.put(c.name(), c);
        }
        return out;
    }

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
