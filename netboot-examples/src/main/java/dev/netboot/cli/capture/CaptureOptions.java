package dev.netboot.cli.capture;

import io.netty.buffer.ByteBufAllocator;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a {@link CaptureReader} reads: which datagrams to deliver, where notes go, where payload
 * buffers come from, and the limits that bound memory per record. Immutable; start from
 * {@link #defaults()} and change what you need with the {@code with*} methods.
 *
 * @param filter         which UDP datagrams of a capture to deliver (hex-lines input ignores it)
 * @param notes          receives what was skipped or delivered partly (see {@link CaptureNote})
 * @param allocator      allocates frame buffers; payloads are slices of them
 * @param maxRecordBytes largest packet record or pcapng block read into memory
 *                       (default {@value #DEFAULT_MAX_RECORD_BYTES}, libpcap's largest snapshot length)
 * @param maxLineLength  longest hex-lines line in characters (default {@value #DEFAULT_MAX_LINE_LENGTH},
 *                       room for a 65,535-byte payload written "xx:" per byte)
 */
public record CaptureOptions(
        UdpPortFilter filter,
        Consumer<CaptureNote> notes,
        ByteBufAllocator allocator,
        int maxRecordBytes,
        int maxLineLength) {

    /** Default {@link #maxRecordBytes()}: 262,144 bytes. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 262_144;
    /** Default {@link #maxLineLength()}: 262,144 characters. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 262_144;

    public CaptureOptions {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(allocator, "allocator");
        if (maxRecordBytes < 64) {
            throw new IllegalArgumentException("maxRecordBytes: " + maxRecordBytes + " (expected: >= 64)");
        }
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength: " + maxLineLength + " (expected: >= 1)");
        }
    }

    /** Every UDP datagram, notes dropped, {@link ByteBufAllocator#DEFAULT}, default limits. */
    public static CaptureOptions defaults() {
        return new CaptureOptions(UdpPortFilter.any(), note -> { }, ByteBufAllocator.DEFAULT,
                DEFAULT_MAX_RECORD_BYTES, DEFAULT_MAX_LINE_LENGTH);
    }

    /** These options with another datagram filter. */
    public CaptureOptions withFilter(UdpPortFilter filter) {
        return new CaptureOptions(filter, notes, allocator, maxRecordBytes, maxLineLength);
    }

    /** These options with another receiver of notes. */
    public CaptureOptions withNotes(Consumer<CaptureNote> notes) {
        return new CaptureOptions(filter, notes, allocator, maxRecordBytes, maxLineLength);
    }

    /** These options with another buffer allocator. */
    public CaptureOptions withAllocator(ByteBufAllocator allocator) {
        return new CaptureOptions(filter, notes, allocator, maxRecordBytes, maxLineLength);
    }

    /** These options with another limit on record (and pcapng block) size. */
    public CaptureOptions withMaxRecordBytes(int maxRecordBytes) {
        return new CaptureOptions(filter, notes, allocator, maxRecordBytes, maxLineLength);
    }

    /** These options with another limit on hex-lines line length. */
    public CaptureOptions withMaxLineLength(int maxLineLength) {
        return new CaptureOptions(filter, notes, allocator, maxRecordBytes, maxLineLength);
    }
}
