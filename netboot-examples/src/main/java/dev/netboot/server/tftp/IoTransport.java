package dev.netboot.server.tftp;

/**
 * Which Netty datagram transport a TFTP server or client uses. The native epoll transport (Linux)
 * reads many datagrams per system call (recvmmsg) and can send a whole window of DATA packets as one
 * UDP segmentation offload (GSO) write; NIO is the portable fallback. Immutable and thread-safe.
 */
public enum IoTransport {
    /** Epoll where it is available, NIO elsewhere. */
    AUTO,
    /** Epoll; starting fails where it is not available. */
    EPOLL,
    /** Java NIO, even where epoll is available. */
    NIO,
}
