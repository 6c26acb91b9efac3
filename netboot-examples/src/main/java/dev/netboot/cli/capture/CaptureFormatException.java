package dev.netboot.cli.capture;

import java.nio.file.Path;

/**
 * A capture or hex-lines file that cannot be read: wrong magic number, a record or block whose
 * length is impossible or exceeds a limit, a file that ends inside a record, or a bad hex digit.
 *
 * <p>The message names the file and the byte offset (for captures: the start of the record or
 * field at fault), or file:line:column for hex-lines text, then the reason. Datagrams delivered
 * before the exception was raised are valid and remain owned by the caller. Instances are
 * immutable.
 */
public final class CaptureFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;
    private final int line;
    private final int column;
    private final String reason;

    /** A fault in a binary capture at {@code offset} bytes from the start of {@code file}. */
    public CaptureFormatException(Path file, long offset, String reason) {
        super(file + ": offset " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
        this.line = 0;
        this.column = 0;
        this.reason = reason;
    }

    /** A fault in a text file at 1-based {@code line} and {@code column} (byte {@code offset}). */
    public CaptureFormatException(Path file, long offset, int line, int column, String reason) {
        super(file + ":" + line + ":" + column + ": " + reason);
        this.file = file;
        this.offset = offset;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** The file being read (as given to {@link CaptureReader#open(Path)}). */
    public Path file() {
        return file;
    }

    /** Byte offset of the fault from the start of the file (for text too). */
    public long offset() {
        return offset;
    }

    /** 1-based line of the fault in a hex-lines file; 0 for binary captures. */
    public int line() {
        return line;
    }

    /** 1-based column of the fault in a hex-lines file; 0 for binary captures. */
    public int column() {
        return column;
    }

    /** The reason alone, without the location prefix. */
    public String reason() {
        return reason;
    }
}
