package dev.netboot.server.http;

import java.util.Optional;

/**
 * Dynamic content consulted before the file system: for example an iPXE script generated per
 * client, or a file kept in memory. Return {@link Optional#empty()} to let the request fall
 * through to the root directory.
 *
 * <pre>{@code
 * BootContentProvider scripts = request -> request.path().equals("boot.ipxe")
 *         ? Optional.of(BootContent.text("#!ipxe\nchain http://192.168.2.14/tftpboot/"
 *                 + hostFor(request.client()) + ".ipxe\n"))
 *         : Optional.empty();
 * }</pre>
 *
 * <p>Called on a server I/O thread, once per request that passed the allow-list and the path
 * checks, possibly from several threads at once: implementations must be thread-safe, quick and
 * must not block on the network. A provider that throws gets the client a 500 and a log line;
 * the server goes on.
 */
@FunctionalInterface
public interface BootContentProvider {
    /** The provider that never answers: every request goes to the file system. */
    BootContentProvider NONE = request -> Optional.empty();

    /** Content for {@code request}, or empty to serve the file at {@link BootRequest#path()}. */
    Optional<BootContent> lookup(BootRequest request);
}
