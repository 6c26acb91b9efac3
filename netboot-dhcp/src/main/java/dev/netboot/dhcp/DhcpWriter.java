package dev.netboot.dhcp;

import dev.netboot.dhcp.option.OptionKey;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import java.util.Objects;

/**
 * Writes one DHCP message at a time into the caller's {@link ByteBuf}, allocating nothing in the
 * steady state. Option 53 is written first; values longer than 255 bytes are split into
 * consecutive parts (RFC 3396); when the options would exceed the client's maximum message size
 * (option 57, default 576 including IP and UDP headers) further options move into the
 * {@code file} and then the {@code sname} field with option 52 (overload) announcing it;
 * option 82 from the request is echoed last; then the end option, padded to the 300-byte BOOTP
 * minimum.
 *
 * <pre>{@code
 * DhcpWriter w = new DhcpWriter();
 * w.beginReply(out, request, MessageType.OFFER).yiaddr(addr).siaddr(next).file("undionly.kpxe");
 * w.optionInt(54, serverId).optionInt(51, 86400).option(3, routers);
 * w.finish();
 * }</pre>
 *
 * <p><b>Buffer ownership:</b> the writer writes from {@code out}'s writer index and never
 * retains or releases it (nor the request's buffer). <b>Thread-safety:</b> none; reuse one
 * writer per thread.
 */
public final class DhcpWriter {
    /** The smallest maximum message size a client may announce (RFC 2132 9.10), and the default. */
    public static final int MIN_MAX_MESSAGE_SIZE = 576;
    /** IPv4 (no options) plus UDP headers, which option 57's size includes. */
    public static final int IP_UDP_HEADERS = 28;
    /** The minimum BOOTP message length (RFC 951, RFC 1542). */
    public static final int BOOTP_MIN_LENGTH = 300;
    private static final int OVERLOAD_OPTION_SIZE = 3;

    private ByteBuf out;
    private int base;
    private int limit;
    private int overload;
    private int fileUsed;
    private int snameUsed;
    private boolean fileNamed;
    private boolean snameNamed;
    private ByteBuf relaySource;
    private int relayIndex;
    private int relayLength;
    private ByteBuf scratch = newScratch();

    /** Creates a writer; reuse it for many messages. */
    public DhcpWriter() {}

    /**
     * Starts a message: a zeroed header with {@code op}, htype Ethernet, hlen 6, the magic cookie
     * and option 53.
     */
    public DhcpWriter begin(ByteBuf out, int op, MessageType type) {
        this.out = Objects.requireNonNull(out, "out");
        this.base = out.writerIndex();
        this.limit = MIN_MAX_MESSAGE_SIZE - IP_UDP_HEADERS;
        this.overload = 0;
        this.fileUsed = 0;
        this.snameUsed = 0;
        this.fileNamed = false;
        this.snameNamed = false;
        this.relaySource = null;
        out.ensureWritable(BOOTP_MIN_LENGTH);
        out.writeZero(DhcpMessage.BOOTP_HEADER_LENGTH);
        out.setByte(base, op);
        out.setByte(base + 1, 1);
        out.setByte(base + 2, 6);
        out.writeInt(DhcpMessage.MAGIC_COOKIE);
        out.writeByte(53).writeByte(1).writeByte(type.code());
        return this;
    }

    /**
     * Starts a reply to {@code request}: op 2, and htype, hlen, xid, flags, giaddr and chaddr copied
     * from it; the maximum message size from its option 57 (when at least 576); its option 82 is
     * echoed last by {@link #finish()}. The request's buffer must stay alive until then.
     */
    public DhcpWriter beginReply(ByteBuf out, DhcpMessage request, MessageType type) {
        begin(out, DhcpMessage.BOOTREPLY, type);
        ByteBuf req = request.buffer();
        int rb = req.readerIndex();
        out.setByte(base + 1, request.htype());
        out.setByte(base + 2, request.hlen());
        out.setInt(base + 4, request.xid());
        out.setShort(base + 10, request.flags());
        out.setInt(base + 24, request.giaddr());
        out.setBytes(base + DhcpMessage.CHADDR_OFFSET, req, rb + DhcpMessage.CHADDR_OFFSET, 16);
        int max = request.optionU16(57, -1);
        if (max >= MIN_MAX_MESSAGE_SIZE) {
            maxMessageSize(max);
        }
        int relay = request.indexOf(82);
        if (relay >= 0) {
            if (request.occurrences(82) == 1) {
                relayAgentInformation(req, request.optionValueIndex(relay), request.optionLength(relay));
            } else { // split per RFC 3396: echo the joined value
                byte[] joined = request.optionBytes(82);
                relayAgentInformation(Unpooled.wrappedBuffer(joined), 0, joined.length);
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
        out.setInt(base + 4, xid);
        return this;
    }

    /** Sets secs. */
    public DhcpWriter secs(int secs) {
        out.setShort(base + 8, checkU16(secs, "secs"));
        return this;
    }

    /** Sets the flags field. */
    public DhcpWriter flags(int flags) {
        out.setShort(base + 10, checkU16(flags, "flags"));
        return this;
    }

    /** Sets ciaddr. */
    public DhcpWriter ciaddr(int address) {
        out.setInt(base + 12, address);
        return this;
    }

    /** Sets yiaddr. */
    public DhcpWriter yiaddr(int address) {
        out.setInt(base + 16, address);
        return this;
    }

    /** Sets siaddr (next server). */
    public DhcpWriter siaddr(int address) {
        out.setInt(base + 20, address);
        return this;
    }

    /** Sets giaddr. */
    public DhcpWriter giaddr(int address) {
        out.setInt(base + 24, address);
        return this;
    }

    /** Sets chaddr (up to 16 bytes, zero-padded) and hlen to its length. */
    public DhcpWriter chaddr(byte[] address) {
        if (address.length > 16) {
            throw new IllegalArgumentException("chaddr length " + address.length + " (expected: <= 16)");
        }
        out.setZero(base + DhcpMessage.CHADDR_OFFSET, 16);
        out.setBytes(base + DhcpMessage.CHADDR_OFFSET, address);
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
        if (s.length() >= size) {
            throw new IllegalArgumentException(field + " is " + s.length() + " bytes (expected: at most " + (size - 1) + ")");
        }
        out.setZero(base + offset, size);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c > 0xFF) {
                throw new IllegalArgumentException(field + " has character U+" + Integer.toHexString(c) + " at " + i);
            }
            out.setByte(base + offset + i, c);
        }
        return this;
    }

    private DhcpWriter u8(int offset, int v) {
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException("header byte " + offset + " value " + v + " (expected: 0-255)");
        }
        out.setByte(base + offset, v);
        return this;
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
            return relayAgentInformation(Unpooled.wrappedBuffer(value), 0, value.length);
        }
        place(code, null, value, 0, value.length);
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
        scratch.clear().writeByte(value);
        return option(code, scratch, 0, 1);
    }

    /** Adds a two-byte option. */
    public DhcpWriter optionU16(int code, int value) {
        scratch.clear().writeShort(checkU16(value, "option " + code));
        return option(code, scratch, 0, 2);
    }

    /** Adds a four-byte option (an address as a big-endian int, or a time in seconds). */
    public DhcpWriter optionInt(int code, int value) {
        scratch.clear().writeInt(value);
        return option(code, scratch, 0, 4);
    }

    /** Adds a text option, one byte per char (ISO-8859-1). */
    public DhcpWriter optionText(int code, CharSequence text) {
        scratch.clear();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xFF) {
                throw new IllegalArgumentException("option " + code + " character U+" + Integer.toHexString(c) + " at " + i);
            }
            scratch.writeByte(c);
        }
        return option(code, scratch, 0, scratch.writerIndex());
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

    private void place(int code, ByteBuf src, byte[] array, int index, int length) {
        int size = encodedSize(length);
        int relaySize = relaySource == null ? 0 : encodedSize(relayLength);
        int used = out.writerIndex() - base;
        if (used + size + OVERLOAD_OPTION_SIZE + relaySize + 1 <= limit) {
            writeParts(code, src, array, index, length);
            return;
        }
        if (!fileNamed && fileUsed + size + 1 <= DhcpMessage.FILE_LENGTH) {
            fileUsed = setParts(DhcpMessage.FILE_OFFSET + fileUsed, code, src, array, index, length) - DhcpMessage.FILE_OFFSET;
            overload |= 1;
            return;
        }
        if (!snameNamed && snameUsed + size + 1 <= DhcpMessage.SNAME_LENGTH) {
            snameUsed = setParts(DhcpMessage.SNAME_OFFSET + snameUsed, code, src, array, index, length) - DhcpMessage.SNAME_OFFSET;
            overload |= 2;
            return;
        }
        throw new DhcpCodecException(DhcpMessage.optionField(code, "length " + length), -1,
                "does not fit in the maximum message size " + (limit + IP_UDP_HEADERS)
                        + " (options, file and sname fields are full)");
    }

    private void writeParts(int code, ByteBuf src, byte[] array, int index, int length) {
        if (length == 0) {
            out.writeByte(code).writeByte(0);
            return;
        }
        for (int done = 0; done < length; ) {
            int n = Math.min(255, length - done);
            out.writeByte(code).writeByte(n);
            if (array != null) {
                out.writeBytes(array, index + done, n);
            } else {
                out.writeBytes(src, index + done, n);
            }
            done += n;
        }
    }

    private int setParts(int offset, int code, ByteBuf src, byte[] array, int index, int length) {
        int at = base + offset;
        int done = 0;
        do {
            int n = Math.min(255, length - done);
            out.setByte(at, code).setByte(at + 1, n);
            if (array != null) {
                out.setBytes(at + 2, array, index + done, n);
            } else {
                out.setBytes(at + 2, src, index + done, n);
            }
            at += 2 + n;
            done += n;
        } while (done < length);
        return at - base;
    }

    /**
     * Ends the message: option 52 if the file/sname fields carry options (each then ended with
     * 255), option 82, the end option, and zero padding to 300 bytes.
     *
     * @return the message length in bytes
     */
    public int finish() {
        if (out == null) {
            throw new IllegalStateException("finish() without begin()");
        }
        if (overload != 0) {
            out.writeByte(52).writeByte(1).writeByte(overload);
            if ((overload & 1) != 0) {
                out.setByte(base + DhcpMessage.FILE_OFFSET + fileUsed, 255);
            }
            if ((overload & 2) != 0) {
                out.setByte(base + DhcpMessage.SNAME_OFFSET + snameUsed, 255);
            }
        }
        if (relaySource != null) {
            writeParts(82, relaySource, null, relayIndex, relayLength);
            relaySource = null;
        }
        out.writeByte(255);
        int length = out.writerIndex() - base;
        if (length < BOOTP_MIN_LENGTH) {
            out.writeZero(BOOTP_MIN_LENGTH - length);
            length = BOOTP_MIN_LENGTH;
        }
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
