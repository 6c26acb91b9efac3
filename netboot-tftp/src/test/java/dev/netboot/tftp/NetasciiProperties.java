package dev.netboot.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Netascii blocks, rebuilt on resends, match a plain reference conversion and decode back. */
class NetasciiProperties {
    static byte[] reference(byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : file) {
            if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else if (b == '\r') {
                out.write('\r');
                out.write(0);
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    @Provide
    Arbitrary<byte[]> text() {
        return Arbitraries.of((byte) 'a', (byte) '\r', (byte) '\n', (byte) 0, (byte) 'b', (byte) 0xFF)
                .list().ofMaxSize(300).map(l -> {
                    byte[] b = new byte[l.size()];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = l.get(i);
                    }
                    return b;
                });
    }

    @Property(tries = 1000)
    void blocksMatchTheReferenceEvenWhenResent(@ForAll("text") byte[] file,
            @ForAll @IntRange(min = 8, max = 40) int blockSize, @ForAll @IntRange(min = 1, max = 6) int window,
            @ForAll List<@IntRange(min = 0, max = 5) Integer> resendBacks) {
        NetasciiReader reader = new NetasciiReader(Simulation.source(file), blockSize, window);
        NetasciiDecoder decoder = new NetasciiDecoder();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        int step = 0;
        for (long block = 1; ; block++) {
            // before moving on, rebuild some blocks of the current window as a resend would
            int back = step < resendBacks.size() ? Math.min(resendBacks.get(step++), window - 1) : 0;
            for (long b = Math.max(1, block - back); b < block; b++) {
                ByteBuf again = reader.read(b);
                assertEquals(blockSize, again.readableBytes());
                assertTrue(again.release());
            }
            ByteBuf payload = reader.read(block);
            byte[] bytes = ByteBufUtil.getBytes(payload);
            boolean last = bytes.length < blockSize;
            wire.writeBytes(bytes);
            ByteBuf text = decoder.decode(payload, last);
            decoded.writeBytes(ByteBufUtil.getBytes(text));
            assertTrue(text.release());
            assertTrue(payload.release());
            if (last) {
                assertEquals(file.length, reader.fileOffsetAfter(block));
                break;
            }
        }
        assertArrayEquals(reference(file), wire.toByteArray());
        assertArrayEquals(file, decoded.toByteArray());
    }
}
