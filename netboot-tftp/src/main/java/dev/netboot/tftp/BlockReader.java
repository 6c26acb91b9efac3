package dev.netboot.tftp;

import io.netty.buffer.ByteBuf;

/** Gives a sending transfer the wire payload of block n (1-based, absolute), again on a resend. */
interface BlockReader {
    /** The payload of block {@code block}: a full block, or a shorter one that ends the file. */
    ByteBuf read(long block);

    /** The file offset just after block {@code block}, which has been read. */
    long fileOffsetAfter(long block);

    static BlockReader create(TransferMode mode, TftpBlockSource source, TransferParameters p) {
        return mode == TransferMode.NETASCII
                ? new NetasciiReader(source, p.blockSize(), p.windowSize())
                : new OctetReader(source, p.blockSize());
    }
}

/** Octet mode: block n is the file's bytes from (n - 1) * blocksize. */
final class OctetReader implements BlockReader {
    private final TftpBlockSource source;
    private final int blockSize;
    private long shortBlock = -1;
    private int shortLength;

    OctetReader(TftpBlockSource source, int blockSize) {
        this.source = source;
        this.blockSize = blockSize;
    }

    @Override
    public ByteBuf read(long block) {
        ByteBuf b = source.read((block - 1) * blockSize, blockSize);
        if (b.readableBytes() < blockSize) {
            shortBlock = block;
            shortLength = b.readableBytes();
        }
        return b;
    }

    @Override
    public long fileOffsetAfter(long block) {
        return block == shortBlock ? (block - 1) * blockSize + shortLength : block * blockSize;
    }
}

/**
 * Netascii mode: converts LF to CR LF and CR to CR NUL. Blocks no longer map linearly to file
 * offsets, so the reader keeps, for each block of the current window (and the next), the file
 * offset it starts at and the second byte of a pair split by the previous block's end: enough to
 * rebuild any unacknowledged block on a resend.
 */
final class NetasciiReader implements BlockReader {
    private static final int NONE = -1;

    private final TftpBlockSource source;
    private final int blockSize;
    private final long[] startOffset;
    private final int[] carry;

    NetasciiReader(TftpBlockSource source, int blockSize, int windowSize) {
        this.source = source;
        this.blockSize = blockSize;
        int slots = windowSize + 2;
        this.startOffset = new long[slots];
        this.carry = new int[slots];
        startOffset[slot(1)] = 0;
        carry[slot(1)] = NONE;
    }

    private int slot(long block) {
        return (int) (block % startOffset.length);
    }

    @Override
    public ByteBuf read(long block) {
        int s = slot(block);
        long offset = startOffset[s];
        int pending = carry[s];
        ByteBuf raw = source.read(offset, blockSize);
        try {
            ByteBuf out = raw.alloc().heapBuffer(blockSize);
            if (pending != NONE) {
                out.writeByte(pending);
                pending = NONE;
            }
            int base = raw.readerIndex();
            int available = raw.readableBytes();
            int consumed = 0;
            while (out.readableBytes() < blockSize && consumed < available) {
                byte b = raw.getByte(base + consumed++);
                if (b == '\n' || b == '\r') {
                    out.writeByte('\r');
                    int second = b == '\n' ? '\n' : 0;
                    if (out.readableBytes() < blockSize) {
                        out.writeByte(second);
                    } else {
                        pending = second;
                    }
                } else {
                    out.writeByte(b);
                }
            }
            int next = slot(block + 1);
            startOffset[next] = offset + consumed;
            carry[next] = pending;
            return out;
        } finally {
            raw.release();
        }
    }

    @Override
    public long fileOffsetAfter(long block) {
        return startOffset[slot(block + 1)];
    }
}
