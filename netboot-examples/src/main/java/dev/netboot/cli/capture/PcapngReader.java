package dev.netboot.cli.capture;

import io.netty.buffer.ByteBuf;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * pcapng files: a sequence of blocks {type, total length, body, total length}, each section
 * opened by a Section Header Block that fixes the byte order and resets the interface list.
 * Only the blocks that carry packets and the interfaces they refer to are read; others are skipped.
 */
final class PcapngReader extends BaseReader {
    static final int SECTION_HEADER = 0x0a0d0d0a;
    private static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;
    private static final int INTERFACE_DESCRIPTION = 1;
    private static final int OBSOLETE_PACKET = 2;
    private static final int SIMPLE_PACKET = 3;
    private static final int ENHANCED_PACKET = 6;
    private static final int OPTION_END = 0;
    private static final int OPTION_IF_TSRESOL = 9;
    private static final int OPTION_IF_TSOFFSET = 14;
    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    private record Interface(int linkType, long snapLength, int tsresol, long tsoffset) {}

    private final FrameDecoder decoder = new FrameDecoder(this);
    private final List<Interface> interfaces = new ArrayList<>();
    private final byte[] scratch = new byte[28];
    private boolean bigEndian;
    private long frameNumber;

    PcapngReader(ByteSource source, CaptureOptions options) {
        super(source, options);
    }

    @Override
    public CaptureFormat format() {
        return CaptureFormat.PCAPNG;
    }

    @Override
    UdpDatagram readNext() {
        while (true) {
            long blockOffset = source.offset();
            int got = source.readUpTo(scratch, 8);
            if (got == 0) {
                return null;
            }
            if (got < 8) {
                throw source.truncated(blockOffset, "pcapng block header", 8, got);
            }
            int type = (int) Bytes.u32(scratch, 0, bigEndian);
            if (type == SECTION_HEADER) {
                readSectionHeader(blockOffset);
                continue;
            }
            long total = Bytes.u32(scratch, 4, bigEndian);
            checkTotalLength(blockOffset, type, total, minimumLength(type));
            UdpDatagram datagram = switch (type) {
                case INTERFACE_DESCRIPTION -> readInterface(blockOffset, total);
                case ENHANCED_PACKET -> readPacket(blockOffset, total, false);
                case OBSOLETE_PACKET -> readPacket(blockOffset, total, true);
                case SIMPLE_PACKET -> readSimplePacket(blockOffset, total);
                default -> {
                    source.skipFully(total - 12, blockOffset, blockName(type));
                    readTrailer(blockOffset, type, total);
                    yield null;
                }
            };
            if (datagram != null) {
                return datagram;
            }
        }
    }

    private void readSectionHeader(long blockOffset) {
        source.readFully(scratch, 4, blockOffset, "pcapng section header block");
        int magic = (int) Bytes.u32(scratch, 0, true);
        if (magic == BYTE_ORDER_MAGIC) {
            bigEndian = true;
        } else if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
            bigEndian = false;
        } else {
            throw new CaptureFormatException(source.file(), blockOffset + 8, "pcapng byte-order magic 0x"
                    + Bytes.hex(scratch, 4) + " (expected: 1a2b3c4d in either byte order)");
        }
        // The block header's total length (scratch[4..8]) can only be read once the byte order is known.
        long total = Bytes.u32(scratch, 4, bigEndian);
        checkTotalLength(blockOffset, SECTION_HEADER, total, 28);
        source.readFully(scratch, 12, blockOffset, "pcapng section header block");
        int major = Bytes.u16(scratch, 0, bigEndian);
        if (major != 1) {
            throw new CaptureFormatException(source.file(), blockOffset + 12, "pcapng major version " + major
                    + " (expected: 1)");
        }
        source.skipFully(total - 28, blockOffset, "pcapng section header block");
        readTrailer(blockOffset, SECTION_HEADER, total);
        interfaces.clear();
    }

    private UdpDatagram readInterface(long blockOffset, long total) {
        checkLoadable(blockOffset, INTERFACE_DESCRIPTION, total);
        int bodyLength = (int) total - 12;
        byte[] body = new byte[bodyLength];
        source.readFully(body, bodyLength, blockOffset, blockName(INTERFACE_DESCRIPTION));
        readTrailer(blockOffset, INTERFACE_DESCRIPTION, total);
        int linkType = Bytes.u16(body, 0, bigEndian);
        long snapLength = Bytes.u32(body, 4, bigEndian);
        int tsresol = 6;
        long tsoffset = 0;
        int at = 8;
        while (at + 4 <= bodyLength) {
            int code = Bytes.u16(body, at, bigEndian);
            int length = Bytes.u16(body, at + 2, bigEndian);
            if (code == OPTION_END) {
                break;
            }
            if (at + 4 + length > bodyLength) {
                throw new CaptureFormatException(source.file(), blockOffset + 8 + at, "interface option " + code
                        + " of " + length + " bytes overruns its block (" + (bodyLength - at - 4) + " bytes left)");
            }
            if (code == OPTION_IF_TSRESOL && length >= 1) {
                tsresol = body[at + 4] & 0xff;
            } else if (code == OPTION_IF_TSOFFSET && length == 8) {
                tsoffset = Bytes.u64(body, at + 4, bigEndian);
            }
            at += 4 + ((length + 3) & ~3);
        }
        int id = interfaces.size();
        interfaces.add(new Interface(linkType, snapLength, tsresol, tsoffset));
        if (!FrameDecoder.supports(linkType)) {
            note(blockOffset, "interface " + id + ": link type " + linkType + " not supported (expected: "
                    + FrameDecoder.SUPPORTED + "); its packets are skipped");
        }
        return null;
    }

    private UdpDatagram readPacket(long blockOffset, long total, boolean obsolete) {
        int type = obsolete ? OBSOLETE_PACKET : ENHANCED_PACKET;
        source.readFully(scratch, 20, blockOffset, blockName(type));
        frameNumber++;
        long id = obsolete ? Bytes.u16(scratch, 0, bigEndian) : Bytes.u32(scratch, 0, bigEndian);
        Interface iface = interfaceOf(blockOffset, type, id);
        long timestamp = Bytes.u32(scratch, 4, bigEndian) << 32 | Bytes.u32(scratch, 8, bigEndian);
        long captured = Bytes.u32(scratch, 12, bigEndian);
        long original = Bytes.u32(scratch, 16, bigEndian);
        if (captured > total - 32) {
            throw new CaptureFormatException(source.file(), blockOffset + 20, "frame " + frameNumber
                    + ": captured length " + captured + " exceeds the " + (total - 32) + " bytes of its "
                    + blockName(type));
        }
        Instant instant = instant(blockOffset, timestamp, iface);
        ByteBuf frame = readFrame(blockOffset, type, iface, captured, total - 32 - captured, total);
        return frame == null ? null
                : decoder.decode(frame, iface.linkType(), frameNumber, blockOffset, blockOffset + 28, instant, original);
    }

    private UdpDatagram readSimplePacket(long blockOffset, long total) {
        source.readFully(scratch, 4, blockOffset, blockName(SIMPLE_PACKET));
        frameNumber++;
        Interface iface = interfaceOf(blockOffset, SIMPLE_PACKET, 0);
        long original = Bytes.u32(scratch, 0, bigEndian);
        long captured = Math.min(original, total - 16);
        if (iface.snapLength() > 0) {
            captured = Math.min(captured, iface.snapLength());
        }
        ByteBuf frame = readFrame(blockOffset, SIMPLE_PACKET, iface, captured, total - 16 - captured, total);
        return frame == null ? null
                : decoder.decode(frame, iface.linkType(), frameNumber, blockOffset, blockOffset + 12, null, original);
    }

    /**
     * Reads the frame and the rest of its block; {@code null} (nothing allocated) when the
     * interface's link type is not supported.
     */
    private ByteBuf readFrame(long blockOffset, int type, Interface iface, long captured, long rest, long total) {
        String what = blockName(type) + " (frame " + frameNumber + ")";
        if (!FrameDecoder.supports(iface.linkType())) {
            source.skipFully(captured + rest, blockOffset, what);
            readTrailer(blockOffset, type, total);
            return null;
        }
        if (captured > options.maxRecordBytes()) {
            throw new CaptureFormatException(source.file(), blockOffset, "frame " + frameNumber + ": captured length "
                    + captured + " exceeds maxRecordBytes " + options.maxRecordBytes()
                    + " (raise it with CaptureOptions.withMaxRecordBytes)");
        }
        int length = (int) captured;
        ByteBuf frame = options.allocator().buffer(length, length);
        try {
            source.readFully(frame, length, blockOffset, what);
            source.skipFully(rest, blockOffset, what);
            readTrailer(blockOffset, type, total);
            return frame;
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
    }

    private Interface interfaceOf(long blockOffset, int type, long id) {
        if (id >= interfaces.size()) {
            throw new CaptureFormatException(source.file(), blockOffset + 8, "frame " + frameNumber + ": "
                    + blockName(type) + " refers to interface " + id + " but the section describes "
                    + interfaces.size());
        }
        return interfaces.get((int) id);
    }

    private Instant instant(long blockOffset, long units, Interface iface) {
        try {
            long seconds;
            long nanos;
            int tsresol = iface.tsresol();
            if (tsresol == 6) {
                seconds = Long.divideUnsigned(units, 1_000_000L);
                nanos = Long.remainderUnsigned(units, 1_000_000L) * 1000;
            } else if (tsresol == 9) {
                seconds = Long.divideUnsigned(units, 1_000_000_000L);
                nanos = Long.remainderUnsigned(units, 1_000_000_000L);
            } else {
                BigInteger perSecond = (tsresol & 0x80) == 0
                        ? BigInteger.TEN.pow(tsresol) : BigInteger.ONE.shiftLeft(tsresol & 0x7f);
                BigInteger totalNanos = new BigInteger(Long.toUnsignedString(units))
                        .multiply(NANOS_PER_SECOND).divide(perSecond);
                BigInteger[] split = totalNanos.divideAndRemainder(NANOS_PER_SECOND);
                seconds = split[0].longValueExact();
                nanos = split[1].longValue();
            }
            return Instant.ofEpochSecond(Math.addExact(seconds, iface.tsoffset()), nanos);
        } catch (ArithmeticException | DateTimeException e) {
            throw new CaptureFormatException(source.file(), blockOffset + 12, "frame " + frameNumber
                    + ": timestamp " + Long.toUnsignedString(units) + " (if_tsresol " + iface.tsresol()
                    + ", if_tsoffset " + iface.tsoffset() + ") is out of range");
        }
    }

    private static long minimumLength(int type) {
        return switch (type) {
            case INTERFACE_DESCRIPTION -> 20;
            case ENHANCED_PACKET, OBSOLETE_PACKET -> 32;
            case SIMPLE_PACKET -> 16;
            default -> 12;
        };
    }

    private void checkTotalLength(long blockOffset, int type, long total, long minimum) {
        if (total < minimum || total % 4 != 0) {
            throw new CaptureFormatException(source.file(), blockOffset + 4, blockName(type) + " total length "
                    + total + " (expected: a multiple of 4, at least " + minimum + ")");
        }
    }

    private void checkLoadable(long blockOffset, int type, long total) {
        if (total > options.maxRecordBytes()) {
            throw new CaptureFormatException(source.file(), blockOffset + 4, blockName(type) + " total length "
                    + total + " exceeds maxRecordBytes " + options.maxRecordBytes()
                    + " (raise it with CaptureOptions.withMaxRecordBytes)");
        }
    }

    private void readTrailer(long blockOffset, int type, long total) {
        long trailerOffset = source.offset();
        source.readFully(scratch, 4, blockOffset, blockName(type));
        long trailer = Bytes.u32(scratch, 0, bigEndian);
        if (trailer != total) {
            throw new CaptureFormatException(source.file(), trailerOffset, blockName(type) + " trailing total length "
                    + trailer + " differs from its leading total length " + total);
        }
    }

    private static String blockName(int type) {
        return switch (type) {
            case SECTION_HEADER -> "pcapng section header block";
            case INTERFACE_DESCRIPTION -> "pcapng interface description block";
            case OBSOLETE_PACKET -> "pcapng packet block";
            case SIMPLE_PACKET -> "pcapng simple packet block";
            case ENHANCED_PACKET -> "pcapng enhanced packet block";
            default -> "pcapng block of type 0x" + Integer.toHexString(type);
        };
    }
}
