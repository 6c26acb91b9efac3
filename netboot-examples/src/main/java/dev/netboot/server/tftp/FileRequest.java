package dev.netboot.server.tftp;

import dev.netboot.tftp.TftpOptions;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A read request as {@link DynamicFiles} sees it. Immutable and thread-safe.
 *
 * @param client the client's address and port
 * @param path the normalized path inside the root: '/'-separated, no leading '/', no "." or ".."
 *     segments, backslashes already mapped when the server maps them (e.g. {@code pxelinux.cfg/01-52-54-00-12-34-56})
 * @param filename the file name exactly as the client sent it (trailing NUL/0xFF bytes removed)
 * @param options the request's options, as sent
 */
public record FileRequest(InetSocketAddress client, String path, String filename, TftpOptions options) {
    /** Validates that every field is present. */
    public FileRequest {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(options, "options");
    }
}
