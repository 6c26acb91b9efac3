package dev.netboot.tftp;

import io.netty.buffer.ByteBuf;

/**
 * Converts received netascii to local text: CR LF becomes LF, CR NUL becomes CR; a CR followed by
 * anything else is kept as it is (lenient). A CR at the end of a block waits for the next block.
 */
final class NetasciiDecoder {
    private boolean pendingCr;

    /** Returns a new buffer (the caller releases it) with the decoded bytes of {@code in}. */
    ByteBuf decode(ByteBuf in, boolean last) {
        int n = in.readableBytes();
        ByteBuf out = in.alloc().heapBuffer(n + 1);
        int base = in.readerIndex();
        for (int i = 0; i < n; i++) {
            byte b = in.getByte(base + i);
            if (pendingCr) {
                pendingCr = false;
                if (b == '\n') {
                    out.writeByte('\n');
                    continue;
                }
                out.writeByte('\r');
                if (b == 0) {
                    continue;
                }
            }
            if (b == '\r') {
                pendingCr = true;
            } else {
                out.writeByte(b);
            }
        }
        if (last && pendingCr) {
            pendingCr = false;
            out.writeByte('\r');
        }
        return out;
    }
}
