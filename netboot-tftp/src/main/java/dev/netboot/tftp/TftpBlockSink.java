package dev.netboot.tftp;

import io.netty.buffer.ByteBuf;

/**
 * Where a receiving transfer (server write, client get) puts file bytes: in order, each offset
 * following the previous write, already converted from netascii when that mode is used. Called only
 * from the transfer's own methods (so on the driver's thread), synchronously.
 *
 * <p>To end the transfer with a specific ERROR (for example {@link TftpErrorCode#DISK_FULL} when a
 * size limit is reached), throw {@link TftpAbortException}; any other runtime exception ends it with
 * ERROR 0 and {@link FailureReason#SINK_ERROR}.
 */
@FunctionalInterface
public interface TftpBlockSink {
    /**
     * Consumes the readable bytes of {@code data}, which starts at file offset {@code offset}. The
     * buffer is borrowed: valid only during the call, not to be released (copy or
     * {@code retain()} it to keep it).
     */
    void write(long offset, ByteBuf data);
}
