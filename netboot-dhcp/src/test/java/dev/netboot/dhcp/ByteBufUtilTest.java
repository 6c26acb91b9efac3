package dev.netboot.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Helpers for tests, with a test of their own. */
class ByteBufUtilTest {
    static byte[] bytes(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), out);
        return out;
    }

    @Test
    void copiesReadableBytes() {
        assertArrayEquals(new byte[] {2, 3}, bytes(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}).skipBytes(1)));
    }
}
