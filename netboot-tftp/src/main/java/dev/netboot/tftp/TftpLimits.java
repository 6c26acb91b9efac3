package dev.netboot.tftp;

/**
 * Limits the decoder enforces on requests and OACKs, so that hostile packets (over-long names,
 * thousands of options) are refused with a {@link TftpCodecException} that names the limit. Pass
 * your own to {@link TftpCodec#decode(io.netty.buffer.ByteBuf, TftpLimits)} to change one.
 * Immutable and thread-safe.
 *
 * @param maxFilenameLength longest file name in bytes
 * @param maxOptionNameLength longest option name in bytes
 * @param maxOptionValueLength longest option value in bytes
 * @param maxOptions most options in one request or OACK
 */
public record TftpLimits(int maxFilenameLength, int maxOptionNameLength, int maxOptionValueLength, int maxOptions) {
    /**
     * 1024-byte file names, 64-byte option names, 255-byte option values, 32 options: far above any
     * boot ROM (the longest known option name, {@code windowsize}, has 10 bytes).
     */
    public static final TftpLimits DEFAULT = new TftpLimits(1024, 64, 255, 32);

    /** Validates that every limit is positive. */
    public TftpLimits {
        if (maxFilenameLength < 1 || maxOptionNameLength < 1 || maxOptionValueLength < 0 || maxOptions < 0) {
            throw new IllegalArgumentException("limits must be positive: " + maxFilenameLength + ", "
                    + maxOptionNameLength + ", " + maxOptionValueLength + ", " + maxOptions);
        }
    }
}
