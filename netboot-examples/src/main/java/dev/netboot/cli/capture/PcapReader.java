package dev.netboot.cli.capture;

import java.time.Instant;

/** Classic libpcap files: a 24-byte file header, then 16-byte record headers each before its frame. */
final class PcapReader extends BaseReader {
    static final int MAGIC_MICROS = 0xa1b2c3d4;
    static final int MAGIC_NANOS = 0xa1b23c4d;

    private final boolean bigEndian;
    private final boolean nanos;
    private final int linkType;
    private final FrameDecoder decoder = new FrameDecoder(this);
    private final byte[] header = new byte[24];
    private long frameNumber;

    PcapReader(ByteSource source, CaptureOptions options) {
        super(source, options);
        source.readFully(header, 24, 0, "pcap file header");
        int magicBig = (int) Bytes.u32(header, 0, true);
        int magicLittle = (int) Bytes.u32(header, 0, false);
        if (magicBig == MAGIC_MICROS || magicBig == MAGIC_NANOS) {
            bigEndian = true;
            nanos = magicBig == MAGIC_NANOS;
        } else if (magicLittle == MAGIC_MICROS || magicLittle == MAGIC_NANOS) {
            bigEndian = false;
            nanos = magicLittle == MAGIC_NANOS;
        } else {
            throw new CaptureFormatException(source.file(), 0, "pcap magic 0x" + Bytes.hex(header, 4)
                    + " (expected: a1b2c3d4 or a1b23c4d in either byte order)");
        }
        int major = Bytes.u16(header, 4, bigEndian);
        if (major != 2) {
            throw new CaptureFormatException(source.file(), 4, "pcap major version " + major + " (expected: 2)");
        }
        // The upper 16 bits may carry FCS information (pcap spec "LinkType and additional information").
        linkType = (int) (Bytes.u32(header, 20, bigEndian) & 0xffff);
        if (!FrameDecoder.supports(linkType)) {
            throw new CaptureFormatException(source.file(), 20, "link type " + linkType + " not supported (expected: "
                    + FrameDecoder.SUPPORTED + ")");
        }
    }

    @Override
    public CaptureFormat format() {
        return CaptureFormat.PCAP;
    }

    @Override
    UdpDatagram readNext() {
        while (true) {
            long recordOffset = source.offset();
            int got = source.readUpTo(header, 16);
            if (got == 0) {
                return null;
            }
            if (got < 16) {
                throw source.truncated(recordOffset, "pcap record header", 16, got);
            }
            frameNumber++;
            long seconds = Bytes.u32(header, 0, bigEndian);
            long fraction = Bytes.u32(header, 4, bigEndian);
            long captured = Bytes.u32(header, 8, bigEndian);
            long original = Bytes.u32(header, 12, bigEndian);
            if (captured > options.maxRecordBytes()) {
                throw new CaptureFormatException(source.file(), recordOffset, "frame " + frameNumber
                        + ": captured length " + captured + " exceeds maxRecordBytes " + options.maxRecordBytes()
                        + " (raise it with CaptureOptions.withMaxRecordBytes)");
            }
            Instant timestamp = Instant.ofEpochSecond(seconds, nanos ? fraction : fraction * 1000);
            int length = (int) captured;
            var frame = options.allocator().buffer(length, length);
            try {
                source.readFully(frame, length, recordOffset, "pcap record (frame " + frameNumber + ")");
            } catch (RuntimeException e) {
                frame.release();
                throw e;
            }
            UdpDatagram datagram = decoder.decode(frame, linkType, frameNumber, recordOffset, recordOffset + 16,
                    timestamp, original);
            if (datagram != null) {
                return datagram;
            }
        }
    }
}
