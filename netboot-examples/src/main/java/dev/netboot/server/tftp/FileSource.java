package dev.netboot.server.tftp;

import dev.netboot.tftp.TftpAbortException;
import dev.netboot.tftp.TftpBlockSource;
import dev.netboot.tftp.TftpErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A file served block by block: positional reads of a whole chunk (about 64 KiB, a multiple of
 * the block size) into one pooled direct buffer, from which each block is a retained slice. A
 * window resent from an earlier block re-reads its chunk. The size is the one seen when the file
 * was opened (a file that shrinks meanwhile ends the transfer early). Not thread-safe: used on the
 * transfer's event loop; {@link #close} releases the chunk and closes the file.
 */
final class FileSource implements TftpBlockSource, AutoCloseable {
    /** Bytes read per positional read, rounded down to whole blocks. */
    static final int CHUNK_BYTES = 64 * 1024;

    private final FileChannel channel;
    private final long size;
    private final ByteBufAllocator alloc;
    private ByteBuf chunk;
    private long chunkStart;
    private boolean closed;

    FileSource(FileChannel channel, long size, ByteBufAllocator alloc) {
        this.channel = channel;
        this.size = size;
        this.alloc = alloc;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public ByteBuf read(long offset, int length) {
        if (closed) {
            throw new IllegalStateException("source closed");
        }
        if (offset >= size || length == 0) {
            return Unpooled.EMPTY_BUFFER;
        }
        int n = (int) Math.min(length, size - offset);
        if (chunk == null || offset < chunkStart || offset + n > chunkStart + chunk.readableBytes()) {
            load(offset, length);
            n = Math.min(n, chunk.readableBytes());
        }
        return chunk.retainedSlice(chunk.readerIndex() + (int) (offset - chunkStart), n);
    }

    private void load(long offset, int blockLength) {
        if (chunk != null) {
            chunk.release();
            chunk = null;
        }
        int capacity = Math.max(blockLength, CHUNK_BYTES / blockLength * blockLength);
        int want = (int) Math.min(capacity, size - offset);
        ByteBuf buf = alloc.directBuffer(want, want);
        try {
            ByteBuffer nio = buf.nioBuffer(0, want);
            long pos = offset;
            while (nio.hasRemaining()) {
                int r = channel.read(nio, pos);
                if (r < 0) {
                    break; // the file shrank after it was opened
                }
                pos += r;
            }
            buf.writerIndex(nio.position());
        } catch (IOException e) {
            buf.release();
            throw new TftpAbortException(TftpErrorCode.NOT_DEFINED, "Read error: " + e.getMessage());
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        chunk = buf;
        chunkStart = offset;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (chunk != null) {
            chunk.release();
            chunk = null;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written: a failed close of a read-only file loses nothing
        }
    }
}
