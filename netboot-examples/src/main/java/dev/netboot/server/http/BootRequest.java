package dev.netboot.server.http;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link BootContentProvider} learns about a request: who asks for which file. The shape is
 * transport-neutral so that a TFTP server can hand the same record to the same provider (with
 * empty query and headers). Immutable.
 *
 * @param client the client's address and port
 * @param path the decoded path below the server's prefix, segments joined by {@code /}, without a
 *     leading slash, with empty and {@code .} segments removed (for
 *     {@code GET /tftpboot//ipxe/./boot.ipxe?mac=52:54:00:12:34:56} it is {@code ipxe/boot.ipxe});
 *     it has passed the same confinement checks as a file request (no {@code ..}, no NUL)
 * @param query the raw query after {@code ?} (not decoded), or the empty string
 * @param headers request header fields, names in lower case, the first value of each
 */
public record BootRequest(InetSocketAddress client, String path, String query, Map<String, String> headers) {
    /** Copies the headers. */
    public BootRequest {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        headers = Map.copyOf(headers);
    }

    /** The first value of header {@code name} (any case), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
