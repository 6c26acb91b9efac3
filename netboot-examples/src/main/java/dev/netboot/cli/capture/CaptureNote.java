package dev.netboot.cli.capture;

import java.nio.file.Path;

/**
 * Something a {@link CaptureReader} skipped or could only partly deliver without the file being
 * malformed: an IPv4 fragment after the first, a packet cut short by the capture's snapshot
 * length, a malformed IPv4 or UDP header, an interface with an unsupported link type.
 *
 * <p>Immutable; {@code offset} is the byte offset of the record in the file.
 */
public record CaptureNote(Path file, long offset, String message) {
    @Override
    public String toString() {
        return file + ": offset " + offset + ": " + message;
    }
}
