package dev.netboot.tftp;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Where a sending transfer (server read, client put) gets file bytes: random access by offset, so
 * that a window can be resent from its first unacknowledged block without the transfer keeping
 * copies. Called only from the transfer's own methods (so on the driver's thread), synchronously.
 *
 * <p>To end the transfer with a specific ERROR, throw {@link TftpAbortException}; any other
 * runtime exception ends it with ERROR 0 and {@link FailureReason#SOURCE_ERROR}.
 */
public interface TftpBlockSource {
    /** The file size in bytes, or -1 when unknown (then tsize is not acknowledged). */
    long size();

    /**
     * Returns the bytes at {@code offset}: exactly {@code length} readable bytes, fewer only where
     * the file ends (none at or after the end). The transfer takes ownership of the returned buffer
     * (one reference) and hands it on in a {@link TftpPacket.Data}.
     */
    ByteBuf read(long offset, int length);

    /**
     * A source over the readable bytes of {@code content}, returning retained slices (zero copy). The
     * caller keeps its own reference to {@code content} and releases it when the transfer is done.
     */
    static TftpBlockSource of(ByteBuf content) {
        Objects.requireNonNull(content, "content");
        return new TftpBlockSource() {
            @Override
            public long size() {
                return content.readableBytes();
            }

            @Override
            public ByteBuf read(long offset, int length) {
                int size = content.readableBytes();
                int from = (int) Math.min(offset, size);
                return content.retainedSlice(content.readerIndex() + from, Math.min(length, size - from));
            }
        };
    }
}
