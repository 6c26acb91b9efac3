package dev.netboot.server.tftp;

import dev.netboot.tftp.TftpAbortException;
import dev.netboot.tftp.TftpBlockSink;
import dev.netboot.tftp.TftpErrorCode;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Receives a file into a hidden temporary file beside its target and moves it into place only on
 * {@link #commit}, so that a failed or aborted transfer leaves nothing behind ({@link #discard}
 * deletes the temporary file). Writes are gathered in a 256 KiB direct buffer so that a transfer of
 * small blocks does not cost one system call per block. A size limit ends the transfer with
 * ERROR 3. Without overwriting, the file is put in place with a hard link, which fails instead of
 * replacing a file that appeared meanwhile. Not thread-safe: used on the transfer's event loop.
 */
final class TempFileSink implements TftpBlockSink, AutoCloseable {
    private static final int BUFFER_BYTES = 256 * 1024;

    private final Path target;
    private final Path temp;
    private final long maxSize;
    private final String limitHint;
    private FileChannel channel;
    private ByteBuffer buffer;
    private long written;
    private boolean done;

    private TempFileSink(Path target, Path temp, FileChannel channel, long maxSize, String limitHint) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.maxSize = maxSize;
        this.limitHint = limitHint;
    }

    /**
     * Creates the temporary file in {@code target}'s directory.
     *
     * @param maxSize the largest file accepted, or -1 for no limit
     * @param limitHint how to raise the limit, for the error message (e.g. "--max-write-size")
     * @throws IOException if the temporary file cannot be created
     */
    static TempFileSink create(Path target, long maxSize, String limitHint) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + target.getFileName() + ".part-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16));
            try {
                FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return new TempFileSink(target, temp, ch, maxSize, limitHint);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 8) {
                    throw e;
                }
            }
        }
    }

    /** The temporary file (deleted or renamed when the transfer ends). */
    Path tempFile() {
        return temp;
    }

    /** The file this sink creates on commit. */
    Path target() {
        return target;
    }

    /** Bytes received so far. */
    long written() {
        return written;
    }

    @Override
    public void write(long offset, ByteBuf data) {
        int n = data.readableBytes();
        if (maxSize >= 0 && offset + n > maxSize) {
            throw new TftpAbortException(TftpErrorCode.DISK_FULL, "File exceeds the size limit of " + maxSize
                    + " bytes" + (limitHint.isEmpty() ? "" : " (" + limitHint + ")"));
        }
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
        }
        try {
            int from = data.readerIndex();
            while (n > 0) {
                if (!buffer.hasRemaining()) {
                    drain();
                }
                int k = Math.min(n, buffer.remaining());
                ByteBuffer dst = buffer.slice().limit(k);
                data.getBytes(from, dst);
                buffer.position(buffer.position() + k);
                from += k;
                n -= k;
                written += k;
            }
        } catch (IOException e) {
            throw new TftpAbortException(TftpErrorCode.DISK_FULL, "Write error: " + e.getMessage());
        }
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    /**
     * Writes what is buffered and puts the file in place.
     *
     * @param replace whether an existing target may be replaced
     * @throws IOException if the file cannot be written or moved (the temporary file is then deleted)
     */
    void commit(boolean replace) throws IOException {
        if (done) {
            throw new IllegalStateException("already committed or discarded");
        }
        done = true;
        try {
            if (buffer != null) {
                drain();
            }
            channel.force(false);
            channel.close();
            channel = null;
            if (replace) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                try {
                    Files.createLink(target, temp);
                    Files.delete(temp);
                } catch (UnsupportedOperationException e) {
                    // no hard links on this file system: check, then move (a narrow race remains)
                    if (Files.exists(target)) {
                        throw new FileAlreadyExistsException(target.toString());
                    }
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException | RuntimeException e) {
            deleteTemp();
            throw e;
        } finally {
            buffer = null;
        }
    }

    /** Deletes the temporary file; nothing is left behind. Idempotent. */
    void discard() {
        if (done) {
            return;
        }
        done = true;
        buffer = null;
        deleteTemp();
    }

    private void deleteTemp() {
        try {
            if (channel != null) {
                channel.close();
                channel = null;
            }
        } catch (IOException e) {
            // deleting it next is all that matters
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // nothing more can be done; the name is hidden and marked .part
        }
    }

    /** Same as {@link #discard} unless committed. */
    @Override
    public void close() {
        discard();
    }
}
