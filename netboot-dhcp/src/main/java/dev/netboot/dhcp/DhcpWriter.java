package dev.netboot.dhcp;

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
 * <pre>{@code
 * DhcpWriter w = new DhcpWriter();
 * w.beginReply(out, request, MessageType.OFFER).yiaddr(addr).siaddr(next).file("undionly.kpxe");
 * w.optionInt(54, serverId).optionInt(51, 86400).option(3, routers);
 * w.finish();
 * }</pre>
 *
 * <p><b>Buffer ownership:</b> the writer appends to {@code out} at {@link #finish()} and never
 * retains or releases it; the request passed to {@link #beginReply} must stay readable until
 * {@code finish()} (its option 82 is copied then). <b>Thread-safety:</b> none; reuse one writer per
 * thread.
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
    private ByteBuf relaySource;
    private int relayIndex;
    private int relayLength;
    private byte[] relayArray;
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
        this.relaySource = null;
        this.relayArray = null;
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
     * echoed last by {@link #finish()}.
     */
    public DhcpWriter beginReply(ByteBuf out, DhcpMessage request, MessageType type) {
        begin(out, DhcpMessage.BOOTREPLY, type);
        ByteBuf req = request.buffer();
        msg[1] = (byte) request.htype();
        msg[2] = (byte) request.hlen();
        setInt(4, request.xid());
        setShort(10, request.flags());
        setInt(24, request.giaddr());
        req.getBytes(req.readerIndex() + DhcpMessage.CHADDR_OFFSET, msg, DhcpMessage.CHADDR_OFFSET, 16);
        int max = request.optionU16(57, -1);
        if (max >= MIN_MAX_MESSAGE_SIZE) {
            maxMessageSize(max);
        }
        int relay = request.indexOf(82);
        if (relay >= 0) {
            if (request.occurrences(82) == 1) {
                relayAgentInformation(req, request.optionValueIndex(relay), request.optionLength(relay));
            } else { // split per RFC 3396: echo the joined value
                relayArray = request.optionBytes(82);
                relaySource = null;
                relayLength = relayArray.length;
            }
        }
        return this;
    }

    /**
     * The client's maximum DHCP message size (option 57: IP and UDP headers included); values
     * below 576 are raised to 576.
     */
    public DhcpWriter maxMessageSize(int bytes) {
        limit = Math.min(Math.max(bytes, MIN_MAX_MESSAGE_SIZE), 65535) - IP_UDP_HEADERS;
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

    /** Adds option {@code code} with {@code value} (split when longer than 255 bytes). */
    public DhcpWriter option(int code, byte[] value) {
        checkCode(code);
        if (code == 82) {
            relayArray = value.clone();
            relaySource = null;
            relayLength = value.length;
            return this;
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

    /** Adds option {@code code} with {@code length} bytes of {@code src} at absolute {@code index}. */
    public DhcpWriter option(int code, ByteBuf src, int index, int length) {
        checkCode(code);
        if (code == 82) {
            return relayAgentInformation(src, index, length);
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

    /** Adds a text option, one byte per char (ISO-8859-1). */
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

    /** Adds a typed option through its key's codec. */
    public <T> DhcpWriter option(OptionKey<T> key, T value) {
        scratch.clear();
        key.codec().encode(value, scratch);
        return option(key.code(), scratch, 0, scratch.writerIndex());
    }

    /** Sets the relay agent information (option 82) to echo last, replacing the request's. */
    public DhcpWriter relayAgentInformation(ByteBuf src, int index, int length) {
        relaySource = src;
        relayArray = null;
        relayIndex = index;
        relayLength = length;
        return this;
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
        int size = encodedSize(length);
        int relaySize = relaySource == null && relayArray == null ? 0 : encodedSize(relayLength);
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
        throw new DhcpCodecException(DhcpMessage.optionField(code, "length " + length), -1,
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
        int relaySize = relaySource == null && relayArray == null ? 0 : encodedSize(relayLength);
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
            writeParts(pos, 82, relaySource, relayArray, relayArray != null ? 0 : relayIndex, relayLength);
            pos += relaySize;
            relaySource = null;
            relayArray = null;
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
        return length;
    }

    /** A growable heap buffer made without an allocator, so it is not leak-tracked and needs no release. */
    private static ByteBuf newScratch() {
        return new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, 512, 65535);
    }
}
