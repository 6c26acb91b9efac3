package dev.netboot.dhcp.option;

import dev.netboot.dhcp.ClientArchitecture;
import dev.netboot.dhcp.DhcpCodecException;
import dev.netboot.dhcp.Ipv4;
import dev.netboot.dhcp.MessageType;
import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Factories for the option codecs netboot ships: integers, addresses, text and the structured
 * options of RFC 2132, 3004, 3046, 3397, 3442, 3925, 4361, 4578, 4702 and 5071. Every codec is
 * immutable and thread-safe, decodes without retaining the buffer, and raises
 * {@link DhcpCodecException} with an offset relative to the value's first byte.
 */
public final class OptionCodecs {
    private OptionCodecs() {}

    private static final OptionCodec<Integer> UINT8 = new Fixed<>(1, "uint8", (b, i) -> (int) b.getUnsignedByte(i),
            (v, out) -> out.writeByte(checkRange(v, 0, 0xFF)));
    private static final OptionCodec<Integer> UINT16 = new Fixed<>(2, "uint16", (b, i) -> b.getUnsignedShort(i),
            (v, out) -> out.writeShort(checkRange(v, 0, 0xFFFF)));
    private static final OptionCodec<Long> UINT32 = new Fixed<>(4, "uint32", (b, i) -> b.getUnsignedInt(i), (v, out) -> {
        if (v < 0 || v > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("value " + v + " (expected: 0-4294967295)");
        }
        out.writeInt((int) (long) v);
    });
    private static final OptionCodec<Integer> INT32 = new Fixed<>(4, "int32", ByteBuf::getInt, (v, out) -> out.writeInt(v));
    private static final OptionCodec<Boolean> BOOL = new Fixed<>(1, "boolean", (b, i) -> {
        int v = b.getUnsignedByte(i);
        if (v > 1) {
            throw new DhcpCodecException("value", 0, "boolean " + v + " (expected: 0 or 1)");
        }
        return v == 1;
    }, (v, out) -> out.writeByte(v ? 1 : 0));
    private static final OptionCodec<Inet4Address> IPV4 = new Fixed<>(4, "ipv4", (b, i) -> Ipv4.toInet(b.getInt(i)),
            (v, out) -> out.writeInt(Ipv4.toInt(v)));
    private static final OptionCodec<MessageType> MESSAGE_TYPE = new Fixed<>(1, "message type",
            (b, i) -> MessageType.valueOf(b.getUnsignedByte(i)), (v, out) -> out.writeByte(v.code())) {
        @Override
        public String format(MessageType value) {
            return value.displayName() + " (" + value.code() + ")";
        }
    };
    private static final OptionCodec<List<Inet4Address>> IPV4_LIST = new ListCodec<>(4, 1, IPV4);
    private static final OptionCodec<List<Inet4Address>> IPV4_LIST_OR_EMPTY = new ListCodec<>(4, 1, IPV4, true);
    private static final OptionCodec<List<Inet4Address>> IPV4_PAIRS = new ListCodec<>(4, 2, IPV4);
    private static final OptionCodec<List<Integer>> UINT8_LIST = new ListCodec<>(1, 1, UINT8);
    private static final OptionCodec<List<Integer>> UINT16_LIST = new ListCodec<>(2, 1, UINT16);
    private static final OptionCodec<List<ClientArchitecture>> ARCH_LIST = new ListCodec<>(2, 1,
            new Fixed<>(2, "architecture", (b, i) -> ClientArchitecture.valueOf(b.getUnsignedShort(i)),
                    (v, out) -> out.writeShort(v.code())));
    private static final OptionCodec<String> TEXT = new Text();
    private static final OptionCodec<byte[]> BYTES = new Bytes();
    private static final OptionCodec<List<SubOption>> TLV = new Tlv(true);
    private static final OptionCodec<List<SubOption>> PLAIN_TLV = new Tlv(false);
    private static final OptionCodec<RelayAgentInformation> RELAY = map(PLAIN_TLV, RelayAgentInformation::new,
            RelayAgentInformation::subOptions);

    /** Unsigned 8-bit integer. */
    public static OptionCodec<Integer> uint8() {
        return UINT8;
    }

    /** Unsigned 16-bit integer, network byte order. */
    public static OptionCodec<Integer> uint16() {
        return UINT16;
    }

    /** Unsigned 32-bit integer (lease times), network byte order. */
    public static OptionCodec<Long> uint32() {
        return UINT32;
    }

    /** Signed 32-bit integer (time offset). */
    public static OptionCodec<Integer> int32() {
        return INT32;
    }

    /** One byte, 0 or 1. */
    public static OptionCodec<Boolean> bool() {
        return BOOL;
    }

    /** One IPv4 address. */
    public static OptionCodec<Inet4Address> ipv4() {
        return IPV4;
    }

    /** One or more IPv4 addresses. */
    public static OptionCodec<List<Inet4Address>> ipv4List() {
        return IPV4_LIST;
    }

    /** Zero or more IPv4 addresses (mobile IP home agents). */
    public static OptionCodec<List<Inet4Address>> ipv4ListOrEmpty() {
        return IPV4_LIST_OR_EMPTY;
    }

    /** One or more pairs of IPv4 addresses (policy filters, static routes), flattened. */
    public static OptionCodec<List<Inet4Address>> ipv4Pairs() {
        return IPV4_PAIRS;
    }

    /** Zero or more unsigned bytes (parameter request list). */
    public static OptionCodec<List<Integer>> uint8List() {
        return UINT8_LIST;
    }

    /** One or more unsigned 16-bit integers. */
    public static OptionCodec<List<Integer>> uint16List() {
        return UINT16_LIST;
    }

    /** Text, one char per byte (ISO-8859-1), so that any bytes round-trip exactly. */
    public static OptionCodec<String> text() {
        return TEXT;
    }

    /** Raw bytes (copied). */
    public static OptionCodec<byte[]> bytes() {
        return BYTES;
    }

    /** Option 53. */
    public static OptionCodec<MessageType> messageType() {
        return MESSAGE_TYPE;
    }

    /** Option 93, client architecture list (RFC 4578). */
    public static OptionCodec<List<ClientArchitecture>> clientArchitectures() {
        return ARCH_LIST;
    }

    /**
     * Encapsulated type-length-value sub-options with the syntax of the options field (RFC 2132
     * 8.4: options 43 and 175): code 0 is a one-byte pad and code 255 ends the list (only zero pads
     * may follow it), so neither can be a sub-option and encoding one is rejected.
     */
    public static OptionCodec<List<SubOption>> subOptions() {
        return TLV;
    }

    /**
     * Plain type-length-value sub-options, in which every code from 0 to 255 is a sub-option with a
     * length byte: no pad and no end (RFC 3046 for the body of option 82, RFC 3925 for option 125's
     * enterprise data).
     */
    public static OptionCodec<List<SubOption>> plainSubOptions() {
        return PLAIN_TLV;
    }

    /**
     * Option 43 as PXE carries it (PXE specification 2.1): sub-options 6, 8, 9, 10 and 71 typed,
     * others kept raw; pads skipped, an end (255) accepted and written last.
     */
    public static OptionCodec<PxeVendorOptions> pxeVendorOptions() {
        return PxeCodec.INSTANCE;
    }

    /** Option 82 (RFC 3046). */
    public static OptionCodec<RelayAgentInformation> relayAgentInformation() {
        return RELAY;
    }

    /** Option 77 in both the RFC 3004 and the raw (iPXE) form. */
    public static OptionCodec<UserClass> userClass() {
        return UserClassCodec.INSTANCE;
    }

    /** Option 61 (RFC 2132, RFC 4361). */
    public static OptionCodec<ClientIdentifier> clientIdentifier() {
        return ClientIdCodec.INSTANCE;
    }

    /** Option 81 (RFC 4702). */
    public static OptionCodec<ClientFqdn> clientFqdn() {
        return FqdnCodec.INSTANCE;
    }

    /** Option 119 (RFC 3397): domain names with RFC 1035 compression. */
    public static OptionCodec<List<String>> domainSearch() {
        return DomainSearchCodec.INSTANCE;
    }

    /** Option 121 and 249 (RFC 3442). */
    public static OptionCodec<List<ClasslessRoute>> classlessRoutes() {
        return RoutesCodec.INSTANCE;
    }

    /** Option 124 (RFC 3925): per enterprise, opaque data items (code 0 in {@link SubOption}). */
    public static OptionCodec<List<VendorIdentifying>> vendorIdentifyingClass() {
        return ViCodec.CLASS;
    }

    /** Option 125 (RFC 3925): per enterprise, sub-options. */
    public static OptionCodec<List<VendorIdentifying>> vendorIdentifyingSpecific() {
        return ViCodec.SPECIFIC;
    }

    /** Option 94 (RFC 4578). */
    public static OptionCodec<ClientNetworkInterface> clientNetworkInterface() {
        return NiiCodec.INSTANCE;
    }

    /** Option 97 (RFC 4578). */
    public static OptionCodec<ClientMachineId> clientMachineId() {
        return MachineIdCodec.INSTANCE;
    }

    /** A codec that maps another codec's values, e.g. a record over a sub-option list. */
    public static <A, B> OptionCodec<B> map(OptionCodec<A> codec, Function<A, B> decode, Function<B, A> encode) {
        return new OptionCodec<>() {
            @Override
            public B decode(ByteBuf buf, int index, int length) {
                return decode.apply(codec.decode(buf, index, length));
            }

            @Override
            public void encode(B value, ByteBuf out) {
                codec.encode(encode.apply(value), out);
            }

            @Override
            public int fixedLength() {
                return codec.fixedLength();
            }
        };
    }

    static int checkRange(int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("value " + v + " (expected: " + min + "-" + max + ")");
        }
        return v;
    }

    static DhcpCodecException bad(int offset, String reason) {
        return new DhcpCodecException("value", offset, reason);
    }

    interface Reader<T> {
        T read(ByteBuf buf, int index);
    }

    interface Writer<T> {
        void write(T value, ByteBuf out);
    }

    static class Fixed<T> implements OptionCodec<T> {
        private final int width;
        private final String what;
        private final Reader<T> reader;
        private final Writer<T> writer;

        Fixed(int width, String what, Reader<T> reader, Writer<T> writer) {
            this.width = width;
            this.what = what;
            this.reader = reader;
            this.writer = writer;
        }

        @Override
        public T decode(ByteBuf buf, int index, int length) {
            if (length != width) {
                throw bad(0, what + " length " + length + " (expected: " + width + ")");
            }
            return reader.read(buf, index);
        }

        T readOne(ByteBuf buf, int index) {
            return reader.read(buf, index);
        }

        @Override
        public void encode(T value, ByteBuf out) {
            writer.write(value, out);
        }

        @Override
        public int fixedLength() {
            return width;
        }

        @Override
        public String format(T value) {
            return value instanceof Inet4Address a ? a.getHostAddress() : String.valueOf(value);
        }
    }

    static final class ListCodec<T> implements OptionCodec<List<T>> {
        private final int width;
        private final int group;
        private final Fixed<T> element;

        private final boolean allowEmpty;

        ListCodec(int width, int group, OptionCodec<T> element) {
            this(width, group, element, width == 1);
        }

        ListCodec(int width, int group, OptionCodec<T> element, boolean allowEmpty) {
            this.width = width;
            this.group = group;
            this.element = (Fixed<T>) element;
            this.allowEmpty = allowEmpty;
        }

        @Override
        public List<T> decode(ByteBuf buf, int index, int length) {
            int unit = width * group;
            if (length % unit != 0 || (length == 0 && !allowEmpty)) {
                throw bad(0, "length " + length + " (expected: a " + (allowEmpty ? "" : "non-zero ") + "multiple of " + unit + ")");
            }
            List<T> out = new ArrayList<>(length / width);
            for (int i = 0; i < length; i += width) {
                out.add(element.readOne(buf, index + i));
            }
            return List.copyOf(out);
        }

        @Override
        public void encode(List<T> value, ByteBuf out) {
            if (value.size() % group != 0) {
                throw new IllegalArgumentException(value.size() + " elements (expected: a multiple of " + group + ")");
            }
            for (T v : value) {
                element.encode(v, out);
            }
        }

        @Override
        public String format(List<T> value) {
            StringBuilder sb = new StringBuilder();
            for (T v : value) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(element.format(v));
            }
            return sb.toString();
        }
    }

    static final class Text implements OptionCodec<String> {
        @Override
        public String decode(ByteBuf buf, int index, int length) {
            return buf.toString(index, length, StandardCharsets.ISO_8859_1);
        }

        @Override
        public void encode(String value, ByteBuf out) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c > 0xFF) {
                    throw new IllegalArgumentException("character U+" + Integer.toHexString(c) + " at " + i + " is not one byte");
                }
                out.writeByte(c);
            }
        }
    }

    static final class Bytes implements OptionCodec<byte[]> {
        @Override
        public byte[] decode(ByteBuf buf, int index, int length) {
            byte[] out = new byte[length];
            buf.getBytes(index, out);
            return out;
        }

        @Override
        public void encode(byte[] value, ByteBuf out) {
            out.writeBytes(value);
        }

        @Override
        public String format(byte[] value) {
            return Hex.format(value, 0, value.length);
        }
    }

    static final class Tlv implements OptionCodec<List<SubOption>> {
        /** True for the options-field syntax (pad 0, end 255); false when every code is a sub-option. */
        private final boolean padAndEnd;

        Tlv(boolean padAndEnd) {
            this.padAndEnd = padAndEnd;
        }

        @Override
        public List<SubOption> decode(ByteBuf buf, int index, int length) {
            List<SubOption> out = new ArrayList<>();
            int i = 0;
            while (i < length) {
                int code = buf.getUnsignedByte(index + i);
                if (padAndEnd && code == 255) { // end, as PXE vendor options carry: only pads may follow
                    for (int j = i + 1; j < length; j++) {
                        if (buf.getUnsignedByte(index + j) != 0) {
                            throw bad(j, "byte " + buf.getUnsignedByte(index + j)
                                    + " after the end sub-option (255) at " + i + " (expected: only pads)");
                        }
                    }
                    break;
                }
                if (padAndEnd && code == 0) { // pad
                    i++;
                    continue;
                }
                if (i + 1 >= length) {
                    throw bad(i, "sub-option " + code + " has no length byte");
                }
                int len = buf.getUnsignedByte(index + i + 1);
                if (i + 2 + len > length) {
                    throw bad(i, "sub-option " + code + " length " + len + " exceeds the " + (length - i - 2) + " bytes left");
                }
                byte[] v = new byte[len];
                buf.getBytes(index + i + 2, v);
                out.add(new SubOption(code, v));
                i += 2 + len;
            }
            return List.copyOf(out);
        }

        @Override
        public void encode(List<SubOption> value, ByteBuf out) {
            if (padAndEnd) { // checked first, so that a rejected list writes nothing
                for (SubOption s : value) {
                    if (s.code() == 0 || s.code() == 255) {
                        String role = s.code() == 0 ? "pad" : "end";
                        throw new IllegalArgumentException("sub-option code " + s.code() + " is the " + role
                                + " in this encapsulation (expected: 1-254)");
                    }
                }
            }
            for (SubOption s : value) {
                byte[] v = s.value();
                out.writeByte(s.code()).writeByte(v.length).writeBytes(v);
            }
        }

        @Override
        public String format(List<SubOption> value) {
            StringBuilder sb = new StringBuilder();
            for (SubOption s : value) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(s);
            }
            return sb.toString();
        }
    }

    static final class PxeCodec implements OptionCodec<PxeVendorOptions> {
        static final PxeCodec INSTANCE = new PxeCodec();

        @Override
        public PxeVendorOptions decode(ByteBuf buf, int index, int length) {
            TLV.decode(buf, index, length); // the framing, with its own offsets; values below
            int control = -1;
            List<PxeVendorOptions.BootServer> servers = List.of();
            List<PxeVendorOptions.MenuItem> menu = List.of();
            PxeVendorOptions.MenuPrompt prompt = null;
            PxeVendorOptions.BootItem item = null;
            List<SubOption> others = new ArrayList<>();
            boolean[] seen = new boolean[256];
            int i = 0;
            while (i < length) {
                int code = buf.getUnsignedByte(index + i);
                if (code == 255) {
                    break;
                }
                if (code == 0) {
                    i++;
                    continue;
                }
                int len = buf.getUnsignedByte(index + i + 1);
                int v = i + 2; // value offset from index
                boolean typed = code == PxeVendorOptions.DISCOVERY_CONTROL || code == PxeVendorOptions.BOOT_SERVERS
                        || code == PxeVendorOptions.BOOT_MENU || code == PxeVendorOptions.MENU_PROMPT
                        || code == PxeVendorOptions.BOOT_ITEM;
                if (typed && seen[code]) {
                    throw bad(i, "PXE sub-option " + code + " repeated (expected: at most once)");
                }
                seen[code] = true;
                switch (code) {
                    case PxeVendorOptions.DISCOVERY_CONTROL -> {
                        expectLength(code, "PXE_DISCOVERY_CONTROL", len, 1, i);
                        control = buf.getUnsignedByte(index + v);
                    }
                    case PxeVendorOptions.BOOT_SERVERS -> servers = bootServers(buf, index, v, len);
                    case PxeVendorOptions.BOOT_MENU -> menu = bootMenu(buf, index, v, len);
                    case PxeVendorOptions.MENU_PROMPT -> {
                        if (len < 1) {
                            throw bad(i, "PXE_MENU_PROMPT (10) length 0 (expected: a timeout byte and the prompt)");
                        }
                        prompt = new PxeVendorOptions.MenuPrompt(buf.getUnsignedByte(index + v),
                                buf.toString(index + v + 1, len - 1, StandardCharsets.ISO_8859_1));
                    }
                    case PxeVendorOptions.BOOT_ITEM -> {
                        expectLength(code, "PXE_BOOT_ITEM", len, 4, i);
                        item = new PxeVendorOptions.BootItem(buf.getUnsignedShort(index + v),
                                buf.getUnsignedShort(index + v + 2));
                    }
                    default -> {
                        byte[] raw = new byte[len];
                        buf.getBytes(index + v, raw);
                        others.add(new SubOption(code, raw));
                    }
                }
                i = v + len;
            }
            return new PxeVendorOptions(control, servers, menu, prompt, item, others);
        }

        private static void expectLength(int code, String name, int len, int expected, int at) {
            if (len != expected) {
                throw bad(at, name + " (" + code + ") length " + len + " (expected: " + expected + ")");
            }
        }

        private static List<PxeVendorOptions.BootServer> bootServers(ByteBuf buf, int index, int from, int len) {
            List<PxeVendorOptions.BootServer> out = new ArrayList<>();
            int j = 0;
            while (j < len) {
                if (j + 3 > len) {
                    throw bad(from + j, "PXE_BOOT_SERVERS (8) entry needs 3 header bytes, " + (len - j) + " left");
                }
                int type = buf.getUnsignedShort(index + from + j);
                int n = buf.getUnsignedByte(index + from + j + 2);
                if (n == 0) {
                    throw bad(from + j + 2, "PXE_BOOT_SERVERS (8) server type " + type
                            + " has an IP count of 0 (expected: 1-255)");
                }
                if (j + 3 + 4 * n > len) {
                    throw bad(from + j + 2, "PXE_BOOT_SERVERS (8) IP count " + n + " needs " + 4 * n + " bytes, "
                            + (len - j - 3) + " left");
                }
                List<Integer> addresses = new ArrayList<>(n);
                for (int k = 0; k < n; k++) {
                    addresses.add(buf.getInt(index + from + j + 3 + 4 * k));
                }
                out.add(new PxeVendorOptions.BootServer(type, addresses));
                j += 3 + 4 * n;
            }
            return out;
        }

        private static List<PxeVendorOptions.MenuItem> bootMenu(ByteBuf buf, int index, int from, int len) {
            List<PxeVendorOptions.MenuItem> out = new ArrayList<>();
            int j = 0;
            while (j < len) {
                if (j + 3 > len) {
                    throw bad(from + j, "PXE_BOOT_MENU (9) item needs 3 header bytes, " + (len - j) + " left");
                }
                int type = buf.getUnsignedShort(index + from + j);
                int n = buf.getUnsignedByte(index + from + j + 2);
                if (j + 3 + n > len) {
                    throw bad(from + j + 2, "PXE_BOOT_MENU (9) description length " + n + " exceeds the "
                            + (len - j - 3)
                            + " bytes left");
                }
                out.add(new PxeVendorOptions.MenuItem(type, buf.toString(index + from + j + 3, n,
                        StandardCharsets.ISO_8859_1)));
                j += 3 + n;
            }
            return out;
        }

        @Override
        public void encode(PxeVendorOptions value, ByteBuf out) {
            int start = out.writerIndex();
            try {
                if (value.discoveryControl() >= 0) {
                    out.writeByte(PxeVendorOptions.DISCOVERY_CONTROL).writeByte(1).writeByte(value.discoveryControl());
                }
                if (!value.bootServers().isEmpty()) {
                    int lenAt = begin(out, PxeVendorOptions.BOOT_SERVERS);
                    for (PxeVendorOptions.BootServer s : value.bootServers()) {
                        out.writeShort(s.type()).writeByte(s.addresses().size());
                        for (int a : s.addresses()) {
                            out.writeInt(a);
                        }
                    }
                    end(out, lenAt, "PXE_BOOT_SERVERS (8)");
                }
                if (!value.bootMenu().isEmpty()) {
                    int lenAt = begin(out, PxeVendorOptions.BOOT_MENU);
                    for (PxeVendorOptions.MenuItem m : value.bootMenu()) {
                        out.writeShort(m.type()).writeByte(m.description().length());
                        TEXT.encode(m.description(), out);
                    }
                    end(out, lenAt, "PXE_BOOT_MENU (9)");
                }
                if (value.menuPrompt() != null) {
                    PxeVendorOptions.MenuPrompt p = value.menuPrompt();
                    out.writeByte(PxeVendorOptions.MENU_PROMPT).writeByte(1
                            + p.prompt().length()).writeByte(p.timeout());
                    TEXT.encode(p.prompt(), out);
                }
                if (value.bootItem() != null) {
                    out.writeByte(PxeVendorOptions.BOOT_ITEM).writeByte(4).writeShort(value.bootItem().type())
                            .writeShort(value.bootItem().layer());
                }
                TLV.encode(value.others(), out);
                out.writeByte(255);
            } catch (IllegalArgumentException e) {
                out.writerIndex(start); // a rejected value leaves nothing behind
                throw e;
            }
        }

        private static int begin(ByteBuf out, int code) {
            out.writeByte(code).writeByte(0);
            return out.writerIndex() - 1;
        }

        private static void end(ByteBuf out, int lenAt, String what) {
            int len = out.writerIndex() - lenAt - 1;
            if (len > 255) {
                throw new IllegalArgumentException(what + " is " + len + " bytes (expected: at most 255)");
            }
            out.setByte(lenAt, len);
        }
    }

    static final class UserClassCodec implements OptionCodec<UserClass> {
        static final UserClassCodec INSTANCE = new UserClassCodec();

        @Override
        public UserClass decode(ByteBuf buf, int index, int length) {
            if (length == 0) {
                throw bad(0, "empty user class (expected: at least 1 byte)");
            }
            // RFC 3004 only when the length prefixes tile the value exactly and none is zero.
            int i = 0;
            boolean tiled = true;
            while (i < length) {
                int len = buf.getUnsignedByte(index + i);
                if (len == 0 || i + 1 + len > length) {
                    tiled = false;
                    break;
                }
                i += 1 + len;
            }
            if (!tiled) {
                return UserClass.raw(buf.toString(index, length, StandardCharsets.ISO_8859_1));
            }
            List<String> classes = new ArrayList<>();
            for (i = 0; i < length; ) {
                int len = buf.getUnsignedByte(index + i);
                classes.add(buf.toString(index + i + 1, len, StandardCharsets.ISO_8859_1));
                i += 1 + len;
            }
            return new UserClass(true, classes);
        }

        @Override
        public void encode(UserClass value, ByteBuf out) {
            if (!value.rfc3004()) {
                TEXT.encode(value.classes().get(0), out);
                return;
            }
            for (String c : value.classes()) {
                if (c.isEmpty() || c.length() > 255) {
                    throw new IllegalArgumentException("user class length " + c.length() + " (expected: 1-255)");
                }
                out.writeByte(c.length());
                TEXT.encode(c, out);
            }
        }

        @Override
        public String format(UserClass value) {
            return String.join(", ", value.classes());
        }
    }

    static final class ClientIdCodec implements OptionCodec<ClientIdentifier> {
        static final ClientIdCodec INSTANCE = new ClientIdCodec();

        @Override
        public ClientIdentifier decode(ByteBuf buf, int index, int length) {
            if (length < 2) {
                throw bad(0, "client identifier length " + length + " (expected: at least 2)");
            }
            byte[] id = new byte[length - 1];
            buf.getBytes(index + 1, id);
            return new ClientIdentifier(buf.getUnsignedByte(index), id);
        }

        @Override
        public void encode(ClientIdentifier value, ByteBuf out) {
            out.writeBytes(value.toBytes());
        }
    }

    static final class FqdnCodec implements OptionCodec<ClientFqdn> {
        static final FqdnCodec INSTANCE = new FqdnCodec();

        @Override
        public ClientFqdn decode(ByteBuf buf, int index, int length) {
            if (length < 3) {
                throw bad(0, "client FQDN length " + length + " (expected: at least 3)");
            }
            int flags = buf.getUnsignedByte(index);
            String name;
            if ((flags & ClientFqdn.FLAG_E) != 0) {
                StringBuilder sb = new StringBuilder();
                int i = 3;
                boolean terminated = false;
                while (i < length) {
                    int len = buf.getUnsignedByte(index + i);
                    if (len == 0) {
                        terminated = true;
                        i++;
                        break;
                    }
                    if (len > 63) {
                        throw bad(i, "label length " + len + " (expected: 0-63; no compression in option 81)");
                    }
                    if (i + 1 + len > length) {
                        throw bad(i, "label length " + len + " exceeds the " + (length - i - 1) + " bytes left");
                    }
                    if (sb.length() > 0) {
                        sb.append('.');
                    }
                    sb.append(buf.toString(index + i + 1, len, StandardCharsets.ISO_8859_1));
                    i += 1 + len;
                }
                if (terminated && i != length) {
                    throw bad(i, (length - i) + " bytes after the name's terminating zero");
                }
                name = terminated && sb.length() > 0 ? sb + "." : sb.toString();
            } else {
                name = buf.toString(index + 3, length - 3, StandardCharsets.ISO_8859_1);
            }
            return new ClientFqdn(flags, buf.getUnsignedByte(index + 1), buf.getUnsignedByte(index + 2), name);
        }

        @Override
        public void encode(ClientFqdn value, ByteBuf out) {
            out.writeByte(value.flags()).writeByte(value.rcode1()).writeByte(value.rcode2());
            if (!value.canonicalEncoding()) {
                TEXT.encode(value.domainName(), out);
                return;
            }
            String name = value.domainName();
            boolean fq = name.endsWith(".");
            if (fq) {
                name = name.substring(0, name.length() - 1);
            }
            if (!name.isEmpty()) {
                for (String label : name.split("\\.", -1)) {
                    DomainSearchCodec.writeLabel(label, out);
                }
            }
            if (fq) {
                out.writeByte(0);
            }
        }
    }

    static final class DomainSearchCodec implements OptionCodec<List<String>> {
        static final DomainSearchCodec INSTANCE = new DomainSearchCodec();

        @Override
        public List<String> decode(ByteBuf buf, int index, int length) {
            List<String> names = new ArrayList<>();
            int i = 0;
            while (i < length) {
                StringBuilder sb = new StringBuilder();
                i = readName(buf, index, length, i, sb);
                names.add(sb.toString());
            }
            return List.copyOf(names);
        }

        /** Reads one name starting at {@code pos}; returns the position after it (after the first pointer, if any). */
        private static int readName(ByteBuf buf, int index, int length, int pos, StringBuilder sb) {
            int next = -1;
            int p = pos;
            int bound = pos;
            int wireLength = 0;
            while (true) {
                if (p >= length) {
                    throw bad(p, "domain name runs past the end of the option");
                }
                int len = buf.getUnsignedByte(index + p);
                if ((len & 0xC0) == 0xC0) {
                    if (p + 1 >= length) {
                        throw bad(p, "compression pointer truncated");
                    }
                    int target = ((len & 0x3F) << 8) | buf.getUnsignedByte(index + p + 1);
                    // Each pointer must go before the start of what was read so far (the name's
                    // start, then the previous target): strictly decreasing, so no loops.
                    if (target >= bound) {
                        throw bad(p, "compression pointer to " + target + " (expected: an earlier offset than " + bound + ")");
                    }
                    bound = target;
                    if (next < 0) {
                        next = p + 2;
                    }
                    p = target;
                    continue;
                }
                if ((len & 0xC0) != 0) {
                    throw bad(p, "label type 0x" + Integer.toHexString(len & 0xC0) + " (expected: length or pointer)");
                }
                if (len == 0) {
                    return next < 0 ? p + 1 : next;
                }
                if (p + 1 + len > length) {
                    throw bad(p, "label length " + len + " exceeds the " + (length - p - 1) + " bytes left");
                }
                wireLength += len + 1;
                if (wireLength > 255) {
                    throw bad(p, "domain name longer than 255 bytes");
                }
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(buf.toString(index + p + 1, len, StandardCharsets.ISO_8859_1));
                p += 1 + len;
            }
        }

        static void writeLabel(String label, ByteBuf out) {
            if (label.isEmpty() || label.length() > 63) {
                throw new IllegalArgumentException("label \"" + label + "\" length " + label.length() + " (expected: 1-63)");
            }
            out.writeByte(label.length());
            TEXT.encode(label, out);
        }

        @Override
        public void encode(List<String> names, ByteBuf out) {
            int start = out.writerIndex();
            Map<String, Integer> suffixes = new HashMap<>();
            for (String name : names) {
                String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
                while (!n.isEmpty()) {
                    Integer at = suffixes.get(n);
                    if (at != null) {
                        out.writeShort(0xC000 | at);
                        n = null;
                        break;
                    }
                    int here = out.writerIndex() - start;
                    if (here < 0x4000) {
                        suffixes.put(n, here);
                    }
                    int dot = n.indexOf('.');
                    writeLabel(dot < 0 ? n : n.substring(0, dot), out);
                    n = dot < 0 ? "" : n.substring(dot + 1);
                }
                if (n != null) {
                    out.writeByte(0);
                }
            }
        }

        @Override
        public String format(List<String> value) {
            return String.join(", ", value);
        }
    }

    static final class RoutesCodec implements OptionCodec<List<ClasslessRoute>> {
        static final RoutesCodec INSTANCE = new RoutesCodec();

        @Override
        public List<ClasslessRoute> decode(ByteBuf buf, int index, int length) {
            List<ClasslessRoute> out = new ArrayList<>();
            int i = 0;
            while (i < length) {
                int prefix = buf.getUnsignedByte(index + i);
                if (prefix > 32) {
                    throw bad(i, "prefix length " + prefix + " (expected: 0-32)");
                }
                int significant = (prefix + 7) / 8;
                if (i + 1 + significant + 4 > length) {
                    throw bad(i, "route /" + prefix + " needs " + (1 + significant + 4) + " bytes, " + (length - i) + " left");
                }
                int dest = 0;
                for (int k = 0; k < 4; k++) {
                    dest = (dest << 8) | (k < significant ? buf.getUnsignedByte(index + i + 1 + k) : 0);
                }
                int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
                if ((dest & ~mask) != 0) {
                    throw bad(i + 1, "destination " + Ipv4.format(dest) + " has bits set beyond /" + prefix);
                }
                int router = buf.getInt(index + i + 1 + significant);
                out.add(new ClasslessRoute(dest, prefix, router));
                i += 1 + significant + 4;
            }
            return List.copyOf(out);
        }

        @Override
        public void encode(List<ClasslessRoute> routes, ByteBuf out) {
            for (ClasslessRoute r : routes) {
                out.writeByte(r.prefixLength());
                int significant = (r.prefixLength() + 7) / 8;
                for (int k = 0; k < significant; k++) {
                    out.writeByte(r.destination() >>> (24 - 8 * k));
                }
                out.writeInt(r.router());
            }
        }

        @Override
        public String format(List<ClasslessRoute> value) {
            StringBuilder sb = new StringBuilder();
            for (ClasslessRoute r : value) {
                if (sb.length() > 0) {
                    sb.append(", ");
                }
                sb.append(r);
            }
            return sb.toString();
        }
    }

    static final class ViCodec implements OptionCodec<List<VendorIdentifying>> {
        static final ViCodec CLASS = new ViCodec(false);
        static final ViCodec SPECIFIC = new ViCodec(true);
        private final boolean coded;

        private ViCodec(boolean coded) {
            this.coded = coded;
        }

        @Override
        public List<VendorIdentifying> decode(ByteBuf buf, int index, int length) {
            List<VendorIdentifying> out = new ArrayList<>();
            int i = 0;
            while (i < length) {
                if (i + 5 > length) {
                    throw bad(i, "enterprise block needs 5 header bytes, " + (length - i) + " left");
                }
                long enterprise = buf.getUnsignedInt(index + i);
                int dataLen = buf.getUnsignedByte(index + i + 4);
                if (i + 5 + dataLen > length) {
                    throw bad(i + 4, "data length " + dataLen + " exceeds the " + (length - i - 5) + " bytes left");
                }
                List<SubOption> items;
                if (coded) {
                    try {
                        items = PLAIN_TLV.decode(buf, index + i + 5, dataLen);
                    } catch (DhcpCodecException e) {
                        throw bad(i + 5 + e.offset(), e.reason());
                    }
                } else {
                    items = new ArrayList<>();
                    int j = 0;
                    while (j < dataLen) {
                        int len = buf.getUnsignedByte(index + i + 5 + j);
                        if (j + 1 + len > dataLen) {
                            throw bad(i + 5 + j, "data item length " + len + " exceeds the " + (dataLen - j - 1) + " bytes left");
                        }
                        byte[] v = new byte[len];
                        buf.getBytes(index + i + 5 + j + 1, v);
                        items.add(new SubOption(0, v));
                        j += 1 + len;
                    }
                }
                out.add(new VendorIdentifying(enterprise, items));
                i += 5 + dataLen;
            }
            return List.copyOf(out);
        }

        @Override
        public void encode(List<VendorIdentifying> value, ByteBuf out) {
            for (VendorIdentifying vi : value) {
                out.writeInt((int) vi.enterpriseNumber());
                int lenAt = out.writerIndex();
                out.writeByte(0);
                for (SubOption s : vi.items()) {
                    byte[] v = s.value();
                    if (coded) {
                        out.writeByte(s.code());
                    }
                    out.writeByte(v.length).writeBytes(v);
                }
                int len = out.writerIndex() - lenAt - 1;
                if (len > 255) {
                    throw new IllegalArgumentException("enterprise " + vi.enterpriseNumber() + " data is " + len + " bytes (expected: <= 255)");
                }
                out.setByte(lenAt, len);
            }
        }
    }

    static final class NiiCodec implements OptionCodec<ClientNetworkInterface> {
        static final NiiCodec INSTANCE = new NiiCodec();

        @Override
        public ClientNetworkInterface decode(ByteBuf buf, int index, int length) {
            if (length != 3) {
                throw bad(0, "client network interface length " + length + " (expected: 3)");
            }
            return new ClientNetworkInterface(buf.getUnsignedByte(index), buf.getUnsignedByte(index + 1), buf.getUnsignedByte(index + 2));
        }

        @Override
        public void encode(ClientNetworkInterface v, ByteBuf out) {
            out.writeByte(v.type()).writeByte(v.major()).writeByte(v.minor());
        }

        @Override
        public int fixedLength() {
            return 3;
        }
    }

    static final class MachineIdCodec implements OptionCodec<ClientMachineId> {
        static final MachineIdCodec INSTANCE = new MachineIdCodec();

        @Override
        public ClientMachineId decode(ByteBuf buf, int index, int length) {
            if (length < 1) {
                throw bad(0, "client machine identifier is empty (expected: type byte + 16-byte GUID)");
            }
            byte[] id = new byte[length - 1];
            buf.getBytes(index + 1, id);
            return new ClientMachineId(buf.getUnsignedByte(index), id);
        }

        @Override
        public void encode(ClientMachineId v, ByteBuf out) {
            out.writeByte(v.type()).writeBytes(v.id());
        }
    }
}
