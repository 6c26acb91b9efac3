package dev.netboot.tftp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a client asks for and how it retransmits. A zero block size, window size or timeout means
 * "do not ask" (RFC 1350 defaults apply unless the server acknowledges otherwise). Immutable and
 * thread-safe.
 *
 * @param mode transfer mode
 * @param blockSize blksize to ask for, 8 to 65464, or 0
 * @param windowSize windowsize to ask for, 1 to 65535, or 0
 * @param timeoutSeconds timeout to ask for, 1 to 255, or 0
 * @param transferSize whether to send tsize (0 for a get, the file size for a put)
 * @param retransmit retransmission policy (a negotiated timeout replaces its first timeout)
 */
public record TftpClientConfig(TransferMode mode, int blockSize, int windowSize, int timeoutSeconds,
        boolean transferSize, RetransmitPolicy retransmit) {
    /** Octet mode, no options, {@link RetransmitPolicy#DEFAULT}. */
    public static final TftpClientConfig DEFAULT =
            new TftpClientConfig(TransferMode.OCTET, 0, 0, 0, false, RetransmitPolicy.DEFAULT);

    /** Validates the ranges. */
    public TftpClientConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(retransmit, "retransmit");
        if (blockSize != 0 && (blockSize < OptionNegotiation.MIN_BLOCK_SIZE || blockSize > OptionNegotiation.MAX_BLOCK_SIZE)) {
            throw new IllegalArgumentException("blockSize: " + blockSize + " (expected: 0, or 8 to 65464)");
        }
        if (windowSize < 0 || windowSize > 65535) {
            throw new IllegalArgumentException("windowSize: " + windowSize + " (expected: 0 to 65535)");
        }
        if (timeoutSeconds < 0 || timeoutSeconds > 255) {
            throw new IllegalArgumentException("timeoutSeconds: " + timeoutSeconds + " (expected: 0 to 255)");
        }
    }

    /** This configuration with another mode. */
    public TftpClientConfig withMode(TransferMode m) {
        return new TftpClientConfig(m, blockSize, windowSize, timeoutSeconds, transferSize, retransmit);
    }

    /** This configuration asking for another block size (0: do not ask). */
    public TftpClientConfig withBlockSize(int size) {
        return new TftpClientConfig(mode, size, windowSize, timeoutSeconds, transferSize, retransmit);
    }

    /** This configuration asking for another window size (0: do not ask). */
    public TftpClientConfig withWindowSize(int size) {
        return new TftpClientConfig(mode, blockSize, size, timeoutSeconds, transferSize, retransmit);
    }

    /** This configuration asking for another timeout in seconds (0: do not ask). */
    public TftpClientConfig withTimeoutSeconds(int seconds) {
        return new TftpClientConfig(mode, blockSize, windowSize, seconds, transferSize, retransmit);
    }

    /** This configuration sending tsize or not. */
    public TftpClientConfig withTransferSize(boolean send) {
        return new TftpClientConfig(mode, blockSize, windowSize, timeoutSeconds, send, retransmit);
    }

    /** This configuration with another retransmission policy. */
    public TftpClientConfig withRetransmit(RetransmitPolicy policy) {
        return new TftpClientConfig(mode, blockSize, windowSize, timeoutSeconds, transferSize, policy);
    }

    /** The options of a request; {@code size} is the tsize value (0 for a get). */
    TftpOptions requestOptions(long size) {
        List<TftpOption> list = new ArrayList<>(4);
        if (blockSize > 0) {
            list.add(new TftpOption(TftpOptions.BLKSIZE, Integer.toString(blockSize)));
        }
        if (transferSize && size >= 0) {
            list.add(new TftpOption(TftpOptions.TSIZE, Long.toString(size)));
        }
        if (timeoutSeconds > 0) {
            list.add(new TftpOption(TftpOptions.TIMEOUT, Integer.toString(timeoutSeconds)));
        }
        if (windowSize > 0) {
            list.add(new TftpOption(TftpOptions.WINDOWSIZE, Integer.toString(windowSize)));
        }
        return TftpOptions.of(list);
    }
}
