package dev.netboot.server.dhcp;

import dev.netboot.dhcp.ClientArchitecture;
import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.Ipv4;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The built-in boot profile for proxyDHCP without a dhcpd.conf ({@code --proxy --boot-profile
 * auto}): picks a boot file by what the client says it is, and explains each choice in the
 * transaction log. Immutable and thread-safe.
 *
 * <ul>
 *   <li>iPXE (user class 77 {@code iPXE}, or option 175): an HTTP script URL. iPXE loaded by
 *       the firmware asks again; giving it iPXE again would loop, so it gets its script.</li>
 *   <li>UEFI HTTP boot (vendor class {@code HTTPClient}, or architecture 16/19): an absolute
 *       {@code http://} URL, with option 60 {@code HTTPClient} (the firmware ignores offers
 *       without it).</li>
 *   <li>Raspberry Pi (MAC prefix of the Raspberry Pi foundation, architecture 0 or none):
 *       option 43 with the {@code Raspberry Pi Boot} menu entry the boot ROM looks for, framed
 *       as dnsmasq frames {@code pxe-service=0,"Raspberry Pi Boot"}; files come from TFTP.</li>
 *   <li>UEFI x64 (architecture 7, and 9 that some firmware sends for the same thing):
 *       {@code ipxe.efi}; UEFI arm64 (11): {@code arm64/ipxe.efi}.</li>
 *   <li>BIOS (architecture 0, or a PXE client without option 93): {@code undionly.kpxe}.</li>
 * </ul>
 * Anything else gets no file. Next-server is the server itself. Where UEFI firmware ignores a
 * proxy offer (some boards do), run the server in full DHCP mode with the same files instead.
 */
public final class AutoBootProfile implements BootPolicy {
    /** OUIs of the Raspberry Pi Foundation and Raspberry Pi Trading. */
    public static final List<String> RASPBERRY_PI_OUIS =
            List.of("b8:27:eb", "dc:a6:32", "e4:5f:01", "28:cd:c1", "d8:3a:dd", "2c:cf:67");

    private final String biosFile;
    private final String uefiX64File;
    private final String uefiArm64File;
    private final String ipxeScript;
    private final String httpBootX64File;
    private final String httpBootArm64File;
    private final String httpBase;
    private final byte[] raspberryPiMenu;
    private final List<String> raspberryPiOuis;

    private AutoBootProfile(Builder b) {
        this.biosFile = b.biosFile;
        this.uefiX64File = b.uefiX64File;
        this.uefiArm64File = b.uefiArm64File;
        this.ipxeScript = b.ipxeScript;
        this.httpBootX64File = b.httpBootX64File;
        this.httpBootArm64File = b.httpBootArm64File;
        this.httpBase = b.httpBase;
        this.raspberryPiMenu = raspberryPiMenu(b.raspberryPiMenuText);
        this.raspberryPiOuis = List.copyOf(b.raspberryPiOuis);
    }

    /** A builder with the default names. */
    public static Builder builder() {
        return new Builder();
    }

    /** Names used by the profile; not thread-safe. */
    public static final class Builder {
        private String biosFile = "undionly.kpxe";
        private String uefiX64File = "ipxe.efi";
        private String uefiArm64File = "arm64/ipxe.efi";
        private String ipxeScript = "boot.ipxe";
        private String httpBootX64File = "ipxe.efi";
        private String httpBootArm64File = "arm64/ipxe.efi";
        private String httpBase;
        private String raspberryPiMenuText = "Raspberry Pi Boot";
        private List<String> raspberryPiOuis = RASPBERRY_PI_OUIS;

        private Builder() {}

        /** BIOS PXE: {@code undionly.kpxe}. */
        public Builder biosFile(String name) {
            biosFile = Objects.requireNonNull(name);
            return this;
        }

        /** UEFI x64: {@code ipxe.efi}. */
        public Builder uefiX64File(String name) {
            uefiX64File = Objects.requireNonNull(name);
            return this;
        }

        /** UEFI arm64: {@code arm64/ipxe.efi}. */
        public Builder uefiArm64File(String name) {
            uefiArm64File = Objects.requireNonNull(name);
            return this;
        }

        /** iPXE's script, relative to the HTTP base: {@code boot.ipxe}. */
        public Builder ipxeScript(String path) {
            ipxeScript = Objects.requireNonNull(path);
            return this;
        }

        /** UEFI HTTP boot files, relative to the HTTP base. */
        public Builder httpBootFiles(String x64, String arm64) {
            httpBootX64File = Objects.requireNonNull(x64);
            httpBootArm64File = Objects.requireNonNull(arm64);
            return this;
        }

        /** The HTTP base URL, e.g. {@code http://10.0.0.1:8080/}; default {@code http://<server address>/}. */
        public Builder httpBase(String url) {
            httpBase = url.endsWith("/") ? url : url + "/";
            return this;
        }

        /** The menu entry text Raspberry Pis get: {@code Raspberry Pi Boot}. */
        public Builder raspberryPiMenuText(String text) {
            raspberryPiMenuText = Objects.requireNonNull(text);
            return this;
        }

        /** The MAC prefixes (colon hex, lower case) treated as Raspberry Pis. */
        public Builder raspberryPiOuis(List<String> prefixes) {
            raspberryPiOuis = List.copyOf(prefixes);
            return this;
        }

        /** Builds the profile. */
        public AutoBootProfile build() {
            return new AutoBootProfile(this);
        }
    }

    /**
     * Option 43 as dnsmasq frames {@code pxe-service=0,"TEXT"}: discovery control 3 (no
     * broadcast or multicast discovery), menu prompt with timeout 0 and text {@code PXE}, a boot
     * menu with one entry of type 0 and the text, end.
     */
    static byte[] raspberryPiMenu(String text) {
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        if (t.length > 250) {
            throw new IllegalArgumentException("menu text longer than 250 bytes");
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(new byte[] {6, 1, 3});
        o.writeBytes(new byte[] {10, 4, 0, 'P', 'X', 'E'});
        o.writeBytes(new byte[] {9, (byte) (t.length + 3), 0, 0, (byte) t.length});
        o.writeBytes(t);
        o.write(255);
        return o.toByteArray();
    }

    @Override
    public BootDecision decide(DhcpMessage m, Link link) {
        BootDecision.Builder d = BootDecision.builder().nextServer(link.serverAddress());
        String base = httpBase != null ? httpBase : "http://" + Ipv4.format(link.serverAddress()) + "/";
        ClientArchitecture archValue = m.clientArchitecture();
        int arch = archValue == null ? -1 : archValue.code();
        String mac = m.htype() == 1 && m.hlen() == 6 ? HexFormat.ofDelimiter(":").formatHex(m.chaddr()) : "";
        String why;
        if (m.optionEquals(77, IPXE) || m.has(175)) {
            d.filename(base + ipxeScript);
            why = "iPXE (user class or option 175): its script, not iPXE again";
        } else if (m.optionStartsWith(60, HTTP_CLIENT) || arch == 16 || arch == 19) {
            d.filename(base + (arch == 19 ? httpBootArm64File : httpBootX64File));
            d.option(60, HTTP_CLIENT).alwaysSend(60);
            why = "UEFI HTTP boot (HTTPClient / arch " + arch + "): absolute URL";
        } else if ((arch <= 0) && isRaspberryPi(mac)) {
            d.option(43, raspberryPiMenu).alwaysSend(43);
            why = "Raspberry Pi (MAC prefix " + mac.substring(0, 8) + "): boot menu in option 43";
        } else if (arch == 7 || arch == 9) {
            d.filename(uefiX64File);
            why = "UEFI x64 (arch " + arch + ")";
        } else if (arch == 11) {
            d.filename(uefiArm64File);
            why = "UEFI arm64 (arch 11)";
        } else if (arch <= 0) {
            d.filename(biosFile);
            why = "BIOS (arch " + (arch < 0 ? "absent" : "0") + ")";
        } else {
            why = "architecture " + arch + " has no file in the auto profile";
        }
        BootDecision partial = d.build();
        d.summary(mac + " arch=" + (arch < 0 ? "-" : Integer.toString(arch)) + " profile=auto: " + why
                + " filename=" + partial.filename().map(f -> '"' + f + '"').orElse("-"));
        return d.build();
    }

    private boolean isRaspberryPi(String mac) {
        String lower = mac.toLowerCase(Locale.ROOT);
        for (String p : raspberryPiOuis) {
            if (!p.isEmpty() && lower.startsWith(p.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static final byte[] IPXE = "iPXE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP_CLIENT = "HTTPClient".getBytes(StandardCharsets.US_ASCII);
}
