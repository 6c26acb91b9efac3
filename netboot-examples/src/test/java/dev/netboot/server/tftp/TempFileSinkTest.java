package dev.netboot.server.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.tftp.TftpAbortException;
import dev.netboot.tftp.TftpErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempFileSinkTest {
    @TempDir
    Path dir;

    private static void write(TempFileSink sink, byte[] data, int blockSize) {
        for (int off = 0; off < data.length; off += blockSize) {
            int n = Math.min(blockSize, data.length - off);
            ByteBuf b = Unpooled.wrappedBuffer(data, off, n);
            try {
                sink.write(off, b);
            } finally {
                assertTrue(b.release());
            }
        }
    }

    @Test
    void commitPutsTheWholeFileInPlaceAndLeavesNoTemporaryFile() throws IOException {
        byte[] data = TestFiles.random(700_000, 1); // more than the 256 KiB buffer
        TempFileSink sink = TempFileSink.create(dir.resolve("f.bin"), -1, "");
        assertEquals(List.of(sink.tempFile().getFileName().toString()), TestFiles.list(dir));
        write(sink, data, 1468);
        assertEquals(data.length, sink.written());
        sink.commit(false);
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("f.bin")));
        assertEquals(List.of("f.bin"), TestFiles.list(dir));
        sink.discard(); // no effect after a commit
        assertEquals(List.of("f.bin"), TestFiles.list(dir));
    }

    @Test
    void discardLeavesNothing() throws IOException {
        TempFileSink sink = TempFileSink.create(dir.resolve("f.bin"), -1, "");
        write(sink, TestFiles.random(5000, 2), 512);
        sink.discard();
        assertEquals(List.of(), TestFiles.list(dir));
    }

    @Test
    void theSizeLimitEndsTheTransferWithDiskFull() throws IOException {
        try (TempFileSink sink = TempFileSink.create(dir.resolve("f.bin"), 1000, "--max-write-size")) {
            write(sink, TestFiles.random(1000, 3), 500);
            ByteBuf one = Unpooled.wrappedBuffer(new byte[1]);
            TftpAbortException e = assertThrows(TftpAbortException.class, () -> sink.write(1000, one));
            assertTrue(one.release());
            assertEquals(TftpErrorCode.DISK_FULL, e.code());
            assertTrue(e.getMessage().contains("--max-write-size"), e.getMessage());
        }
        assertEquals(List.of(), TestFiles.list(dir));
    }

    @Test
    void withoutReplaceAFileThatAppearedMeanwhileWins() throws IOException {
        TempFileSink sink = TempFileSink.create(dir.resolve("f.bin"), -1, "");
        write(sink, TestFiles.random(100, 4), 512);
        Files.writeString(dir.resolve("f.bin"), "first");
        assertThrows(FileAlreadyExistsException.class, () -> sink.commit(false));
        assertEquals("first", Files.readString(dir.resolve("f.bin")));
        assertEquals(List.of("f.bin"), TestFiles.list(dir));
    }

    @Test
    void replaceOverwrites() throws IOException {
        Files.writeString(dir.resolve("f.bin"), "old");
        TempFileSink sink = TempFileSink.create(dir.resolve("f.bin"), -1, "");
        byte[] data = TestFiles.random(10, 5);
        write(sink, data, 512);
        sink.commit(true);
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("f.bin")));
        assertEquals(List.of("f.bin"), TestFiles.list(dir));
    }
}
