package dev.netboot.server.tftp;

import io.netty.buffer.ByteBuf;
import java.util.Optional;

/**
 * Generated files: an embedding application answers a read request with content it makes up (a
 * per-MAC boot menu, an iPXE script naming the client) instead of a file from the root. Consulted
 * before the file system, for read requests whose name passed the server's safety checks.
 *
 * <p>Called on a server event loop thread, possibly on several at once: implementations must be
 * thread-safe and fast (no blocking I/O). Return {@link Optional#empty()} to let the file system
 * answer. The server takes ownership of a returned buffer (one reference, released when the transfer
 * ends) and serves its readable bytes. To refuse the request, throw
 * {@link dev.netboot.tftp.TftpAbortException} with the ERROR code to send (for example
 * {@link dev.netboot.tftp.TftpErrorCode#FILE_NOT_FOUND}); any other exception is logged and answered
 * with ERROR 0.
 *
 * <pre>{@code
 * DynamicFiles menus = request -> request.path().startsWith("pxelinux.cfg/01-")
 *         ? Optional.of(Unpooled.copiedBuffer(menuFor(request.path().substring(16)), US_ASCII))
 *         : Optional.empty();
 * }</pre>
 */
@FunctionalInterface
public interface DynamicFiles {
    /** Serves nothing: every request goes to the file system. */
    DynamicFiles NONE = request -> Optional.empty();

    /** The content to serve for {@code request}, or empty to fall through to the file system. */
    Optional<ByteBuf> content(FileRequest request);
}
