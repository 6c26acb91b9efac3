package dev.netboot.cli.capture;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Buffered reading of a file with the byte offset always known, so that every fault can name
 * where it is. Reading past the end inside a record raises {@link CaptureFormatException} at the
 * record's start; a clean end is reported by return values.
 */
final class ByteSource implements AutoCloseable {
    private static final int BUFFER_SIZE = 64 * 1024;

    private final InputStream in;
    private final Path file;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int position;
    private int limit;
    private long offset;
    private boolean eof;

    ByteSource(InputStream in, Path file) {
        this.in = in;
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Byte offset of the next byte to be read. */
    long offset() {
        return offset;
    }

    /** Copies up to {@code n} (at most the buffer size) next bytes without consuming them; returns how many. */
    int peek(byte[] dst, int n) {
        ensure(n);
        int count = Math.min(n, limit - position);
        System.arraycopy(buffer, position, dst, 0, count);
        return count;
    }

    /** The next byte, or -1 at the end of the file. */
    int read() {
        if (position == limit && !fill()) {
            return -1;
        }
        offset++;
        return buffer[position++] & 0xff;
    }

    /** Reads up to {@code n} bytes into {@code dst}; fewer only at the end of the file. */
    int readUpTo(byte[] dst, int n) {
        int done = 0;
        while (done < n) {
            if (position == limit && !fill()) {
                break;
            }
            int count = Math.min(n - done, limit - position);
            System.arraycopy(buffer, position, dst, done, count);
            position += count;
            offset += count;
            done += count;
        }
        return done;
    }

    /** Reads exactly {@code n} bytes of the {@code what} that starts at {@code recordStart}. */
    void readFully(byte[] dst, int n, long recordStart, String what) {
        long before = offset;
        int got = readUpTo(dst, n);
        if (got < n) {
            throw truncated(recordStart, what, before - recordStart + n, before - recordStart + got);
        }
    }

    /** Appends exactly {@code n} bytes to {@code dst}. */
    void readFully(ByteBuf dst, int n, long recordStart, String what) {
        long before = offset;
        int done = 0;
        while (done < n) {
            if (position == limit && !fill()) {
                throw truncated(recordStart, what, before - recordStart + n, before - recordStart + done);
            }
            int count = Math.min(n - done, limit - position);
            dst.writeBytes(buffer, position, count);
            position += count;
            offset += count;
            done += count;
        }
    }

    /** Skips exactly {@code n} bytes. */
    void skipFully(long n, long recordStart, String what) {
        long before = offset;
        long done = 0;
        while (done < n) {
            if (position == limit && !fill()) {
                throw truncated(recordStart, what, before - recordStart + n, before - recordStart + done);
            }
            int count = (int) Math.min(n - done, limit - position);
            position += count;
            offset += count;
            done += count;
        }
    }

    CaptureFormatException truncated(long recordStart, String what, long needed, long got) {
        return new CaptureFormatException(file, recordStart, "truncated " + what + ": needs " + needed
                + " bytes from offset " + recordStart + ", the file ends after " + got);
    }

    private void ensure(int n) {
        if (limit - position >= n || eof) {
            return;
        }
        System.arraycopy(buffer, position, buffer, 0, limit - position);
        limit -= position;
        position = 0;
        while (limit < n && !eof) {
            readMore();
        }
    }

    private boolean fill() {
        if (eof) {
            return false;
        }
        position = 0;
        limit = 0;
        while (limit == 0 && !eof) {
            readMore();
        }
        return limit > 0;
    }

    private void readMore() {
        try {
            int count = in.read(buffer, limit, buffer.length - limit);
            if (count < 0) {
                eof = true;
            } else {
                limit += count;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " at offset " + offset, e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
