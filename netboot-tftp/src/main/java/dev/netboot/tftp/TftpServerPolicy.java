package dev.netboot.tftp;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a server grants in option negotiation and how its transfers retransmit: caps on the block
 * and window sizes, the options it acknowledges at all (others are ignored as unknown, RFC 2347),
 * and the retransmission policy. Immutable and thread-safe.
 *
 * @param maxBlockSize largest block size granted, 8 to 65464 (a larger request is lowered to it)
 * @param maxWindowSize largest window granted, 1 to 65535 (a larger request is lowered to it)
 * @param allowedOptions lower-case names of the options the server may acknowledge
 * @param retransmit retransmission policy of the server's transfers
 */
public record TftpServerPolicy(int maxBlockSize, int maxWindowSize, Set<String> allowedOptions,
        RetransmitPolicy retransmit) {
    /** The options netboot understands: blksize, timeout, tsize, windowsize. */
    public static final Set<String> ALL_OPTIONS = Set.of(
            TftpOptions.BLKSIZE, TftpOptions.TIMEOUT, TftpOptions.TSIZE, TftpOptions.WINDOWSIZE);

    /** Block sizes up to 65464, windows up to 64, all options, {@link RetransmitPolicy#DEFAULT}. */
    public static final TftpServerPolicy DEFAULT =
            new TftpServerPolicy(OptionNegotiation.MAX_BLOCK_SIZE, 64, ALL_OPTIONS, RetransmitPolicy.DEFAULT);

    /** Validates the caps and normalizes option names to lower case. */
    public TftpServerPolicy {
        if (maxBlockSize < OptionNegotiation.MIN_BLOCK_SIZE || maxBlockSize > OptionNegotiation.MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("maxBlockSize: " + maxBlockSize + " (expected: 8 to 65464)");
        }
        if (maxWindowSize < 1 || maxWindowSize > 65535) {
            throw new IllegalArgumentException("maxWindowSize: " + maxWindowSize + " (expected: 1 to 65535)");
        }
        allowedOptions = allowedOptions.stream().map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        Objects.requireNonNull(retransmit, "retransmit");
    }

    /** This policy with another block size cap. */
    public TftpServerPolicy withMaxBlockSize(int size) {
        return new TftpServerPolicy(size, maxWindowSize, allowedOptions, retransmit);
    }

    /** This policy with another window cap. */
    public TftpServerPolicy withMaxWindowSize(int size) {
        return new TftpServerPolicy(maxBlockSize, size, allowedOptions, retransmit);
    }

    /** This policy acknowledging only the named options. */
    public TftpServerPolicy withAllowedOptions(Set<String> options) {
        return new TftpServerPolicy(maxBlockSize, maxWindowSize, options, retransmit);
    }

    /** This policy with another retransmission policy. */
    public TftpServerPolicy withRetransmit(RetransmitPolicy policy) {
        return new TftpServerPolicy(maxBlockSize, maxWindowSize, allowedOptions, policy);
    }
}
