package dev.netboot.tftp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes and encodes TFTP packets (RFC 1350, RFC 2347) over Netty buffers. Stateless and
 * thread-safe.
 *
 * <p>{@link #decode} reads the readable bytes of one datagram without changing its indices and
 * either returns a packet or throws {@link TftpCodecException} (never an index exception). It accepts
 * what real boot ROMs send: a file name followed by 0xFF bytes or by extra NUL bytes, and NUL padding
 * after the last field of a request; it refuses a request whose last field has no terminating NUL,
 * an ERROR packet shorter than 4 bytes, and names, values or option counts beyond
 * {@link TftpLimits}. A DATA packet's payload is a non-retained slice of the input (see
 * {@link TftpPacket}); decoding a DATA or ACK packet allocates only the record and that slice
 * (16 bytes for an ACK, 64 for a DATA on a 64-bit JVM with compressed pointers), and
 * {@link #peekOpcode} and {@link #peekBlock} read the header without allocating at all.
 *
 * <p>{@link #encode} appends one packet to the caller's buffer; encoding DATA and ACK allocates
 * nothing, and never changes the payload's indices.
 */
public final class TftpCodec {
    /** Opcode of a read request. */
    public static final int RRQ = 1;
    /** Opcode of a write request. */
    public static final int WRQ = 2;
    /** Opcode of a DATA packet. */
    public static final int DATA = 3;
    /** Opcode of an ACK packet. */
    public static final int ACK = 4;
    /** Opcode of an ERROR packet. */
    public static final int ERROR = 5;
    /** Opcode of an option acknowledgement (RFC 2347). */
    public static final int OACK = 6;
    /** Bytes before the payload of a DATA packet (opcode and block number). */
    public static final int DATA_HEADER_LENGTH = 4;

    private TftpCodec() {}

    /** Decodes one packet with {@link TftpLimits#DEFAULT}; see the class documentation. */
    public static TftpPacket decode(ByteBuf in) {
        return decode(in, TftpLimits.DEFAULT);
    }

    /**
     * Decodes the readable bytes of {@code in} as one packet, without changing its indices.
     *
     * @throws TftpCodecException if the bytes are not a TFTP packet within {@code limits}
     */
    public static TftpPacket decode(ByteBuf in, TftpLimits limits) {
        int start = in.readerIndex();
        int length = in.readableBytes();
        if (length < 2) {
            throw new TftpCodecException("opcode", 0, "packet of " + length + " bytes (expected: at least 2)");
        }
        int opcode = in.getUnsignedShort(start);
        switch (opcode) {
            case DATA:
                requireLength(length, 4, "block", "DATA");
                return new TftpPacket.Data(in.getUnsignedShort(start + 2), in.slice(start + 4, length - 4));
            case ACK:
                // bytes after the block number are ignored: some ROMs pad their packets
                requireLength(length, 4, "block", "ACK");
                return new TftpPacket.Ack(in.getUnsignedShort(start + 2));
            case RRQ:
            case WRQ:
                return decodeRequest(in, start, start + length, opcode, limits);
            case ERROR:
                return decodeError(in, start, start + length);
            case OACK:
                return new TftpPacket.OptionAck(decodeOptions(in, start, start + 2, start + length, limits));
            default:
                throw new TftpCodecException("opcode", 0, "unknown opcode " + opcode + " (expected: 1 to 6)");
        }
    }

    /**
     * The opcode of the packet in {@code in} without decoding it (no allocation).
     *
     * @throws TftpCodecException if fewer than 2 bytes are readable
     */
    public static int peekOpcode(ByteBuf in) {
        if (in.readableBytes() < 2) {
            throw new TftpCodecException("opcode", 0,
                    "packet of " + in.readableBytes() + " bytes (expected: at least 2)");
        }
        return in.getUnsignedShort(in.readerIndex());
    }

    /**
     * The block number of the DATA or ACK packet in {@code in} without decoding it (no allocation);
     * a DATA payload then starts {@link #DATA_HEADER_LENGTH} bytes after the reader index.
     *
     * @throws TftpCodecException if the packet is not a DATA or ACK packet of at least 4 bytes
     */
    public static int peekBlock(ByteBuf in) {
        int opcode = peekOpcode(in);
        if (opcode != DATA && opcode != ACK) {
            throw new TftpCodecException("opcode", 0, "opcode " + opcode + " (expected: 3 or 4)");
        }
        requireLength(in.readableBytes(), 4, "block", opcode == DATA ? "DATA" : "ACK");
        return in.getUnsignedShort(in.readerIndex() + 2);
    }

    /**
     * The payload of the DATA packet in {@code in}, as a slice of it (no copy, no allocation beyond the
     * slice; it shares {@code in}'s reference count and is not retained), without decoding it:
     * with {@link #peekBlock}, a receiver's per-block path.
     *
     * @throws TftpCodecException if the packet is not a DATA packet of at least 4 bytes
     */
    public static ByteBuf dataPayload(ByteBuf in) {
        if (peekOpcode(in) != DATA) {
            throw new TftpCodecException("opcode", 0, "opcode " + peekOpcode(in) + " (expected: 3)");
        }
        requireLength(in.readableBytes(), 4, "block", "DATA");
        return in.slice(in.readerIndex() + DATA_HEADER_LENGTH, in.readableBytes() - DATA_HEADER_LENGTH);
    }

    /** The number of bytes {@link #encode} writes for {@code packet}. */
    public static int encodedLength(TftpPacket packet) {
        if (packet instanceof TftpPacket.Data d) {
            return DATA_HEADER_LENGTH + d.payload().readableBytes();
        } else if (packet instanceof TftpPacket.Ack) {
            return 4;
        } else if (packet instanceof TftpPacket.Request r) {
            return 2 + r.filename().length() + 1 + r.mode().wireName().length() + 1 + r.options().encodedLength();
        } else if (packet instanceof TftpPacket.ErrorPacket e) {
            return 4 + e.message().length() + 1;
        } else {
            return 2 + ((TftpPacket.OptionAck) packet).options().encodedLength();
        }
    }

    /**
     * Appends {@code packet} to {@code out}. A DATA payload is copied without changing its indices
     * (for zero-copy sending, write {@link #encodeDataHeader} and the payload as two buffers).
     *
     * @throws TftpCodecException if {@code out} cannot grow enough
     */
    public static void encode(TftpPacket packet, ByteBuf out) {
        if (packet instanceof TftpPacket.Data d) {
            ByteBuf payload = d.payload();
            int n = payload.readableBytes();
            ensureWritable(out, DATA_HEADER_LENGTH + n);
            out.writeShort(DATA);
            out.writeShort(d.block());
            out.writeBytes(payload, payload.readerIndex(), n);
        } else if (packet instanceof TftpPacket.Ack a) {
            encodeAck(a.block(), out);
        } else {
            ensureWritable(out, encodedLength(packet));
            out.writeShort(packet.opcode());
            if (packet instanceof TftpPacket.Request r) {
                Wire.writeStringZ(out, r.filename());
                Wire.writeStringZ(out, r.mode().wireName());
                writeOptions(out, r.options());
            } else if (packet instanceof TftpPacket.ErrorPacket e) {
                out.writeShort(e.code().code());
                Wire.writeStringZ(out, e.message());
            } else {
                writeOptions(out, ((TftpPacket.OptionAck) packet).options());
            }
        }
    }

    /** Appends an ACK for wire block {@code block} (0 to 65535) to {@code out}; allocates nothing. */
    public static void encodeAck(int block, ByteBuf out) {
        ensureWritable(out, 4);
        out.writeShort(ACK);
        out.writeShort(block);
    }

    /**
     * Appends the 4-byte header of a DATA packet for wire block {@code block} (0 to 65535) to
     * {@code out}; allocates nothing. The payload follows in the same datagram.
     */
    public static void encodeDataHeader(int block, ByteBuf out) {
        ensureWritable(out, DATA_HEADER_LENGTH);
        out.writeShort(DATA);
        out.writeShort(block);
    }

    private static void ensureWritable(ByteBuf out, int n) {
        if (out.maxWritableBytes() < n) {
            throw new TftpCodecException("packet", -1, "needs " + n + " bytes, buffer has room for "
                    + out.maxWritableBytes());
        }
    }

    private static void writeOptions(ByteBuf out, TftpOptions options) {
        for (TftpOption o : options.entries()) {
            Wire.writeStringZ(out, o.name());
            Wire.writeStringZ(out, o.value());
        }
    }

    private static void requireLength(int length, int min, String field, String what) {
        if (length < min) {
            throw new TftpCodecException(field, 2, what + " packet of " + length + " bytes (expected: at least " + min + ")");
        }
    }

    private static TftpPacket decodeError(ByteBuf in, int start, int end) {
        if (end - start < 4) {
            throw new TftpCodecException("error code", 2,
                    "ERROR packet of " + (end - start) + " bytes (expected: at least 4)");
        }
        TftpErrorCode code = TftpErrorCode.valueOf(in.getUnsignedShort(start + 2));
        // the terminating NUL is optional here: some stacks omit it, and the message is informative only
        int nul = in.indexOf(start + 4, end, (byte) 0);
        int messageEnd = nul < 0 ? end : nul;
        String message = in.toString(start + 4, messageEnd - start - 4, StandardCharsets.ISO_8859_1);
        return new TftpPacket.ErrorPacket(code, message);
    }

    private static TftpPacket decodeRequest(ByteBuf in, int start, int end, int opcode, TftpLimits limits) {
        int pos = start + 2;
        int nul = in.indexOf(pos, end, (byte) 0);
        if (nul < 0) {
            throw new TftpCodecException("filename", pos - start, pos == end ? "missing" : "not terminated by NUL");
        }
        int nameEnd = nul;
        // boot ROMs copy the DHCP file field with its 0xFF end marker
        while (nameEnd > pos && in.getByte(nameEnd - 1) == (byte) 0xFF) {
            nameEnd--;
        }
        if (nameEnd == pos) {
            throw new TftpCodecException("filename", pos - start, "empty");
        }
        if (nameEnd - pos > limits.maxFilenameLength()) {
            throw new TftpCodecException("filename", pos - start, "length " + (nameEnd - pos)
                    + " exceeds the limit " + limits.maxFilenameLength() + " (TftpLimits.maxFilenameLength)");
        }
        String filename = in.toString(pos, nameEnd - pos, StandardCharsets.ISO_8859_1);
        pos = nul + 1;
        // ... or pad the file name with NULs
        while (pos < end && in.getByte(pos) == 0) {
            pos++;
        }
        int modeEnd = in.indexOf(pos, end, (byte) 0);
        if (modeEnd < 0) {
            throw new TftpCodecException("mode", pos - start, pos == end ? "missing" : "not terminated by NUL");
        }
        TransferMode mode = mode(in, pos, modeEnd);
        if (mode == null) {
            int shown = Math.min(modeEnd - pos, 16);
            throw new TftpCodecException("mode", pos - start, "unknown mode '"
                    + in.toString(pos, shown, StandardCharsets.ISO_8859_1) + (shown < modeEnd - pos ? "...'" : "'")
                    + " (expected: netascii, octet or mail)");
        }
        TftpOptions options = decodeOptions(in, start, modeEnd + 1, end, limits);
        return opcode == RRQ
                ? new TftpPacket.ReadRequest(filename, mode, options)
                : new TftpPacket.WriteRequest(filename, mode, options);
    }

    private static TransferMode mode(ByteBuf in, int from, int to) {
        for (TransferMode m : TransferMode.values()) {
            String name = m.wireName();
            if (name.length() != to - from) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < name.length() && match; i++) {
                int b = in.getByte(from + i) | 0x20; // ASCII lower case (names are letters only)
                match = b == name.charAt(i);
            }
            if (match) {
                return m;
            }
        }
        return null;
    }

    private static TftpOptions decodeOptions(ByteBuf in, int start, int pos, int end, TftpLimits limits) {
        List<TftpOption> list = null;
        while (pos < end) {
            if (in.indexOf(pos, end, (byte) 0) == pos && allNul(in, pos, end)) {
                break; // NUL padding after the last option
            }
            int index = list == null ? 0 : list.size();
            if (index >= limits.maxOptions()) {
                throw new TftpCodecException("option " + index, pos - start, "more than "
                        + limits.maxOptions() + " options (TftpLimits.maxOptions)");
            }
            int nameEnd = in.indexOf(pos, end, (byte) 0);
            if (nameEnd < 0) {
                throw new TftpCodecException("option " + index + " name", pos - start, "not terminated by NUL");
            }
            if (nameEnd == pos) {
                throw new TftpCodecException("option " + index + " name", pos - start, "empty");
            }
            if (nameEnd - pos > limits.maxOptionNameLength()) {
                throw new TftpCodecException("option " + index + " name", pos - start, "length " + (nameEnd - pos)
                        + " exceeds the limit " + limits.maxOptionNameLength() + " (TftpLimits.maxOptionNameLength)");
            }
            int valuePos = nameEnd + 1;
            int valueEnd = valuePos < end ? in.indexOf(valuePos, end, (byte) 0) : -1;
            if (valueEnd < 0) {
                throw new TftpCodecException("option " + index + " value", valuePos - start,
                        valuePos == end ? "missing" : "not terminated by NUL");
            }
            if (valueEnd - valuePos > limits.maxOptionValueLength()) {
                throw new TftpCodecException("option " + index + " value", valuePos - start, "length "
                        + (valueEnd - valuePos) + " exceeds the limit " + limits.maxOptionValueLength()
                        + " (TftpLimits.maxOptionValueLength)");
            }
            if (list == null) {
                list = new ArrayList<>(4);
            }
            list.add(new TftpOption(in.toString(pos, nameEnd - pos, StandardCharsets.ISO_8859_1),
                    in.toString(valuePos, valueEnd - valuePos, StandardCharsets.ISO_8859_1)));
            pos = valueEnd + 1;
        }
        return list == null ? TftpOptions.empty() : TftpOptions.wrap(list);
    }

    private static boolean allNul(ByteBuf in, int from, int to) {
        for (int i = from; i < to; i++) {
            if (in.getByte(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
