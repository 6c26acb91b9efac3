package dev.netboot.tftp;

import java.util.Objects;

/**
 * What a transfer runs with after option negotiation: the block and window sizes, the negotiated
 * timeout, the transfer size if known, and the options the server acknowledged (empty: no OACK,
 * RFC 1350 behaviour). Immutable and thread-safe.
 *
 * @param blockSize data bytes per DATA packet, 8 to 65464 (512 unless negotiated)
 * @param windowSize DATA packets per ACK, 1 to 65535 (1 unless negotiated)
 * @param timeoutSeconds negotiated retransmission timeout in seconds, or 0 when none was
 * @param transferSize the file size in bytes from tsize, or -1 when unknown
 * @param acknowledged the options of the OACK, in the order of the request
 */
public record TransferParameters(int blockSize, int windowSize, int timeoutSeconds, long transferSize,
        TftpOptions acknowledged) {
    /** RFC 1350 defaults: 512-byte blocks, lock-step, no negotiated timeout, size unknown, no OACK. */
    public static final TransferParameters DEFAULT = new TransferParameters(512, 1, 0, -1, TftpOptions.empty());

    /** Validates the ranges. */
    public TransferParameters {
        if (blockSize < OptionNegotiation.MIN_BLOCK_SIZE || blockSize > OptionNegotiation.MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("blockSize: " + blockSize + " (expected: 8 to 65464)");
        }
        if (windowSize < 1 || windowSize > 65535) {
            throw new IllegalArgumentException("windowSize: " + windowSize + " (expected: 1 to 65535)");
        }
        if (timeoutSeconds < 0 || timeoutSeconds > 255) {
            throw new IllegalArgumentException("timeoutSeconds: " + timeoutSeconds + " (expected: 0 to 255)");
        }
        Objects.requireNonNull(acknowledged, "acknowledged");
    }
}
