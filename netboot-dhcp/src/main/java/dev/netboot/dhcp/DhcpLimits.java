package dev.netboot.dhcp;

/**
 * Limits the decoder enforces, as immutable configuration with named defaults. A message that
 * exceeds one is rejected with a {@link DhcpCodecException} naming the limit and how to raise it.
 *
 * @param maxMessageSize largest accepted message in bytes (default {@value #DEFAULT_MAX_MESSAGE_SIZE}, at most
 *                       {@value #MAX_MESSAGE_SIZE})
 * @param maxOptions     most options (pads excluded) indexed in one message (default {@value #DEFAULT_MAX_OPTIONS})
 */
public record DhcpLimits(int maxMessageSize, int maxOptions) {
    /** Largest UDP payload over IPv4. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 65507;
    /**
     * The largest maximum message size accepted: the view stores option offsets in 16 bits (and a
     * UDP datagram over IPv4 carries at most 65507 bytes of payload anyway).
     */
    public static final int MAX_MESSAGE_SIZE = 65535;
    /** Generous: a 1500-byte message holds at most ~630 non-pad options. */
    public static final int DEFAULT_MAX_OPTIONS = 1024;
    /** The defaults. */
    public static final DhcpLimits DEFAULT = new DhcpLimits(DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_OPTIONS);

    /** Validates the limits. */
    public DhcpLimits {
        if (maxMessageSize < DhcpMessage.BOOTP_HEADER_LENGTH) {
            throw new IllegalArgumentException("maxMessageSize " + maxMessageSize + " < " + DhcpMessage.BOOTP_HEADER_LENGTH);
        }
        if (maxMessageSize > MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("maxMessageSize " + maxMessageSize + " (expected: at most "
                    + MAX_MESSAGE_SIZE + ", the maximum; option offsets are 16-bit)");
        }
        if (maxOptions < 1 || maxOptions > Short.MAX_VALUE) {
            throw new IllegalArgumentException("maxOptions " + maxOptions + " (expected: 1-" + Short.MAX_VALUE + ")");
        }
    }

    /**
     * These limits with another maximum message size.
     *
     * @throws IllegalArgumentException if {@code bytes} is below 236 or above {@value #MAX_MESSAGE_SIZE}
     */
    public DhcpLimits withMaxMessageSize(int bytes) {
        return new DhcpLimits(bytes, maxOptions);
    }

    /** These limits with another maximum option count. */
    public DhcpLimits withMaxOptions(int count) {
        return new DhcpLimits(maxMessageSize, count);
    }
}
