package dev.netboot.dhcp;

import dev.netboot.dhcp.option.OptionCodec;
import dev.netboot.dhcp.option.OptionKey;
import dev.netboot.dhcp.option.OptionRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A read-only view of one DHCPv4 (or BOOTP) message over a {@link ByteBuf}: header fields are
 * read in place, and options are indexed in one pass without copying (the options field, then
 * {@code file}, then {@code sname} when option 52 overloads them, as RFC 3396 orders them): by
 * code, so that an accessor finds its option in O(1); the wire-order list behind the index-based
 * accessors ({@link #optionCode(int)} ...) is built on their first use. Typed values are decoded
 * only when asked for. A heap buffer is read in place; a buffer without a backing array (a pooled
 * direct datagram) is copied once, in bulk, which costs less than Netty's checked per-byte reads.
 *
 * <p><b>Buffer ownership:</b> the view neither retains nor releases the buffer. It is valid while
 * the caller keeps the buffer alive and does not modify its readable bytes; the caller releases
 * the buffer. Values returned by accessors are copies and outlive the buffer.
 *
 * <p><b>Thread-safety:</b> a view from {@link #decode(ByteBuf)} or {@link DhcpDecoder#decode} is
 * immutable and may be shared once published ({@link #problems()} is computed on first use in a way
 * that is safe under races); a view from a {@link DhcpMessageReader} is re-pointed
 * by that reader's next {@code read} and belongs to the reader's thread.
 */
public final class DhcpMessage {
    /** Length of the fixed BOOTP header up to (excluding) the vendor/options field. */
    public static final int BOOTP_HEADER_LENGTH = 236;
    /** Offset of the first option, after the magic cookie. */
    public static final int OPTIONS_OFFSET = 240;
    /** The RFC 2131 magic cookie 99.130.83.99. */
    public static final int MAGIC_COOKIE = 0x63825363;
    /** BOOTP op code of a request. */
    public static final int BOOTREQUEST = 1;
    /** BOOTP op code of a reply. */
    public static final int BOOTREPLY = 2;

    static final int CHADDR_OFFSET = 28;
    static final int SNAME_OFFSET = 44;
    static final int SNAME_LENGTH = 64;
    static final int FILE_OFFSET = 108;
    static final int FILE_LENGTH = 128;
    static final int MAX_HLEN = 16;

    private ByteBuf buf;
    private int base;
    private int length;
    /** The backing array when the buffer has one, else {@link #copy}: every read goes through it. */
    private byte[] array;
    private int arrayBase;
    /**
     * Per option code, where the value of its first occurrence starts and whether it occurs again:
     * {@code stamp | REPEATED? | value offset}. A slot counts only if it carries the current
     * {@link #stamp}, so a reused view never clears the table (it is cleared once per 32768
     * messages, when the stamp wraps). Indexing an option is then one load and one store, which is
     * what makes decoding and the typed accessors cost about as much as a hand-written scan.
     */
    private final int[] slots = new int[256];
    private int stamp;
    /** True for a reader's view, whose {@link #copy} is kept from message to message. */
    private boolean reusable;
    /** The copy of a message from a buffer without an array (a reader's is reused), or null. */
    private byte[] copy;
    private DhcpLimits limits;
    private OptionRegistry registry;
    private boolean cookie;
    private int overload;
    /**
     * Per option in wire order: (value offset from base) << 16 | code << 8 | length. Listed on first
     * use, by the index-based accessors and for options that occur more than once; {@link #count}
     * is known from decoding.
     */
    private int[] entries;
    private boolean listed;
    private int count;
    private List<DhcpProblem> structural;
    /** Computed on first use; immutable once set (see {@link #problems()} for why a data race is harmless). */
    private List<DhcpProblem> problems;

    DhcpMessage(int capacity) {
        entries = new int[capacity];
    }

    private static final int STAMP_SHIFT = 17;
    private static final int STAMP_MASK = -1 << STAMP_SHIFT;
    private static final int REPEATED = 1 << 16;
    private static final int OFFSET_MASK = 0xFFFF;

    /** A reusable view (for {@link DhcpMessageReader}) that reads direct buffers through one bulk copy. */
    static DhcpMessage reusable() {
        DhcpMessage m = new DhcpMessage(64);
        m.copy = new byte[1500];
        m.reusable = true;
        return m;
    }

    /**
     * Decodes leniently the readable bytes of {@code buf} with the default limits and standard
     * options; problems are in {@link #problems()}.
     *
     * @throws DhcpCodecException if the fixed header is incomplete or a limit is exceeded
     */
    public static DhcpMessage decode(ByteBuf buf) {
        return DhcpDecoder.LENIENT.decode(buf);
    }

    void reset(ByteBuf buf, DhcpLimits limits, OptionRegistry registry) {
        this.buf = buf;
        this.base = buf.readerIndex();
        this.length = buf.readableBytes();
        if (buf.hasArray()) {
            this.array = buf.array();
            this.arrayBase = buf.arrayOffset() + base;
        } else if (length <= limits.maxMessageSize()) {
            copyIn(buf);
        }
        stamp += 1 << STAMP_SHIFT;
        if (stamp == 0) {
            wrapStamp();
        }
        this.listed = false;
        // a reader passes the same limits and registry every time, and most messages have no
        // problems: storing a reference only when it changes skips the GC's write barrier
        if (this.limits != limits) {
            this.limits = limits;
        }
        if (this.registry != registry) {
            this.registry = registry;
        }
        this.count = 0;
        this.overload = 0;
        if (structural != null) {
            structural = null;
        }
        if (problems != null) {
            problems = null;
        }
        if (length > limits.maxMessageSize() || length < BOOTP_HEADER_LENGTH) {
            throw badLength(length, limits);
        }
        if (u8(2) > MAX_HLEN) {
            hlenProblem();
        }
        cookie = length >= OPTIONS_OFFSET && i32(BOOTP_HEADER_LENGTH) == MAGIC_COOKIE;
        if (!cookie) {
            return; // BOOTP (RFC 951): a 64-byte vendor area without the cookie, no options
        }
        boolean ended = scan(OPTIONS_OFFSET, length, "options");
        if (!ended) {
            problem("options", 255, length, 0, "no end option (255) before the end of the message");
        }
        if (at(52) >= 0) {
            indexOverloaded();
        }
    }

    /*
     * reset runs once per datagram; what it does only for an unusual message (throw, report a
     * problem, index overloaded fields) or for a direct buffer is in methods of its own, which keeps
     * its bytecode under C2's inlining limit for hot methods (FreqInlineSize, 325 bytes).
     */

    /**
     * One bulk copy of a buffer without a backing array costs less than the per-byte reference-count
     * and bounds checks of reading a direct buffer byte by byte, and leaves one way to read: a
     * reader's array is reused (no allocation once grown), a plain view's is its own.
     */
    private void copyIn(ByteBuf buf) {
        if (copy == null || copy.length < length) {
            copy = new byte[reusable ? Math.max(length, copy.length * 2) : length];
        }
        buf.getBytes(base, copy, 0, length);
        this.array = copy;
        this.arrayBase = 0;
    }

    /** The stamp wrapped (every 32768 messages): slots stamped that long ago would look current. */
    private void wrapStamp() {
        Arrays.fill(slots, 0);
        stamp = 1 << STAMP_SHIFT;
    }

    private static DhcpCodecException badLength(int length, DhcpLimits limits) {
        if (length > limits.maxMessageSize()) {
            return new DhcpCodecException("message", 0, "length " + length + " exceeds maxMessageSize "
                    + limits.maxMessageSize() + " (raise it with DhcpLimits.withMaxMessageSize)");
        }
        return new DhcpCodecException("header", length, "message is " + length + " bytes (expected: at least "
                + BOOTP_HEADER_LENGTH + ")");
    }

    private void hlenProblem() {
        problem("hlen", -1, 2, 1, "hlen " + u8(2) + " larger than 16 (clamped to 16)");
    }

    /** Option 52 is present: checks its value and indexes the overloaded file and/or sname field. */
    private void indexOverloaded() {
        int at = at(52);
        int len = u8(at - 1);
        int value = len == 1 ? u8(at) : -1;
        if (value >= 1 && value <= 3) {
            overload = value;
            if ((value & 1) != 0) {
                scanOverloaded(FILE_OFFSET, FILE_LENGTH, "file");
            }
            if ((value & 2) != 0) {
                scanOverloaded(SNAME_OFFSET, SNAME_LENGTH, "sname");
            }
        } else {
            problem("option 52 (Option Overload)", 52, at, len,
                    len == 1 ? "value " + value + " (expected: 1, 2 or 3)" : "length " + len + " (expected: 1)");
        }
    }

    private void scanOverloaded(int from, int size, String field) {
        if (!scan(from, from + size, field)) {
            problem(field, 255, from + size, 0, "overloaded " + field + " field has no end option (255)");
        }
    }

    /** Indexes options in [from, to) into {@link #slots}; returns true if an end option was seen. */
    private boolean scan(int from, int to, String field) {
        int[] slots = this.slots;
        int stamp = this.stamp;
        int max = limits.maxOptions();
        int n = count;
        int i = from;
        try {
            while (i < to) {
                int code = u8(i);
                if (code == 0) {
                    i++;
                    continue;
                }
                if (code == 255) {
                    return true;
                }
                if (i + 1 >= to) {
                    problem("option " + code, code, i, 1, "no length byte before the end of the " + field + " field");
                    return true;
                }
                int len = u8(i + 1);
                if (i + 2 + len > to) {
                    problem("option " + code, code, i, to - i, "length " + len + " exceeds the " + (to - i - 2)
                            + " bytes left in the " + field + " field");
                    return true;
                }
                if (n == max) {
                    throw new DhcpCodecException("option " + code, i, "more than maxOptions " + max
                            + " options (raise it with DhcpLimits.withMaxOptions)");
                }
                n++;
                int s = slots[code];
                slots[code] = (s & STAMP_MASK) == stamp ? s | REPEATED : stamp | (i + 2);
                i += 2 + len;
            }
            return false;
        } finally {
            count = n;
        }
    }

    /**
     * Lists the options in wire order into {@link #entries}, once per message: the walk {@link #scan}
     * made. A reader's view lists on first use (it belongs to one thread); a view that may be shared
     * is listed when it is decoded, so that no accessor writes to it afterwards.
     */
    void list() {
        if (listed) {
            return;
        }
        if (entries.length < count) {
            entries = new int[Math.max(count, entries.length * 2)];
        }
        int n = 0;
        if (cookie) {
            n = list(OPTIONS_OFFSET, length, n);
            if ((overload & 1) != 0) {
                n = list(FILE_OFFSET, FILE_OFFSET + FILE_LENGTH, n);
            }
            if ((overload & 2) != 0) {
                n = list(SNAME_OFFSET, SNAME_OFFSET + SNAME_LENGTH, n);
            }
        }
        assert n == count : n + " listed, " + count + " indexed";
        listed = true;
    }

    private int list(int from, int to, int n) {
        int i = from;
        while (i < to) {
            int code = u8(i);
            if (code == 0) {
                i++;
                continue;
            }
            if (code == 255 || i + 1 >= to) {
                break;
            }
            int len = u8(i + 1);
            if (i + 2 + len > to) {
                break;
            }
            entries[n++] = ((i + 2) << 16) | (code << 8) | len;
            i += 2 + len;
        }
        return n;
    }

    private void problem(String field, int code, int offset, int rawLength, String reason) {
        if (structural == null) {
            structural = new ArrayList<>(2);
        }
        int n = Math.max(0, Math.min(rawLength, length - offset));
        structural.add(new DhcpProblem(field, code, offset, hex(offset, n), reason));
    }

    /** Unsigned byte at {@code offset} from the start of the message. */
    private int u8(int offset) {
        return array[arrayBase + offset] & 0xFF;
    }

    private int u16(int offset) {
        int at = arrayBase + offset;
        return ((array[at] & 0xFF) << 8) | (array[at + 1] & 0xFF);
    }

    private int i32(int offset) {
        int at = arrayBase + offset;
        return (array[at] << 24) | ((array[at + 1] & 0xFF) << 16) | ((array[at + 2] & 0xFF) << 8) | (array[at + 3] & 0xFF);
    }

    /** Offset from the start of the message of the value of {@code code}'s first occurrence, or -1. */
    private int at(int code) {
        if (code < 0 || code > 255) {
            return -1;
        }
        int s = slots[code];
        return (s & STAMP_MASK) == stamp ? s & OFFSET_MASK : -1;
    }

    private boolean isRepeated(int code) {
        int s = slots[code & 0xFF];
        return (s & STAMP_MASK) == stamp && (s & REPEATED) != 0;
    }

    private String hex(int offset, int n) {
        byte[] b = new byte[n];
        buf.getBytes(base + offset, b);
        return HexFormat.ofDelimiter(":").formatHex(b);
    }

    // ---------------------------------------------------------------- header

    /** The buffer this view reads (not retained). */
    public ByteBuf buffer() {
        return buf;
    }

    /** Absolute index in {@link #buffer()} of the message's first byte (the reader index when decoded). */
    int baseIndex() {
        return base;
    }

    /** Length of the message in bytes. */
    public int messageLength() {
        return length;
    }

    /** BOOTP op code: 1 request, 2 reply. */
    public int op() {
        return u8(0);
    }

    /** Hardware address type (1 = Ethernet). */
    public int htype() {
        return u8(1);
    }

    /** Hardware address length, clamped to 16 (the size of chaddr); see {@link #problems()}. */
    public int hlen() {
        return Math.min(MAX_HLEN, u8(2));
    }

    /** Relay hops. */
    public int hops() {
        return u8(3);
    }

    /** Transaction ID. */
    public int xid() {
        return i32(4);
    }

    /** Seconds since the client began. */
    public int secs() {
        return u16(8);
    }

    /** The flags field. */
    public int flags() {
        return u16(10);
    }

    /** True if the broadcast flag (0x8000) is set. */
    public boolean broadcast() {
        return (flags() & 0x8000) != 0;
    }

    /** Client IP address (big-endian int). */
    public int ciaddr() {
        return i32(12);
    }

    /** "Your" (offered) IP address. */
    public int yiaddr() {
        return i32(16);
    }

    /** Next server (siaddr). */
    public int siaddr() {
        return i32(20);
    }

    /** Relay agent IP address. */
    public int giaddr() {
        return i32(24);
    }

    /** A copy of the first {@link #hlen()} bytes of chaddr. */
    public byte[] chaddr() {
        byte[] out = new byte[hlen()];
        buf.getBytes(base + CHADDR_OFFSET, out);
        return out;
    }

    /** Byte {@code i} (0-15) of the 16-byte chaddr field. */
    public int chaddrByte(int i) {
        if (i < 0 || i >= MAX_HLEN) {
            throw new IllegalArgumentException("chaddr index " + i + " (expected: 0-15)");
        }
        return u8(CHADDR_OFFSET + i);
    }

    /** The first six chaddr bytes as a long (an Ethernet MAC), whatever hlen says. */
    public long mac48() {
        return ((long) u16(CHADDR_OFFSET) << 32) | (i32(CHADDR_OFFSET + 2) & 0xFFFFFFFFL);
    }

    /** The chaddr as colon-separated hex of {@link #hlen()} bytes. */
    public String chaddrString() {
        return hex(CHADDR_OFFSET, hlen());
    }

    /** The sname field up to its first NUL, or "" when option 52 overloads it with options. */
    public String sname() {
        return (overload & 2) != 0 ? "" : cString(SNAME_OFFSET, SNAME_LENGTH);
    }

    /** The file field up to its first NUL, or "" when option 52 overloads it with options. */
    public String file() {
        return (overload & 1) != 0 ? "" : cString(FILE_OFFSET, FILE_LENGTH);
    }

    /** The boot file: option 67 when present (wherever it was carried), else the file field. */
    public String bootFileName() {
        if (!has(67)) {
            return file();
        }
        String s = new String(optionBytes(67), StandardCharsets.ISO_8859_1);
        int nul = s.indexOf('\0');
        return nul >= 0 ? s.substring(0, nul) : s;
    }

    private String cString(int offset, int size) {
        int end = buf.indexOf(base + offset, base + offset + size, (byte) 0);
        int n = end < 0 ? size : end - base - offset;
        return buf.toString(base + offset, n, StandardCharsets.ISO_8859_1);
    }

    /** True if the magic cookie is present (a DHCP message); false for plain BOOTP. */
    public boolean hasMagicCookie() {
        return cookie;
    }

    /** Option 52's value when it overloads file (1), sname (2) or both (3); else 0. */
    public int overload() {
        return overload;
    }

    // ---------------------------------------------------------------- options

    /** Number of options indexed (pads and ends excluded; split options count once per part). */
    public int optionCount() {
        return count;
    }

    /** Code of the option at index {@code i} (wire order). */
    public int optionCode(int i) {
        return (entry(i) >>> 8) & 0xFF;
    }

    /** Length of the value of the option at index {@code i}. */
    public int optionLength(int i) {
        return entry(i) & 0xFF;
    }

    /** Absolute index in {@link #buffer()} of the value of the option at index {@code i}. */
    public int optionValueIndex(int i) {
        return base + (entry(i) >>> 16);
    }

    /** Offset from the start of the message of the value of the option at index {@code i}. */
    public int optionValueOffset(int i) {
        return entry(i) >>> 16;
    }

    private int valueOffset(int i) {
        return entries[i] >>> 16;
    }

    private int entry(int i) {
        if (i < 0 || i >= count) {
            throw new IllegalArgumentException("option index " + i + " (expected: 0-" + (count - 1) + ")");
        }
        list();
        return entries[i];
    }

    private static int code(int entry) {
        return (entry >>> 8) & 0xFF;
    }

    /** Index (wire order) of the first option with {@code code}, or -1. */
    public int indexOf(int code) {
        if (at(code) < 0) {
            return -1;
        }
        list();
        for (int i = 0; i < count; i++) {
            if (code(entries[i]) == code) {
                return i;
            }
        }
        throw new AssertionError("option " + code + " indexed but not listed");
    }

    /** True if the message carries option {@code code}. */
    public boolean has(int code) {
        return at(code) >= 0;
    }

    /**
     * Absolute index in {@link #buffer()} of the value of option {@code code}'s first occurrence,
     * or -1 if absent; its length is {@link #valueLength(int)} unless the option is split.
     */
    public int valueIndex(int code) {
        int at = at(code);
        return at < 0 ? -1 : base + at;
    }

    /** How many times option {@code code} occurs. */
    public int occurrences(int code) {
        if (at(code) < 0) {
            return 0;
        }
        if (!isRepeated(code)) {
            return 1;
        }
        list();
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (code(entries[i]) == code) {
                n++;
            }
        }
        return n;
    }

    /**
     * Whether the occurrences of {@code code} form one RFC 3396 long option. A fixed-width option
     * whose every copy has exactly its width is repeated, not split (dnsmasq sends 54 twice).
     */
    private boolean joins(int code) {
        if (!isRepeated(code)) {
            return false;
        }
        OptionKey<?> key = registry.keyOrNull(code);
        return joins(code, key == null ? -1 : key.codec().fixedLength());
    }

    private boolean joins(int code, int fixed) {
        if (!isRepeated(code)) {
            return false;
        }
        if (fixed < 0) {
            return true;
        }
        list();
        for (int i = 0; i < count; i++) {
            if (code(entries[i]) == code && (entries[i] & 0xFF) != fixed) {
                return true;
            }
        }
        return false;
    }

    /** Length of option {@code code}'s value (joined when split), or -1 if absent. */
    public int valueLength(int code) {
        int at = at(code);
        if (at < 0) {
            return -1;
        }
        return joins(code) ? joinedLength(code) : u8(at - 1);
    }

    /** The summed length of every occurrence of {@code code}. */
    private int joinedLength(int code) {
        list();
        int total = 0;
        for (int i = 0; i < count; i++) {
            if (code(entries[i]) == code) {
                total += entries[i] & 0xFF;
            }
        }
        return total;
    }

    /**
     * A copy of option {@code code}'s value, joined across its parts when split (RFC 3396), or
     * null if absent.
     */
    public byte[] optionBytes(int code) {
        int at = at(code);
        if (at < 0) {
            return null;
        }
        if (!joins(code)) {
            byte[] out = new byte[u8(at - 1)];
            buf.getBytes(base + at, out);
            return out;
        }
        return joinedBytes(code);
    }

    /** Every occurrence of {@code code}, joined in wire order. */
    private byte[] joinedBytes(int code) {
        byte[] out = new byte[joinedLength(code)];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (code(entries[i]) == code) {
                int len = entries[i] & 0xFF;
                buf.getBytes(base + valueOffset(i), out, n, len);
                n += len;
            }
        }
        return out;
    }

    /** True if option {@code code} is present and its (joined) value equals {@code expected}; no copy. */
    public boolean optionEquals(int code, byte[] expected) {
        return compare(code, expected, true);
    }

    /** True if option {@code code} is present and its (joined) value starts with {@code prefix}; no copy. */
    public boolean optionStartsWith(int code, byte[] prefix) {
        return compare(code, prefix, false);
    }

    private boolean compare(int code, byte[] expected, boolean whole) {
        int at = at(code);
        if (at < 0) {
            return false;
        }
        int n = expected.length;
        if (!isRepeated(code)) {
            int len = u8(at - 1);
            if (whole ? len != n : len < n) {
                return false;
            }
            int from = arrayBase + at;
            return Arrays.equals(array, from, from + n, expected, 0, n);
        }
        boolean join = joins(code);
        list();
        int matched = 0;
        for (int i = 0; i < count; i++) {
            if (code(entries[i]) != code) {
                continue;
            }
            int len = entries[i] & 0xFF;
            int off = valueOffset(i);
            for (int k = 0; k < len; k++) {
                if (matched == n) {
                    return !whole;
                }
                if ((byte) u8(off + k) != expected[matched++]) {
                    return false;
                }
            }
            if (!join) {
                break;
            }
        }
        return matched == n;
    }

    /** Option {@code code}'s one-byte value, or {@code absent} if missing or not one byte long. */
    public int optionU8(int code, int absent) {
        int at = at(code);
        return at >= 0 && u8(at - 1) == 1 ? u8(at) : absent;
    }

    /** Option {@code code}'s two-byte value, or {@code absent} if missing or not two bytes long. */
    public int optionU16(int code, int absent) {
        int at = at(code);
        return at >= 0 && u8(at - 1) == 2 ? u16(at) : absent;
    }

    /** Option {@code code}'s four-byte value (an address or a time), or {@code absent} if missing or not four bytes. */
    public int optionInt(int code, int absent) {
        int at = at(code);
        return at >= 0 && u8(at - 1) == 4 ? i32(at) : absent;
    }

    /** The message type (option 53), or null if absent or malformed; allocation-free for known types. */
    public MessageType messageType() {
        int v = optionU8(53, -1);
        return v < 0 ? null : MessageType.valueOf(v);
    }

    /** The first client architecture code of option 93, or -1 if absent or malformed; never allocates. */
    public int clientArchitectureCode() {
        int at = at(93);
        return at < 0 || u8(at - 1) < 2 ? -1 : u16(at);
    }

    /**
     * The first client architecture of option 93, or null if absent or malformed;
     * allocation-free for registered values.
     */
    public ClientArchitecture clientArchitecture() {
        int code = clientArchitectureCode();
        return code < 0 ? null : ClientArchitecture.valueOf(code);
    }

    /**
     * The typed value of {@code key}'s option, joined per RFC 3396 where the codec's value is
     * variable-length, or empty if absent.
     *
     * @throws DhcpCodecException if the value is malformed (offset of the option's value)
     */
    public <T> Optional<T> option(OptionKey<T> key) {
        return Optional.ofNullable(optionOrNull(key));
    }

    /** Like {@link #option(OptionKey)} but null when absent: the allocation-light form. */
    public <T> T optionOrNull(OptionKey<T> key) {
        int code = key.code();
        int off = at(code);
        if (off < 0) {
            return null;
        }
        OptionCodec<T> codec = key.codec();
        boolean join = joins(code, codec.fixedLength());
        try {
            if (!join) {
                return codec.decode(buf, base + off, u8(off - 1));
            }
            byte[] joined = joinedBytes(code);
            // wrappedBuffer over a heap array is not reference-tracked: nothing to release.
            return codec.decode(Unpooled.wrappedBuffer(joined), 0, joined.length);
        } catch (DhcpCodecException e) {
            int inValue = Math.max(0, e.offset());
            if (!join) {
                throw new DhcpCodecException(optionField(code, key.name()), off + inValue, e.reason());
            }
            throw inSplitOption(code, key.name(), inValue, e.reason());
        } catch (RuntimeException e) {
            throw new DhcpCodecException(optionField(code, key.name()), off, "codec failed: " + e);
        }
    }

    /**
     * The error for byte {@code inValue} of split option {@code code}'s joined value, placed at that
     * byte in the wire part that holds it (an offset at or past the end falls in the last part).
     */
    private DhcpCodecException inSplitOption(int code, String name, int inValue, String reason) {
        list();
        int before = 0; // bytes of the joined value in earlier parts
        int part = -1;
        int ordinal = 0;
        for (int i = 0; i < count; i++) {
            if (code(entries[i]) == code) {
                if (part >= 0) {
                    before += entries[part] & 0xFF;
                    ordinal++;
                }
                part = i;
                if (inValue < before + (entries[i] & 0xFF)) {
                    break;
                }
            }
        }
        return new DhcpCodecException(optionField(code, name), valueOffset(part) + (inValue - before),
                reason + " (in part " + (ordinal + 1) + " of " + occurrences(code) + " of the joined value)");
    }

    /** Wire index of the option whose code, length or value holds message offset {@code offset}, or -1. */
    private int entryAt(int offset) {
        list();
        for (int i = 0; i < count; i++) {
            int v = valueOffset(i);
            if (offset >= v - 2 && offset <= v + (entries[i] & 0xFF)) {
                return i;
            }
        }
        return -1;
    }

    static String optionField(int code, String name) {
        return "option " + code + " (" + name + ")";
    }

    /** The option registry this message was decoded with (names, codecs of site-defined options). */
    public OptionRegistry registry() {
        return registry;
    }

    /**
     * Problems found: structural ones found while indexing (truncated options, missing end,
     * hlen over 16, a bad overload value) and, computed on first call, every registered option
     * whose value its codec rejects, at the offset of the faulty byte (in the wire part that holds
     * it for a split option). Empty for a well-formed message. The list is immutable.
     *
     * <p>A view that may be shared computes the list lazily with the racy single-check idiom: the
     * field is read once; the computation only reads state written before the view was published
     * ({@link DhcpDecoder#decode} lists the options first, so nothing else is written lazily); the
     * result is an immutable {@link List#copyOf} of immutable records, whose final fields make it
     * safely visible through a data race. Threads racing on the first call may each compute an
     * equal list, and any of them may be kept: harmless.
     */
    public List<DhcpProblem> problems() {
        List<DhcpProblem> known = problems; // read once: racy single-check
        if (known != null) {
            return known;
        }
        List<DhcpProblem> out = structural == null ? new ArrayList<>() : new ArrayList<>(structural);
        list();
        BitSet seen = new BitSet(256);
        for (int i = 0; i < count; i++) {
            int code = (entries[i] >>> 8) & 0xFF;
            if (seen.get(code)) {
                continue; // a split option is validated once, joined
            }
            seen.set(code);
            OptionKey<?> key = registry.keyOrNull(code);
            if (key == null) {
                continue;
            }
            try {
                optionOrNull(key);
            } catch (DhcpCodecException e) {
                int part = entryAt(e.offset()); // the part holding the faulty byte, for a split option
                int raw = part >= 0 && code(entries[part]) == code ? part : i;
                String rawHex = hex(valueOffset(raw) - 2, (entries[raw] & 0xFF) + 2);
                out.add(new DhcpProblem(e.field(), code, e.offset(), rawHex, e.reason()));
            }
        }
        out.sort((a, b) -> Integer.compare(a.offset(), b.offset()));
        known = List.copyOf(out);
        problems = known;
        return known;
    }

    /** Copies this message's exact wire bytes to {@code out}: a decoded message re-encodes byte for byte. */
    public void writeTo(ByteBuf out) {
        out.writeBytes(buf, base, length);
    }

    @Override
    public String toString() {
        MessageType type = messageType();
        return "DhcpMessage(" + (type != null ? type : cookie ? "no type" : "BOOTP") + ", xid 0x"
                + String.format("%08x", xid()) + ", chaddr " + chaddrString() + ", " + count + " options)";
    }
}
