package dev.netboot.dhcp;

import dev.netboot.dhcp.option.DhcpOptions;
import dev.netboot.dhcp.option.OptionKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.Arrays;
import java.util.Objects;

/**
 * Writes one DHCP message at a time into the caller's {@link ByteBuf}, allocating nothing in the
 * steady state. Option 53 is written first; values longer than 255 bytes are split into
 * consecutive parts (RFC 3396); when the options would exceed the client's maximum message size
 * (option 57, default 576 including IP and UDP headers) further options move into the
 * {@code file} and then the {@code sname} field with option 52 (overload) announcing it;
 * option 82 from the request is echoed last; then the end option, padded to the 300-byte BOOTP
 * minimum. The message is staged in the writer's own array and copied to {@code out} once, by
 * {@link #finish()}.
 *
 * <p><b>Size limit:</b> the finished message never exceeds the maximum message size. Option 82 must
 * be the last option of the options field (RFC 3046 2.1) and is never moved into {@code file} or
 * {@code sname}, so room for it is reserved there from the moment it is set: later options then
 * overflow into {@code file} and {@code sname} earlier. Setting option 82 when the options field no
 * longer has room for it (after other options filled it) raises {@link DhcpCodecException} and
 * leaves the writer as it was; set it first (as {@link #beginReply} does) to avoid that. Any option
 * that fits nowhere raises the same exception, and the message built so far stays valid.
 *
 * <pre>{@code
 * DhcpWriter w = new DhcpWriter();
 * w.beginReply(out, request, MessageType.OFFER).yiaddr(addr).siaddr(next).file("undionly.kpxe");
 * w.optionInt(54, serverId).optionInt(51, 86400).option(3, routers);
 * w.finish();
 * }</pre>
 *
 * <p><b>Buffer ownership:</b> the writer appends to {@code out} at {@link #finish()} and never
 * retains or releases it. Every value passed to the writer, option 82 included, is copied into the
 * writer's own arrays during the call, so the caller may modify or release the source (a
 * {@code ByteBuf}, an array, the request of {@link #beginReply}) as soon as the call returns.
 * <b>Thread-safety:</b> none; reuse one writer per thread.
 */
public final class DhcpWriter {
    /** The smallest maximum message size a client may announce (RFC 2132 9.10), and the default. */
    public static final int MIN_MAX_MESSAGE_SIZE = 576;
    /** IPv4 (no options) plus UDP headers, which option 57's size includes. */
    public static final int IP_UDP_HEADERS = 28;
    /** The minimum BOOTP message length (RFC 951, RFC 1542). */
    public static final int BOOTP_MIN_LENGTH = 300;
    private static final int OVERLOAD_OPTION_SIZE = 3;
    private static final int MAX_PAYLOAD = 65535 - IP_UDP_HEADERS;
    private static final int RELAY_INITIAL = 256;

    private ByteBuf out;
    /** The message being built; options are appended at {@link #pos}. */
    private byte[] msg = new byte[1024];
    private int pos;
    private int limit;
    private int overload;
    private int fileUsed;
    private int snameUsed;
    private boolean fileNamed;
    private boolean snameNamed;
    /** Option 82's value to echo last: the writer's own copy, reused from message to message. */
    private byte[] relay = new byte[RELAY_INITIAL];
    private int relayLength;
    /** True if option 82 is to be written. */
    private boolean relaySet;
    private ByteBuf scratch = newScratch();

    /** Creates a writer; reuse it for many messages. */
    public DhcpWriter() {}

    /**
     * Starts a message: a zeroed header with {@code op}, htype Ethernet, hlen 6, the magic cookie
     * and option 53.
     */
    public DhcpWriter begin(ByteBuf out, int op, MessageType type) {
        this.out = Objects.requireNonNull(out, "out");
        this.limit = MIN_MAX_MESSAGE_SIZE - IP_UDP_HEADERS;
        this.overload = 0;
        this.fileUsed = 0;
        this.snameUsed = 0;
        this.fileNamed = false;
        this.snameNamed = false;
        this.relaySet = false;
        this.relayLength = 0;
        byte[] m = msg;
        Arrays.fill(m, 0, DhcpMessage.BOOTP_HEADER_LENGTH, (byte) 0);
        m[0] = (byte) op;
        m[1] = 1;
        m[2] = 6;
        m[236] = 0x63;
        m[237] = (byte) 0x82;
        m[238] = 0x53;
        m[239] = 0x63;
        m[240] = 53;
        m[241] = 1;
        m[242] = (byte) type.code();
        pos = 243;
        return this;
    }

    /**
     * Starts a reply to {@code request}: op 2, and htype, hlen, xid, flags, giaddr and chaddr copied
     * from it; the maximum message size from its option 57 (when at least 576); its option 82 is
     * echoed last by {@link #finish()}. Everything needed from the request, option 82 included, is
     * copied during this call: the request's buffer may be released afterwards.
     *
     * @throws DhcpCodecException if the request's option 82 is too long to echo within the maximum
     *     message size
     */
    public DhcpWriter beginReply(ByteBuf out, DhcpMessage request, MessageType type) {
        begin(out, DhcpMessage.BOOTREPLY, type);
        ByteBuf req = request.buffer();
        msg[1] = (byte) request.htype();
        msg[2] = (byte) request.hlen();
        setInt(4, request.xid());
        setShort(10, request.flags());
        setInt(24, request.giaddr());
        // the view's own start, not the buffer's reader index, which the caller may have moved
        req.getBytes(request.baseIndex() + DhcpMessage.CHADDR_OFFSET, msg, DhcpMessage.CHADDR_OFFSET, 16);
        int max = request.optionU16(57, -1);
        if (max >= MIN_MAX_MESSAGE_SIZE) {
            maxMessageSize(max);
        }
        int first82 = request.indexOf(82);
        if (first82 >= 0) {
            if (request.occurrences(82) == 1) {
                relayAgentInformation(req, request.optionValueIndex(first82), request.optionLength(first82));
            } else { // split per RFC 3396: echo the joined value, copied part by part
                int total = request.valueLength(82);
                reserveRelay(total);
                int done = 0;
                for (int i = first82; i < request.optionCount(); i++) {
                    if (request.optionCode(i) == 82) {
                        int n = request.optionLength(i);
                        req.getBytes(request.optionValueIndex(i), relay, done, n);
                        done += n;
                    }
                }
                relayLength = total;
                relaySet = true;
            }
        }
        return this;
    }

    /**
     * The client's maximum DHCP message size (option 57: IP and UDP headers included); values
     * below 576 are raised to 576, values above 65535 lowered to 65535.
     *
     * @throws IllegalStateException if the options already written (and option 82, if set) would
     *     no longer fit: set the size before adding options
     */
    public DhcpWriter maxMessageSize(int bytes) {
        int newLimit = Math.min(Math.max(bytes, MIN_MAX_MESSAGE_SIZE), 65535) - IP_UDP_HEADERS;
        int needed = pos + OVERLOAD_OPTION_SIZE + (relaySet ? encodedSize(relayLength) : 0) + 1;
        if (out != null && needed > newLimit) {
            throw new IllegalStateException("maxMessageSize " + bytes + " is below the " + (needed + IP_UDP_HEADERS)
                    + " bytes already written (set it before adding options)");
        }
        limit = newLimit;
        return this;
    }

    // ------------------------------------------------------------ header fields

    /** Sets the op code. */
    public DhcpWriter op(int op) {
        return u8(0, op);
    }

    /** Sets the hardware type. */
    public DhcpWriter htype(int htype) {
        return u8(1, htype);
    }

    /** Sets the hardware address length (0-16). */
    public DhcpWriter hlen(int hlen) {
        if (hlen < 0 || hlen > 16) {
            throw new IllegalArgumentException("hlen " + hlen + " (expected: 0-16)");
        }
        return u8(2, hlen);
    }

    /** Sets hops. */
    public DhcpWriter hops(int hops) {
        return u8(3, hops);
    }

    /** Sets the transaction ID. */
    public DhcpWriter xid(int xid) {
        setInt(4, xid);
        return this;
    }

    /** Sets secs. */
    public DhcpWriter secs(int secs) {
        setShort(8, checkU16(secs, "secs"));
        return this;
    }

    /** Sets the flags field. */
    public DhcpWriter flags(int flags) {
        setShort(10, checkU16(flags, "flags"));
        return this;
    }

    /** Sets ciaddr. */
    public DhcpWriter ciaddr(int address) {
        setInt(12, address);
        return this;
    }

    /** Sets yiaddr. */
    public DhcpWriter yiaddr(int address) {
        setInt(16, address);
        return this;
    }

    /** Sets siaddr (next server). */
    public DhcpWriter siaddr(int address) {
        setInt(20, address);
        return this;
    }

    /** Sets giaddr. */
    public DhcpWriter giaddr(int address) {
        setInt(24, address);
        return this;
    }

    /** Sets chaddr (up to 16 bytes, zero-padded) and hlen to its length. */
    public DhcpWriter chaddr(byte[] address) {
        if (address.length > 16) {
            throw new IllegalArgumentException("chaddr length " + address.length + " (expected: <= 16)");
        }
        Arrays.fill(msg, DhcpMessage.CHADDR_OFFSET, DhcpMessage.CHADDR_OFFSET + 16, (byte) 0);
        System.arraycopy(address, 0, msg, DhcpMessage.CHADDR_OFFSET, address.length);
        return hlen(address.length);
    }

    /** Sets the server host name field (at most 63 bytes, NUL-terminated). */
    public DhcpWriter sname(CharSequence name) {
        if (snameUsed > 0) {
            throw new IllegalStateException("sname already carries overloaded options");
        }
        snameNamed = name.length() > 0;
        return cString(DhcpMessage.SNAME_OFFSET, DhcpMessage.SNAME_LENGTH, name, "sname");
    }

    /** Sets the boot file name field (at most 127 bytes, NUL-terminated). */
    public DhcpWriter file(CharSequence name) {
        if (fileUsed > 0) {
            throw new IllegalStateException("file already carries overloaded options");
        }
        fileNamed = name.length() > 0;
        return cString(DhcpMessage.FILE_OFFSET, DhcpMessage.FILE_LENGTH, name, "file");
    }

    private DhcpWriter cString(int offset, int size, CharSequence s, String field) {
        int n = s.length();
        if (n >= size) {
            throw new IllegalArgumentException(field + " is " + n + " bytes (expected: at most " + (size - 1) + ")");
        }
        byte[] m = msg;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == 0 || c > 0xFF) {
                throw new IllegalArgumentException(field + " has character U+" + Integer.toHexString(c) + " at " + i);
            }
            m[offset + i] = (byte) c;
        }
        Arrays.fill(m, offset + n, offset + size, (byte) 0);
        return this;
    }

    private DhcpWriter u8(int offset, int v) {
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException("header byte " + offset + " value " + v + " (expected: 0-255)");
        }
        msg[offset] = (byte) v;
        return this;
    }

    private void setShort(int at, int v) {
        msg[at] = (byte) (v >>> 8);
        msg[at + 1] = (byte) v;
    }

    private void setInt(int at, int v) {
        byte[] m = msg;
        m[at] = (byte) (v >>> 24);
        m[at + 1] = (byte) (v >>> 16);
        m[at + 2] = (byte) (v >>> 8);
        m[at + 3] = (byte) v;
    }

    private static int checkU16(int v, String what) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(what + " " + v + " (expected: 0-65535)");
        }
        return v;
    }

    // ------------------------------------------------------------ options

    /**
     * Adds option {@code code} with {@code value} (split when longer than 255 bytes). The value is
     * copied during the call; option 82 is kept aside to be echoed last (see
     * {@link #relayAgentInformation}).
     *
     * @throws DhcpCodecException if the option fits nowhere within the maximum message size
     */
    public DhcpWriter option(int code, byte[] value) {
        checkCode(code);
        if (code == 82) {
            return setRelay(null, value, 0, value.length);
        }
        int n = value.length;
        if (n <= 255) {
            // one part: its area reserved and the value copied without the splitting loop (about 8 %
            // on the pre-encoded reference OFFER in alternated runs)
            copySmall(value, 0, msg, reserve(code, n), n);
            return this;
        }
        place(code, null, value, 0, n);
        return this;
    }

    /**
     * Adds option {@code code} with {@code length} bytes of {@code src} at absolute {@code index}.
     * The bytes are copied during the call (option 82's too, see {@link #relayAgentInformation}):
     * {@code src} is neither retained nor released, its indices do not move, and the caller may
     * release it as soon as this returns.
     *
     * @throws IllegalArgumentException if {@code index} or {@code length} is negative or the range
     *     is outside {@code src}'s capacity
     * @throws DhcpCodecException if the option fits nowhere within the maximum message size
     */
    public DhcpWriter option(int code, ByteBuf src, int index, int length) {
        checkCode(code);
        checkRange(src, index, length);
        if (code == 82) {
            return setRelay(src, null, index, length);
        }
        place(code, src, null, index, length);
        return this;
    }

    /** Adds a one-byte option. */
    public DhcpWriter optionU8(int code, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("option " + code + " value " + value + " (expected: 0-255)");
        }
        checkCode(code);
        int at = reserve(code, 1);
        msg[at] = (byte) value;
        return this;
    }

    /** Adds a two-byte option. */
    public DhcpWriter optionU16(int code, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("option " + code + " value " + value + " (expected: 0-65535)");
        }
        checkCode(code);
        setShort(reserve(code, 2), value);
        return this;
    }

    /** Adds a four-byte option (an address as a big-endian int, or a time in seconds). */
    public DhcpWriter optionInt(int code, int value) {
        checkCode(code);
        setInt(reserve(code, 4), value);
        return this;
    }

    /**
     * Adds a text option, one byte per char (ISO-8859-1); option 82 is kept aside, copied, to be
     * echoed last.
     *
     * @throws IllegalArgumentException if a char is above U+00FF (nothing is written then)
     * @throws DhcpCodecException if the option fits nowhere within the maximum message size
     */
    public DhcpWriter optionText(int code, CharSequence text) {
        int n = text.length();
        for (int i = 0; i < n; i++) { // validated first, so a rejected text leaves nothing behind
            char c = text.charAt(i);
            if (c > 0xFF) {
                throw new IllegalArgumentException("option " + code + " character U+" + Integer.toHexString(c) + " at " + i);
            }
        }
        if (n > 255 || code == 82) { // split, or kept aside to be echoed last: through the general path
            scratch.clear();
            for (int i = 0; i < n; i++) {
                scratch.writeByte(text.charAt(i));
            }
            return option(code, scratch, 0, n);
        }
        checkCode(code);
        int at = reserve(code, n); // the common case written in place, without the scratch copy
        byte[] m = msg;
        for (int i = 0; i < n; i++) {
            m[at + i] = (byte) text.charAt(i);
        }
        return this;
    }

    /**
     * Adds a typed option through its key's codec. The encoded bytes are copied during the call;
     * option 82 is kept aside, in the writer's own array, to be echoed last.
     *
     * @throws DhcpCodecException if the option fits nowhere within the maximum message size
     */
    public <T> DhcpWriter option(OptionKey<T> key, T value) {
        scratch.clear();
        key.codec().encode(value, scratch);
        return option(key.code(), scratch, 0, scratch.writerIndex());
    }

    /**
     * Sets the relay agent information (option 82) to echo last, replacing the request's: the
     * {@code length} bytes of {@code src} at absolute {@code index}. They are copied into the
     * writer's own array during this call (no allocation once that array has grown): {@code src} is
     * neither retained nor released, its indices do not move, and the caller may modify or release
     * it as soon as this returns.
     *
     * @throws IllegalArgumentException if {@code index} or {@code length} is negative or the range
     *     is outside {@code src}'s capacity
     * @throws DhcpCodecException if the options field has no room left for the value (see the class
     *     documentation); the writer is then unchanged
     */
    public DhcpWriter relayAgentInformation(ByteBuf src, int index, int length) {
        checkRange(src, index, length);
        return setRelay(src, null, index, length);
    }

    /** Copies option 82's value from {@code src} or {@code array}, after checking that it fits. */
    private DhcpWriter setRelay(ByteBuf src, byte[] array, int index, int length) {
        reserveRelay(length);
        if (array != null) {
            System.arraycopy(array, index, relay, 0, length);
        } else {
            src.getBytes(index, relay, 0, length);
        }
        relayLength = length;
        relaySet = true;
        return this;
    }

    /** Checks that option 82 of {@code length} bytes fits and makes {@link #relay} hold it (nothing else changes). */
    private void reserveRelay(int length) {
        int size = encodedSize(length);
        if (length > MAX_PAYLOAD || pos + OVERLOAD_OPTION_SIZE + size + 1 > limit) {
            throw new DhcpCodecException(DhcpMessage.optionField(82, DhcpOptions.RELAY_AGENT_INFORMATION.name()), -1,
                    "length " + length + " does not fit in the " + Math.max(0, limit - pos - OVERLOAD_OPTION_SIZE - 1)
                            + " bytes left in the options field for the maximum message size "
                            + (limit + IP_UDP_HEADERS) + " (set option 82 before other options)");
        }
        if (relay.length < length) {
            relay = new byte[Math.max(length, relay.length * 2)];
        }
    }

    private static void checkRange(ByteBuf src, int index, int length) {
        Objects.requireNonNull(src, "src");
        if (index < 0 || length < 0 || index > src.capacity() - length) {
            throw new IllegalArgumentException("index " + index + " length " + length + " (expected: index >= 0, "
                    + "length >= 0, index + length <= capacity " + src.capacity() + ")");
        }
    }

    private static void checkCode(int code) {
        if (code < 1 || code > 254) {
            throw new IllegalArgumentException("option code " + code + " (expected: 1-254)");
        }
        if (code == 53 || code == 52) {
            throw new IllegalArgumentException("option " + code + " is written by the writer itself");
        }
    }

    private static int encodedSize(int length) {
        return length == 0 ? 2 : length + 2 * ((length + 254) / 255);
    }

    /**
     * Places a short (at most 255 bytes) option's code and length in whichever area has room and
     * returns the index in {@link #msg} where its value goes.
     */
    private int reserve(int code, int length) {
        int at = area(code, length);
        msg[at] = (byte) code;
        msg[at + 1] = (byte) length;
        return at + 2;
    }

    /** Where an option of {@code length} value bytes goes: its index in {@link #msg}, the area's use updated. */
    private int area(int code, int length) {
        if (length > MAX_PAYLOAD) { // encodedSize would overflow for lengths near Integer.MAX_VALUE
            throw tooBig(code, length);
        }
        int size = encodedSize(length);
        int relaySize = relaySet ? encodedSize(relayLength) : 0;
        if (pos + size + OVERLOAD_OPTION_SIZE + relaySize + 1 <= limit) {
            ensure(pos + size);
            int at = pos;
            pos += size;
            return at;
        }
        if (!fileNamed && fileUsed + size + 1 <= DhcpMessage.FILE_LENGTH) {
            int at = DhcpMessage.FILE_OFFSET + fileUsed;
            fileUsed += size;
            overload |= 1;
            return at;
        }
        if (!snameNamed && snameUsed + size + 1 <= DhcpMessage.SNAME_LENGTH) {
            int at = DhcpMessage.SNAME_OFFSET + snameUsed;
            snameUsed += size;
            overload |= 2;
            return at;
        }
        throw tooBig(code, length);
    }

    private DhcpCodecException tooBig(int code, int length) {
        return new DhcpCodecException(DhcpMessage.optionField(code, "length " + length), -1,
                "does not fit in the maximum message size " + (limit + IP_UDP_HEADERS)
                        + " (options, file and sname fields are full)");
    }

    private void place(int code, ByteBuf src, byte[] array, int index, int length) {
        int at = area(code, length);
        writeParts(at, code, src, array, index, length);
    }

    private void writeParts(int at, int code, ByteBuf src, byte[] array, int index, int length) {
        byte[] m = msg;
        int done = 0;
        do {
            int n = Math.min(255, length - done);
            m[at] = (byte) code;
            m[at + 1] = (byte) n;
            if (array != null) {
                copySmall(array, index + done, m, at + 2, n);
            } else if (n > 0) {
                src.getBytes(index + done, m, at + 2, n);
            }
            at += 2 + n;
            done += n;
        } while (done < length);
    }

    /**
     * Copies {@code n} bytes: most option values are an address, a time or a short name, and at
     * these sizes plain stores and a plain loop beat the arraycopy stub's fixed cost.
     */
    private static void copySmall(byte[] src, int from, byte[] dst, int to, int n) {
        if (n == 4) { // an address or a time: the commonest value, copied without a loop
            dst[to] = src[from];
            dst[to + 1] = src[from + 1];
            dst[to + 2] = src[from + 2];
            dst[to + 3] = src[from + 3];
        } else if (n <= 16) {
            for (int k = 0; k < n; k++) {
                dst[to + k] = src[from + k];
            }
        } else {
            System.arraycopy(src, from, dst, to, n);
        }
    }

    private void ensure(int capacity) {
        if (capacity > msg.length) {
            msg = Arrays.copyOf(msg, Math.min(MAX_PAYLOAD, Math.max(capacity, msg.length * 2)));
        }
    }

    /**
     * Ends the message: option 52 if the file/sname fields carry options (each then ended with
     * 255), option 82, the end option, zero padding to 300 bytes; then appends it to {@code out}.
     *
     * @return the message length in bytes
     */
    public int finish() {
        if (out == null) {
            throw new IllegalStateException("finish() without begin()");
        }
        int relaySize = relaySet ? encodedSize(relayLength) : 0;
        // area() and setRelay() keep pos + 3 + relaySize + 1 <= limit <= MAX_PAYLOAD
        ensure(Math.max(BOOTP_MIN_LENGTH, pos + OVERLOAD_OPTION_SIZE + relaySize + 1));
        byte[] m = msg;
        if (overload != 0) {
            m[pos] = 52;
            m[pos + 1] = 1;
            m[pos + 2] = (byte) overload;
            pos += 3;
            if ((overload & 1) != 0) {
                m[DhcpMessage.FILE_OFFSET + fileUsed] = (byte) 255;
            }
            if ((overload & 2) != 0) {
                m[DhcpMessage.SNAME_OFFSET + snameUsed] = (byte) 255;
            }
        }
        if (relaySize > 0) {
            writeParts(pos, 82, null, relay, 0, relayLength);
            pos += relaySize;
            relaySet = false;
        }
        m[pos++] = (byte) 255;
        int length = pos;
        if (length < BOOTP_MIN_LENGTH) {
            Arrays.fill(m, length, BOOTP_MIN_LENGTH, (byte) 0);
            length = BOOTP_MIN_LENGTH;
        }
        out.writeBytes(m, 0, length);
        out = null;
        if (scratch.capacity() > 4096) {
            scratch = newScratch();
        }
        if (relay.length > 4096) {
            relay = new byte[RELAY_INITIAL];
        }
        return length;
    }

    /** A growable heap buffer made without an allocator, so it is not leak-tracked and needs no release. */
    private static ByteBuf newScratch() {
        return new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, 512, 65535);
    }
}
