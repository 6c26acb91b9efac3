package dev.netboot.server.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTest {
    @TempDir
    Path dir;

    private FileSource open(byte[] content) throws IOException {
        Path p = Files.write(dir.resolve("f"), content);
        FileChannel ch = FileChannel.open(p, StandardOpenOption.READ);
        return new FileSource(ch, ch.size(), PooledByteBufAllocator.DEFAULT);
    }

    private static byte[] take(ByteBuf b) {
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }

    @Test
    void blocksInOrderBackwardsAndPastTheEnd() throws IOException {
        byte[] content = TestFiles.random(200_000, 9);
        int bs = 1468;
        try (FileSource s = open(content)) {
            assertEquals(content.length, s.size());
            for (long off = 0; off < content.length; off += bs) {
                int n = (int) Math.min(bs, content.length - off);
                assertArrayEquals(Arrays.copyOfRange(content, (int) off, (int) off + n), take(s.read(off, bs)));
            }
            // a window resent from an earlier chunk
            assertArrayEquals(Arrays.copyOfRange(content, bs, 2 * bs), take(s.read(bs, bs)));
            assertEquals(0, take(s.read(content.length, bs)).length);
            assertEquals(0, take(s.read(content.length + 5000L, bs)).length);
        }
    }

    @Test
    void slicesOutliveTheNextChunkAndClose() throws IOException {
        byte[] content = TestFiles.random(300_000, 10);
        FileSource s = open(content);
        ByteBuf first = s.read(0, 512);
        ByteBuf far = s.read(250_000, 512);
        s.close();
        assertArrayEquals(Arrays.copyOfRange(content, 0, 512), take(first));
        assertArrayEquals(Arrays.copyOfRange(content, 250_000, 250_512), take(far));
        assertThrows(IllegalStateException.class, () -> s.read(0, 512));
        s.close(); // idempotent
    }

    @Test
    void aFileThatShrinksEndsEarly() throws IOException {
        byte[] content = TestFiles.random(100_000, 11);
        try (FileSource s = open(content)) {
            try (FileChannel w = FileChannel.open(dir.resolve("f"), StandardOpenOption.WRITE)) {
                w.truncate(1000);
            }
            ByteBuf b = s.read(512, 1468);
            assertEquals(488, b.readableBytes());
            assertTrue(b.release());
        }
    }
}
