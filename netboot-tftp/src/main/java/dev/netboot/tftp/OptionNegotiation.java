package dev.netboot.tftp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * RFC 2347 option negotiation for both sides: {@link #negotiate} decides what a server
 * acknowledges; {@link #acceptOack} checks a server's OACK the way strict clients (UEFI, pxelinux)
 * do. Stateless and thread-safe.
 *
 * <p>Server rules: options are matched ignoring case and acknowledged with the client's spelling,
 * in the client's order; unknown, disallowed, malformed and repeated options are ignored (never
 * acknowledged, never an error); {@code blksize} (RFC 2348, 8 to 65464) and {@code windowsize}
 * (RFC 7440, 1 to 65535) are lowered to the policy's caps; {@code timeout} (RFC 2349, 1 to 255
 * seconds) is acknowledged unchanged or not at all; {@code tsize} (RFC 2349) is answered with the
 * file size for a read (omitted when unknown) and echoed for a write. The OACK therefore holds at
 * most four short options (under 80 bytes), whatever the request held: it can never outgrow a
 * small block or a 512-byte datagram.
 */
public final class OptionNegotiation {
    /** Smallest block size (RFC 2348). */
    public static final int MIN_BLOCK_SIZE = 8;
    /** Largest block size (RFC 2348). */
    public static final int MAX_BLOCK_SIZE = 65464;
    /** Block size without negotiation (RFC 1350). */
    public static final int DEFAULT_BLOCK_SIZE = 512;

    private OptionNegotiation() {}

    /**
     * The parameters a server grants for {@code request}.
     *
     * @param request the client's request
     * @param fileSize for a read request, the size of the file in bytes, or -1 when unknown (then
     *     tsize is not acknowledged); ignored for a write request
     * @param policy the server's caps and allowed options
     */
    public static TransferParameters negotiate(TftpPacket.Request request, long fileSize, TftpServerPolicy policy) {
        int blockSize = DEFAULT_BLOCK_SIZE;
        int windowSize = 1;
        int timeout = 0;
        long transferSize = request instanceof TftpPacket.ReadRequest ? fileSize : -1;
        List<TftpOption> ack = new ArrayList<>(4);
        Set<String> seen = new HashSet<>(4);
        for (TftpOption option : request.options().entries()) {
            String name = option.name().toLowerCase(Locale.ROOT);
            if (!seen.add(name) || !policy.allowedOptions().contains(name)) {
                continue;
            }
            switch (name) {
                case TftpOptions.BLKSIZE -> {
                    long v = Wire.parseUnsigned(option.value(), 9);
                    if (v >= MIN_BLOCK_SIZE) {
                        blockSize = (int) Math.min(v, policy.maxBlockSize());
                        ack.add(new TftpOption(option.name(), Integer.toString(blockSize)));
                    }
                }
                case TftpOptions.WINDOWSIZE -> {
                    long v = Wire.parseUnsigned(option.value(), 9);
                    if (v >= 1) {
                        windowSize = (int) Math.min(v, policy.maxWindowSize());
                        ack.add(new TftpOption(option.name(), Integer.toString(windowSize)));
                    }
                }
                case TftpOptions.TIMEOUT -> {
                    long v = Wire.parseUnsigned(option.value(), 9);
                    if (v >= 1 && v <= 255) {
                        timeout = (int) v;
                        ack.add(new TftpOption(option.name(), Integer.toString(timeout)));
                    }
                }
                case TftpOptions.TSIZE -> {
                    long v = Wire.parseUnsigned(option.value(), 18);
                    if (v < 0) {
                        break;
                    }
                    if (request instanceof TftpPacket.ReadRequest) {
                        if (fileSize >= 0) {
                            ack.add(new TftpOption(option.name(), Long.toString(fileSize)));
                        }
                    } else {
                        transferSize = v;
                        ack.add(new TftpOption(option.name(), Long.toString(v)));
                    }
                }
                default -> {
                    // an option allowed by policy but unknown to this negotiator: ignore (RFC 2347)
                }
            }
        }
        return new TransferParameters(blockSize, windowSize, timeout, transferSize, TftpOptions.of(ack));
    }

    /**
     * Checks a server's OACK against the client's request and returns what the transfer runs
     * with. Refused: an option the request did not hold, an option acknowledged twice, a blksize or
     * windowsize larger than asked (or out of range), a changed timeout, a write request's tsize
     * changed, a malformed number. An option the client asked for but this class does not know is
     * accepted as the server sent it.
     *
     * @throws TftpNegotiationException if the OACK must be refused (answer it with ERROR 8)
     */
    public static TransferParameters acceptOack(TftpPacket.Request request, TftpPacket.OptionAck oack) {
        TftpOptions asked = request.options();
        int blockSize = DEFAULT_BLOCK_SIZE;
        int windowSize = 1;
        int timeout = 0;
        long transferSize = -1;
        Set<String> seen = new HashSet<>(4);
        for (TftpOption option : oack.options().entries()) {
            String name = option.name().toLowerCase(Locale.ROOT);
            if (!seen.add(name)) {
                throw new TftpNegotiationException(option.name(), "acknowledged twice");
            }
            String requested = asked.value(name).orElseThrow(
                    () -> new TftpNegotiationException(option.name(), "acknowledged but not requested"));
            switch (name) {
                case TftpOptions.BLKSIZE -> {
                    long v = number(option, 9);
                    long max = Math.min(Wire.parseUnsigned(requested, 9), MAX_BLOCK_SIZE);
                    if (v < MIN_BLOCK_SIZE || v > max) {
                        throw new TftpNegotiationException(option.name(),
                                "granted " + v + " (expected: 8 to the requested " + max + ")");
                    }
                    blockSize = (int) v;
                }
                case TftpOptions.WINDOWSIZE -> {
                    long v = number(option, 9);
                    long max = Math.min(Wire.parseUnsigned(requested, 9), 65535);
                    if (v < 1 || v > max) {
                        throw new TftpNegotiationException(option.name(),
                                "granted " + v + " (expected: 1 to the requested " + max + ")");
                    }
                    windowSize = (int) v;
                }
                case TftpOptions.TIMEOUT -> {
                    long v = number(option, 9);
                    if (v != Wire.parseUnsigned(requested, 9) || v < 1 || v > 255) {
                        throw new TftpNegotiationException(option.name(),
                                "changed to " + option.value() + " (expected: the requested " + requested + ")");
                    }
                    timeout = (int) v;
                }
                case TftpOptions.TSIZE -> {
                    long v = number(option, 18);
                    if (request instanceof TftpPacket.WriteRequest && v != Wire.parseUnsigned(requested, 18)) {
                        throw new TftpNegotiationException(option.name(),
                                "changed to " + option.value() + " (expected: the requested " + requested + ")");
                    }
                    transferSize = v;
                }
                default -> {
                    // requested by the caller, unknown here: accept as granted
                }
            }
        }
        return new TransferParameters(blockSize, windowSize, timeout, transferSize, oack.options());
    }

    private static long number(TftpOption option, int maxDigits) {
        long v = Wire.parseUnsigned(option.value(), maxDigits);
        if (v < 0) {
            throw new TftpNegotiationException(option.name(), "value '" + option.value() + "' is not a number");
        }
        return v;
    }
}
