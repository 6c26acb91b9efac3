package dev.netboot.rules;

import dev.netboot.dhcp.Ipv4;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What the rule engine knows about one client, extracted once per message: hardware type and
 * address, client architectures (option 93, every element, unknown values kept), vendor class (60)
 * with its {@code PXEClient:Arch:NNNNN:UNDI:MMMmmm} / {@code HTTPClient:...} parts, user class
 * (77) in RFC 3004 and raw form, iPXE detection (77 or 175), relay agent circuit-id and remote-id
 * (82) and giaddr, receiving interface, requested options (55), and every option's raw bytes.
 *
 * <p>Facts made {@linkplain #from(dev.netboot.dhcp.DhcpMessage) from a message} read option bytes
 * in place from the message's buffer: they are valid only while that buffer is, and never retain
 * or release it. Facts made with {@link #builder()} or {@link #parse(String)} own their bytes.
 * Immutable; safe to share between threads while the underlying buffer is not modified.
 */
public final class ClientFacts {
    /** Vendor class 60 option code. */
    static final int OPT_VENDOR_CLASS = 60;
    static final int OPT_USER_CLASS = 77;
    static final int OPT_ARCH = 93;
    static final int OPT_IPXE = 175;
    static final int OPT_RELAY = 82;
    static final int OPT_PRL = 55;
    static final int OPT_MESSAGE_TYPE = 53;
    static final int OPT_CLIENT_ID = 61;

    private static final int VENDOR_NONE = 0;
    private static final int VENDOR_OTHER = 1;
    private static final int VENDOR_PXE = 2;
    private static final int VENDOR_HTTP = 3;

    final OptionSource options;
    private final int htype;
    private final int hlen;
    private final long chaddrHi;
    private final long chaddrLo;
    private final int giaddr;
    private final int ciaddr;
    private final String interfaceName;
    private final int interfaceAddress;

    private final int archCount;
    private final long archPacked;
    private final int[] archOverflow;
    private final int vendorKind;
    private final int vendorArch;
    private final int undiMajor;
    private final int undiMinor;
    private final boolean userClassRfc3004;
    private final boolean ipxe;
    private final long req0;
    private final long req1;
    private final long req2;
    private final long req3;
    private final int circuitOff;
    private final int circuitLen;
    private final int remoteOff;
    private final int remoteLen;

    ClientFacts(OptionSource options, int htype, byte[] chaddr, int hlen, int giaddr, int ciaddr,
            String interfaceName, int interfaceAddress) {
        this(options, htype, hlen, packHi(chaddr, hlen), packLo(chaddr, hlen), giaddr, ciaddr, interfaceName,
                interfaceAddress);
    }

    ClientFacts(OptionSource options, int htype, int hlen, long chaddrHi, long chaddrLo, int giaddr, int ciaddr,
            String interfaceName, int interfaceAddress) {
        this.options = options;
        this.htype = htype & 0xff;
        this.hlen = Math.max(0, Math.min(16, hlen));
        this.chaddrHi = chaddrHi;
        this.chaddrLo = chaddrLo;
        this.giaddr = giaddr;
        this.ciaddr = ciaddr;
        this.interfaceName = interfaceName;
        this.interfaceAddress = interfaceAddress;

        // option 93: a list of 16-bit values; a trailing odd byte is ignored
        int alen = options.length(OPT_ARCH);
        int n = alen < 0 ? 0 : alen / 2;
        long packed = 0;
        int[] overflow = null;
        if (n > 4) {
            overflow = new int[n];
        }
        for (int i = 0; i < n; i++) {
            int v = (options.get(OPT_ARCH, 2 * i) << 8) | options.get(OPT_ARCH, 2 * i + 1);
            if (i < 4) {
                packed |= ((long) v) << (16 * i);
            }
            if (overflow != null) {
                overflow[i] = v;
            }
        }
        this.archCount = n;
        this.archPacked = packed;
        this.archOverflow = overflow;

        // option 60: PXEClient:Arch:NNNNN:UNDI:MMMmmm or HTTPClient:Arch:NNNNN:UNDI:MMMmmm
        int kind = VENDOR_NONE;
        int varch = -1;
        int umaj = -1;
        int umin = -1;
        int vlen = options.length(OPT_VENDOR_CLASS);
        if (vlen >= 0) {
            kind = VENDOR_OTHER;
            int p = -1;
            if (options.regionEquals(OPT_VENDOR_CLASS, 0, PXE_CLIENT)) {
                kind = VENDOR_PXE;
                p = PXE_CLIENT.length;
            } else if (options.regionEquals(OPT_VENDOR_CLASS, 0, HTTP_CLIENT)) {
                kind = VENDOR_HTTP;
                p = HTTP_CLIENT.length;
            }
            if (p > 0 && options.regionEquals(OPT_VENDOR_CLASS, p, ARCH_PART)) {
                int q = p + ARCH_PART.length;
                varch = digits(OPT_VENDOR_CLASS, q, 5, vlen);
                if (varch >= 0 && options.regionEquals(OPT_VENDOR_CLASS, q + 5, UNDI_PART)) {
                    int r = q + 5 + UNDI_PART.length;
                    umaj = digits(OPT_VENDOR_CLASS, r, 3, vlen);
                    umin = umaj < 0 ? -1 : digits(OPT_VENDOR_CLASS, r + 3, 3, vlen);
                    if (umin < 0) {
                        umaj = -1;
                    }
                }
            }
        }
        this.vendorKind = kind;
        this.vendorArch = varch;
        this.undiMajor = umaj;
        this.undiMinor = umin;

        this.userClassRfc3004 = isRfc3004(options);
        this.ipxe = options.length(OPT_IPXE) >= 0 || userClassContains(IPXE);

        long r0 = 0;
        long r1 = 0;
        long r2 = 0;
        long r3 = 0;
        int plen = options.length(OPT_PRL);
        for (int i = 0; i < plen; i++) {
            int c = options.get(OPT_PRL, i);
            switch (c >>> 6) {
                case 0 -> r0 |= 1L << (c & 63);
                case 1 -> r1 |= 1L << (c & 63);
                case 2 -> r2 |= 1L << (c & 63);
                default -> r3 |= 1L << (c & 63);
            }
        }
        this.req0 = r0;
        this.req1 = r1;
        this.req2 = r2;
        this.req3 = r3;

        int cOff = -1;
        int cLen = -1;
        int rOff = -1;
        int rLen = -1;
        int rel = options.length(OPT_RELAY);
        for (int i = 0; i + 1 < rel; ) {
            int sub = options.get(OPT_RELAY, i);
            int sl = options.get(OPT_RELAY, i + 1);
            if (i + 2 + sl > rel) {
                break;
            }
            if (sub == 1 && cOff < 0) {
                cOff = i + 2;
                cLen = sl;
            } else if (sub == 2 && rOff < 0) {
                rOff = i + 2;
                rLen = sl;
            }
            i += 2 + sl;
        }
        this.circuitOff = cOff;
        this.circuitLen = cLen;
        this.remoteOff = rOff;
        this.remoteLen = rLen;
    }

    private static final byte[] PXE_CLIENT = Bytes.ascii("PXEClient");
    private static final byte[] HTTP_CLIENT = Bytes.ascii("HTTPClient");
    private static final byte[] ARCH_PART = Bytes.ascii(":Arch:");
    private static final byte[] UNDI_PART = Bytes.ascii(":UNDI:");
    private static final byte[] IPXE = Bytes.ascii("iPXE");

    private int digits(int code, int off, int count, int len) {
        if (off + count > len) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < count; i++) {
            int c = options.get(code, off + i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isRfc3004(OptionSource o) {
        int len = o.length(OPT_USER_CLASS);
        if (len <= 0) {
            return false;
        }
        int i = 0;
        while (i < len) {
            int l = o.get(OPT_USER_CLASS, i);
            if (l == 0 || i + 1 + l > len) {
                return false;
            }
            i += 1 + l;
        }
        return true;
    }

    private static long packHi(byte[] b, int hlen) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b != null && i < hlen && i < b.length ? b[i] & 0xff : 0);
        }
        return v;
    }

    private static long packLo(byte[] b, int hlen) {
        long v = 0;
        for (int i = 8; i < 16; i++) {
            v = (v << 8) | (b != null && i < hlen && i < b.length ? b[i] & 0xff : 0);
        }
        return v;
    }

    // ---------------------------------------------------------------- hardware

    /** ARP hardware type (1 = Ethernet). */
    public int hardwareType() {
        return htype;
    }

    /** Hardware address length, 0..16. */
    public int hardwareLength() {
        return hlen;
    }

    /** Byte {@code i} (0..15) of the client hardware address, unsigned. */
    public int chaddrByte(int i) {
        if (i < 0 || i > 15) {
            throw new IndexOutOfBoundsException("chaddr index " + i + " (expected: 0..15)");
        }
        long w = i < 8 ? chaddrHi : chaddrLo;
        return (int) (w >>> (8 * (7 - (i & 7)))) & 0xff;
    }

    /** The first six hardware address bytes as a long (an Ethernet MAC). */
    public long mac48() {
        return chaddrHi >>> 16;
    }

    long chaddrHi() {
        return chaddrHi;
    }

    long chaddrLo() {
        return chaddrLo;
    }

    /** The hardware address, {@code hardwareLength()} bytes, as a new array. */
    public byte[] hardwareAddress() {
        byte[] out = new byte[hlen];
        for (int i = 0; i < hlen; i++) {
            out[i] = (byte) chaddrByte(i);
        }
        return out;
    }

    /** {@code 52:54:00:12:34:56}. */
    public String mac() {
        return Bytes.hex(hardwareAddress());
    }

    // ---------------------------------------------------------------- addresses

    /** The relay agent address (giaddr), or 0 if not relayed. */
    public int giaddr() {
        return giaddr;
    }

    /** True if a relay agent forwarded the message (giaddr is set). */
    public boolean relayed() {
        return giaddr != 0;
    }

    /** The client's own address (ciaddr), or 0. */
    public int ciaddr() {
        return ciaddr;
    }

    /** The name of the interface the message arrived on, or null if unknown. */
    public String interfaceName() {
        return interfaceName;
    }

    /** An address of the interface the message arrived on (selects the subnet), or 0 if unknown. */
    public int interfaceAddress() {
        return interfaceAddress;
    }

    // ---------------------------------------------------------------- architecture (93)

    /** Number of client architecture values in option 93 (0 if absent). */
    public int archCount() {
        return archCount;
    }

    /** Architecture value {@code i} of option 93 (IANA registry; unknown values kept). */
    public int arch(int i) {
        if (i < 0 || i >= archCount) {
            throw new IndexOutOfBoundsException("arch index " + i + " (expected: 0.." + (archCount - 1) + ")");
        }
        return archOverflow != null ? archOverflow[i] : (int) (archPacked >>> (16 * i)) & 0xffff;
    }

    /** True if any element of option 93 equals {@code code}. */
    public boolean hasArch(int code) {
        for (int i = 0; i < archCount; i++) {
            if (arch(i) == code) {
                return true;
            }
        }
        return false;
    }

    /** The option 93 values as registry values (unknown codes kept), in order. Allocates. */
    public List<dev.netboot.dhcp.ClientArchitecture> architectures() {
        List<dev.netboot.dhcp.ClientArchitecture> out = new ArrayList<>(archCount);
        for (int i = 0; i < archCount; i++) {
            out.add(dev.netboot.dhcp.ClientArchitecture.valueOf(arch(i)));
        }
        return Collections.unmodifiableList(out);
    }

    /** The first architecture value, or -1 if option 93 is absent. */
    public int primaryArch() {
        return archCount == 0 ? -1 : arch(0);
    }

    // ---------------------------------------------------------------- vendor class (60)

    /** True if option 60 is present. */
    public boolean hasVendorClass() {
        return vendorKind != VENDOR_NONE;
    }

    /** Option 60 as text (ISO-8859-1), or null. Allocates. */
    public String vendorClass() {
        return text(OPT_VENDOR_CLASS);
    }

    /** True if option 60 starts with {@code PXEClient}. */
    public boolean isPxeClient() {
        return vendorKind == VENDOR_PXE;
    }

    /** True if option 60 starts with {@code HTTPClient} (UEFI HTTP boot). */
    public boolean isHttpClient() {
        return vendorKind == VENDOR_HTTP;
    }

    /** The {@code Arch:NNNNN} value of a PXEClient/HTTPClient vendor class, or -1. */
    public int vendorClassArch() {
        return vendorArch;
    }

    /** The UNDI major version ({@code MMM} of {@code UNDI:MMMmmm}), or -1. */
    public int undiMajor() {
        return undiMajor;
    }

    /** The UNDI minor version ({@code mmm} of {@code UNDI:MMMmmm}), or -1. */
    public int undiMinor() {
        return undiMinor;
    }

    // ---------------------------------------------------------------- user class (77)

    /** True if option 77 is present. */
    public boolean hasUserClass() {
        return options.length(OPT_USER_CLASS) >= 0;
    }

    /**
     * True if option 77 is a well-formed RFC 3004 list (length-prefixed items). iPXE and gPXE send
     * the raw string instead ({@code iPXE}), which is not.
     */
    public boolean userClassIsRfc3004() {
        return userClassRfc3004;
    }

    /** The raw option 77 bytes, or null. Allocates. */
    public byte[] userClassRaw() {
        return options.copy(OPT_USER_CLASS);
    }

    /**
     * The user classes: the RFC 3004 items if option 77 is a well-formed list, else the raw value
     * as a single item; empty if absent. Allocates.
     */
    public List<String> userClasses() {
        int len = options.length(OPT_USER_CLASS);
        if (len < 0) {
            return List.of();
        }
        if (!userClassRfc3004) {
            return List.of(text(OPT_USER_CLASS));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < len; ) {
            int l = options.get(OPT_USER_CLASS, i);
            byte[] b = new byte[l];
            for (int k = 0; k < l; k++) {
                b[k] = (byte) options.get(OPT_USER_CLASS, i + 1 + k);
            }
            out.add(new String(b, StandardCharsets.ISO_8859_1));
            i += 1 + l;
        }
        return Collections.unmodifiableList(out);
    }

    /** True if the raw option 77 value, or any of its RFC 3004 items, equals {@code value}. */
    public boolean userClassIs(String value) {
        return userClassContains(Bytes.ascii(value));
    }

    boolean userClassContains(byte[] v) {
        int len = options.length(OPT_USER_CLASS);
        if (len < 0) {
            return false;
        }
        if (len == v.length && options.regionEquals(OPT_USER_CLASS, 0, v)) {
            return true;
        }
        if (!isRfc3004(options)) {
            return false;
        }
        for (int i = 0; i < len; ) {
            int l = options.get(OPT_USER_CLASS, i);
            if (l == v.length && options.regionEquals(OPT_USER_CLASS, i + 1, v)) {
                return true;
            }
            i += 1 + l;
        }
        return false;
    }

    /** True if the client is iPXE: option 175 present or user class {@code iPXE}. */
    public boolean isIpxe() {
        return ipxe;
    }

    // ---------------------------------------------------------------- relay agent (82)

    /** The relay agent circuit-id (82.1), or null. Allocates. */
    public byte[] circuitId() {
        return sub(circuitOff, circuitLen);
    }

    /** The relay agent remote-id (82.2), or null. Allocates. */
    public byte[] remoteId() {
        return sub(remoteOff, remoteLen);
    }

    boolean circuitIdEquals(byte[] v) {
        return circuitLen == v.length && options.regionEquals(OPT_RELAY, circuitOff, v);
    }

    boolean remoteIdEquals(byte[] v) {
        return remoteLen == v.length && options.regionEquals(OPT_RELAY, remoteOff, v);
    }

    private byte[] sub(int off, int len) {
        if (off < 0) {
            return null;
        }
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = (byte) options.get(OPT_RELAY, off + i);
        }
        return out;
    }

    // ---------------------------------------------------------------- requested options (55)

    /** True if option 55 asks for option {@code code}. */
    public boolean requested(int code) {
        if (code < 0 || code > 255) {
            return false;
        }
        long w = switch (code >>> 6) {
            case 0 -> req0;
            case 1 -> req1;
            case 2 -> req2;
            default -> req3;
        };
        return (w & (1L << (code & 63))) != 0;
    }

    // ---------------------------------------------------------------- any option

    /** The DHCP message type (option 53), or -1 if absent. */
    public int messageType() {
        return options.length(OPT_MESSAGE_TYPE) >= 1 ? options.get(OPT_MESSAGE_TYPE, 0) : -1;
    }

    /** True if option {@code code} is present. */
    public boolean hasOption(int code) {
        return options.has(code);
    }

    /** The value length of option {@code code}, or -1 if absent. */
    public int optionLength(int code) {
        return options.length(code);
    }

    /** Byte {@code i} of option {@code code}'s value, unsigned. */
    public int optionByte(int code, int i) {
        int len = options.length(code);
        if (i < 0 || i >= len) {
            throw new IndexOutOfBoundsException("option " + code + " byte " + i + " (length " + len + ")");
        }
        return options.get(code, i);
    }

    /** True if option {@code code} is present and its value equals {@code value}, compared in place. */
    public boolean optionEquals(int code, byte[] value) {
        return options.valueEquals(code, value);
    }

    /** True if option {@code code} is present and its value starts with {@code prefix}. */
    public boolean optionStartsWith(int code, byte[] prefix) {
        return options.regionEquals(code, 0, prefix);
    }

    /** True if option {@code code} is present and its value ends with {@code suffix}. */
    public boolean optionEndsWith(int code, byte[] suffix) {
        int len = options.length(code);
        return len >= suffix.length && options.regionEquals(code, len - suffix.length, suffix);
    }

    /** True if the value's bytes at {@code offset} equal {@code value}. */
    public boolean optionRegionEquals(int code, int offset, byte[] value) {
        return options.regionEquals(code, offset, value);
    }

    /** A copy of option {@code code}'s value, or null if absent. */
    public byte[] option(int code) {
        return options.copy(code);
    }

    /** The present option codes in ascending order. Allocates. */
    public int[] optionCodes() {
        int n = 0;
        for (int c = options.nextCode(-1); c >= 0; c = options.nextCode(c)) {
            n++;
        }
        int[] out = new int[n];
        int i = 0;
        for (int c = options.nextCode(-1); c >= 0; c = options.nextCode(c)) {
            out[i++] = c;
        }
        return out;
    }

    private String text(int code) {
        byte[] b = options.copy(code);
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    /** A one-line description for logs: MAC, arch, vendor class, user class. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(mac());
        sb.append(" arch=");
        if (archCount == 0) {
            sb.append('-');
        }
        for (int i = 0; i < archCount; i++) {
            sb.append(i == 0 ? "" : "|").append(arch(i));
        }
        String vc = vendorClass();
        sb.append(" vendor-class=").append(vc == null ? "-" : '"' + vc + '"');
        sb.append(" user-class=");
        List<String> uc = userClasses();
        sb.append(uc.isEmpty() ? "-" : String.join("|", uc));
        if (ipxe) {
            sb.append(" ipxe");
        }
        if (giaddr != 0) {
            sb.append(" giaddr=").append(Ipv4.format(giaddr));
        }
        if (interfaceName != null) {
            sb.append(" if=").append(interfaceName);
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- construction

    /**
     * Extracts the facts of a decoded message. Option values are read in place from the message's
     * buffer, which must stay valid (and unmodified) while the facts are used; it is not retained.
     */
    public static ClientFacts from(dev.netboot.dhcp.DhcpMessage message) {
        return from(message, null, 0);
    }

    /**
     * Extracts the facts of a decoded message received on {@code interfaceName}, one of whose
     * addresses is {@code interfaceAddress} (0 if unknown; it selects the subnet of local clients).
     */
    public static ClientFacts from(dev.netboot.dhcp.DhcpMessage message, String interfaceName, int interfaceAddress) {
        int hlen = Math.min(16, message.hlen());
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 16; i++) {
            int b = i < hlen ? message.chaddrByte(i) & 0xff : 0;
            if (i < 8) {
                hi = (hi << 8) | b;
            } else {
                lo = (lo << 8) | b;
            }
        }
        return new ClientFacts(new MessageOptions(message), message.htype(), hlen, hi, lo, message.giaddr(),
                message.ciaddr(), interfaceName, interfaceAddress);
    }

    /** A builder for facts given directly (tests, {@code --client}). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses {@code KEY=VALUE,...} as given to {@code netboot explain --client}. Keys:
     * {@code mac}, {@code htype}, {@code arch} (values separated by {@code |}, decimal or 0x hex),
     * {@code vendor-class}, {@code user-class} (raw, as iPXE sends it), {@code user-class-rfc3004}
     * (items separated by {@code |}), {@code ipxe} (true: add option 175), {@code giaddr},
     * {@code ciaddr}, {@code interface}, {@code interface-address}, {@code circuit-id},
     * {@code remote-id}, {@code client-id}, {@code hostname}, {@code requested} (codes separated by
     * {@code |}), {@code message-type} (name or number), {@code option.N} (colon hex or text).
     *
     * @throws IllegalArgumentException naming the bad key or value
     */
    public static ClientFacts parse(String spec) {
        Builder b = builder();
        if (spec.isBlank()) {
            return b.build();
        }
        for (String pair : spec.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected KEY=VALUE, got '" + pair + "'");
            }
            String key = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = pair.substring(eq + 1).trim();
            try {
                apply(b, key, value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("bad value for " + key + ": '" + value + "' (" + e.getMessage() + ")", e);
            }
        }
        return b.build();
    }

    private static void apply(Builder b, String key, String value) {
        switch (key) {
            case "mac", "chaddr", "hardware" -> b.mac(value);
            case "htype" -> b.hardwareType(parseInt(value));
            case "arch" -> {
                String[] parts = value.split("\\|");
                int[] codes = new int[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    codes[i] = parseInt(parts[i]);
                }
                b.arch(codes);
            }
            case "vendor-class", "vendor-class-identifier", "vci" -> b.vendorClass(value);
            case "user-class" -> b.userClass(value);
            case "user-class-rfc3004" -> b.userClassRfc3004(value.split("\\|"));
            case "ipxe" -> {
                if (Boolean.parseBoolean(value)) {
                    b.option(OPT_IPXE, new byte[] {19, 1, 1});
                }
            }
            case "giaddr" -> b.giaddr(value);
            case "ciaddr" -> b.ciaddr(Ipv4.parse(value));
            case "interface", "if" -> b.interfaceName(value);
            case "interface-address" -> b.interfaceAddress(value);
            case "circuit-id" -> b.circuitId(bytesOrText(value));
            case "remote-id" -> b.remoteId(bytesOrText(value));
            case "client-id" -> b.option(OPT_CLIENT_ID, bytesOrText(value));
            case "hostname", "host-name" -> b.option(12, Bytes.ascii(value));
            case "requested", "parameter-request-list" -> {
                String[] parts = value.split("\\|");
                int[] codes = new int[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    codes[i] = parseInt(parts[i]);
                }
                b.requestedOptions(codes);
            }
            case "message-type" -> b.messageType(messageType(value));
            default -> {
                if (key.startsWith("option.")) {
                    b.option(parseInt(key.substring(7)), bytesOrText(value));
                } else {
                    throw new IllegalArgumentException("unknown key");
                }
            }
        }
    }

    private static int messageType(String v) {
        String[] names = {"", "discover", "offer", "request", "decline", "ack", "nak", "release", "inform"};
        for (int i = 1; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(v)) {
                return i;
            }
        }
        return parseInt(v);
    }

    private static int parseInt(String s) {
        String t = s.trim();
        return t.startsWith("0x") || t.startsWith("0X") ? Integer.parseInt(t.substring(2), 16) : Integer.parseInt(t);
    }

    private static byte[] bytesOrText(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return Bytes.ascii(v.substring(1, v.length() - 1));
        }
        if (v.matches("([0-9a-fA-F]{1,2}:)+[0-9a-fA-F]{1,2}")) {
            return Bytes.parseHexBytes(v);
        }
        return Bytes.ascii(v);
    }

    /** Builds facts from values given directly. Not thread-safe; {@link #build()} copies. */
    public static final class Builder {
        private final byte[][] values = new byte[256][];
        private int htype = 1;
        private byte[] chaddr = new byte[6];
        private int giaddr;
        private int ciaddr;
        private String interfaceName;
        private int interfaceAddress;
        private byte[] circuitId;
        private byte[] remoteId;

        Builder() {}

        /** Sets the hardware address, e.g. {@code 52:54:00:12:34:56} (Ethernet unless changed). */
        public Builder mac(String mac) {
            return hardware(htype, Bytes.parseHexBytes(mac));
        }

        /** Sets the hardware type. */
        public Builder hardwareType(int htype) {
            this.htype = htype;
            return this;
        }

        /** Sets hardware type and address (at most 16 bytes). */
        public Builder hardware(int htype, byte[] address) {
            if (address.length > 16) {
                throw new IllegalArgumentException("hardware address longer than 16 bytes");
            }
            this.htype = htype;
            this.chaddr = address.clone();
            return this;
        }

        /** Sets option 93 to the given architecture values. */
        public Builder arch(int... codes) {
            byte[] v = new byte[codes.length * 2];
            for (int i = 0; i < codes.length; i++) {
                v[2 * i] = (byte) (codes[i] >>> 8);
                v[2 * i + 1] = (byte) codes[i];
            }
            return option(OPT_ARCH, v);
        }

        /** Sets option 60. */
        public Builder vendorClass(String value) {
            return option(OPT_VENDOR_CLASS, Bytes.ascii(value));
        }

        /** Sets option 77 to raw bytes, as iPXE and gPXE send it ({@code iPXE}, no length prefix). */
        public Builder userClass(String raw) {
            return option(OPT_USER_CLASS, Bytes.ascii(raw));
        }

        /** Sets option 77 as an RFC 3004 list of length-prefixed items. */
        public Builder userClassRfc3004(String... items) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (String s : items) {
                byte[] b = Bytes.ascii(s);
                if (b.length == 0 || b.length > 255) {
                    throw new IllegalArgumentException("user class item length must be 1..255");
                }
                out.write(b.length);
                out.writeBytes(b);
            }
            return option(OPT_USER_CLASS, out.toByteArray());
        }

        /** Sets option 55. */
        public Builder requestedOptions(int... codes) {
            byte[] v = new byte[codes.length];
            for (int i = 0; i < codes.length; i++) {
                v[i] = (byte) codes[i];
            }
            return option(OPT_PRL, v);
        }

        /** Sets option 53. */
        public Builder messageType(int type) {
            return option(OPT_MESSAGE_TYPE, new byte[] {(byte) type});
        }

        /** Sets any option's raw value (code 1..254); null removes it. */
        public Builder option(int code, byte[] value) {
            if (code < 1 || code > 254) {
                throw new IllegalArgumentException("option code out of range 1..254: " + code);
            }
            values[code] = value == null ? null : value.clone();
            return this;
        }

        /** Sets the relay agent address. */
        public Builder giaddr(String address) {
            this.giaddr = Ipv4.parse(address);
            return this;
        }

        /** Sets the client address (ciaddr). */
        public Builder ciaddr(int address) {
            this.ciaddr = address;
            return this;
        }

        /** Sets the receiving interface name. */
        public Builder interfaceName(String name) {
            this.interfaceName = name;
            return this;
        }

        /** Sets an address of the receiving interface, which selects the subnet for local clients. */
        public Builder interfaceAddress(String address) {
            this.interfaceAddress = Ipv4.parse(address);
            return this;
        }

        /** Sets the relay agent circuit-id (option 82 sub-option 1). */
        public Builder circuitId(byte[] id) {
            this.circuitId = id.clone();
            return this;
        }

        /** Sets the relay agent remote-id (option 82 sub-option 2). */
        public Builder remoteId(byte[] id) {
            this.remoteId = id.clone();
            return this;
        }

        /** The facts. */
        public ClientFacts build() {
            byte[][] copy = new byte[256][];
            for (int i = 0; i < 256; i++) {
                copy[i] = values[i] == null ? null : values[i].clone();
            }
            if (circuitId != null || remoteId != null) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                if (circuitId != null) {
                    out.write(1);
                    out.write(circuitId.length);
                    out.writeBytes(circuitId);
                }
                if (remoteId != null) {
                    out.write(2);
                    out.write(remoteId.length);
                    out.writeBytes(remoteId);
                }
                copy[OPT_RELAY] = out.toByteArray();
            }
            return new ClientFacts(new OptionSource.Arrays(copy), htype, chaddr, chaddr.length, giaddr, ciaddr,
                    interfaceName, interfaceAddress);
        }
    }
}
