package dev.netboot.benchmarks.dhcp;

import io.netty.buffer.ByteBuf;

/**
 * Baseline A, the practical limit: hand-written {@link ByteBuf} code that does only what the
 * benchmark reads. Decoding is one pass over the options field picking the first 53, 93, 60 and
 * 50; it stops at the end option or at a truncated option, and knows nothing of option overload,
 * RFC 3396 splitting, problems or limits. Encoding writes the OFFER's bytes with no checks.
 * Stateless.
 */
final class MinimalScan {
    private static final int MAGIC_COOKIE = 0x63825363;
    /** "PXEClie" + "n" as one big-endian long, then "t". */
    private static final long PXE_8 = 0x505845436c69656eL;
    private static final byte PXE_9 = 't';

    private MinimalScan() {}

    /** Reads the four fields of the message in {@code b}'s readable bytes; returns {@link Fields#digest}. */
    static int decode(ByteBuf b) {
        int base = b.readerIndex();
        int end = b.writerIndex();
        int type = -1;
        int arch = -1;
        int vendorAt = -1;
        int vendorLength = -1;
        int requested = 0;
        int seen = 0; // the first occurrence of each option counts, as in netboot's accessors
        if (end - base >= 240 && b.getInt(base + 236) == MAGIC_COOKIE) {
            int i = base + 240;
            while (i < end) {
                int code = b.getUnsignedByte(i);
                if (code == 0) {
                    i++;
                    continue;
                }
                if (code == 255 || i + 1 >= end) {
                    break;
                }
                int len = b.getUnsignedByte(i + 1);
                int v = i + 2;
                if (v + len > end) {
                    break;
                }
                switch (code) {
                    case 53 -> {
                        if ((seen & 1) == 0 && len == 1) {
                            type = b.getUnsignedByte(v);
                        }
                        seen |= 1;
                    }
                    case 93 -> {
                        if ((seen & 2) == 0 && len >= 2) {
                            arch = b.getUnsignedShort(v);
                        }
                        seen |= 2;
                    }
                    case 60 -> {
                        if ((seen & 4) == 0) {
                            vendorAt = v;
                            vendorLength = len;
                        }
                        seen |= 4;
                    }
                    case 50 -> {
                        if ((seen & 8) == 0 && len == 4) {
                            requested = b.getInt(v);
                        }
                        seen |= 8;
                    }
                    default -> { }
                }
                i = v + len;
            }
        }
        boolean pxe = vendorLength >= 9 && b.getLong(vendorAt) == PXE_8 && b.getByte(vendorAt + 8) == PXE_9;
        return Fields.digest(type, arch, vendorLength, pxe, requested);
    }

    /** Writes {@code o} as an OFFER at {@code out}'s writer index; returns its length. */
    static int encode(ByteBuf out, OfferSpec o, byte[] chaddr16, byte[] file) {
        int start = out.writerIndex();
        out.writeByte(2).writeByte(1).writeByte(o.chaddr().length).writeByte(0)
                .writeInt(o.xid()).writeShort(0).writeShort(o.flags())
                .writeInt(0).writeInt(o.yiaddr()).writeInt(o.siaddr()).writeInt(0)
                .writeBytes(chaddr16)
                .writeZero(64)
                .writeBytes(file).writeZero(128 - file.length)
                .writeInt(MAGIC_COOKIE)
                .writeByte(53).writeByte(1).writeByte(2);
        int[] codes = o.codes();
        byte[][] values = o.values();
        for (int i = 0; i < codes.length; i++) {
            out.writeByte(codes[i]).writeByte(values[i].length).writeBytes(values[i]);
        }
        out.writeByte(255);
        int length = out.writerIndex() - start;
        if (length < 300) {
            out.writeZero(300 - length);
            length = 300;
        }
        return length;
    }
}
