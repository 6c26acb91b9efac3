package dev.netboot.dhcp;

import io.netty.buffer.ByteBuf;

/**
 * Decodes message after message into one reused {@link DhcpMessage} view, so that a server's
 * receive loop allocates nothing per well-formed packet (a flyweight) when the reader is lenient; a
 * strict reader also validates every registered option's value, which allocates. Heap buffers are read
 * in place; a buffer without a backing array (a pooled direct datagram buffer) is read through one
 * bulk copy into the reader's own array, which is cheaper than checked byte-by-byte access. Not thread-safe: use one reader per
 * thread (e.g. per Netty event loop). The view returned by {@link #read(ByteBuf)} is valid until
 * the next call and while the caller keeps {@code buf} alive; it never retains the buffer.
 */
public final class DhcpMessageReader {
    private final DhcpDecoder decoder;
    private final DhcpMessage view = DhcpMessage.reusable();

    DhcpMessageReader(DhcpDecoder decoder) {
        this.decoder = decoder;
    }

    /**
     * Re-points the reader's view at {@code buf}'s readable bytes.
     *
     * @throws DhcpCodecException as {@link DhcpDecoder#decode(ByteBuf)}
     */
    public DhcpMessage read(ByteBuf buf) {
        decoder.decodeInto(view, buf);
        return view;
    }
}
