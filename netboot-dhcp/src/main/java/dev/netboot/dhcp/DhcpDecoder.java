package dev.netboot.dhcp;

import dev.netboot.dhcp.option.OptionRegistry;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Objects;

/**
 * Decodes DHCP messages with a mode, limits and an option registry. Lenient decoding (for
 * servers) reports bad options through {@link DhcpMessage#problems()} and keeps the rest of the
 * packet; strict decoding raises the first problem as a {@link DhcpCodecException}. Immutable and
 * thread-safe; does not retain buffers.
 */
public final class DhcpDecoder {
    static final DhcpDecoder LENIENT = new DhcpDecoder(false, DhcpLimits.DEFAULT, OptionRegistry.standard());
    private static final DhcpDecoder STRICT = new DhcpDecoder(true, DhcpLimits.DEFAULT, OptionRegistry.standard());

    private final boolean strict;
    private final DhcpLimits limits;
    private final OptionRegistry registry;

    private DhcpDecoder(boolean strict, DhcpLimits limits, OptionRegistry registry) {
        this.strict = strict;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** A lenient decoder with default limits and the standard options. */
    public static DhcpDecoder lenient() {
        return LENIENT;
    }

    /** A strict decoder with default limits and the standard options. */
    public static DhcpDecoder strict() {
        return STRICT;
    }

    /** This decoder with other limits. */
    public DhcpDecoder withLimits(DhcpLimits limits) {
        return new DhcpDecoder(strict, limits, registry);
    }

    /** This decoder with another registry (site-defined options are then named and validated). */
    public DhcpDecoder withRegistry(OptionRegistry registry) {
        return new DhcpDecoder(strict, limits, registry);
    }

    /** True if this decoder raises on any problem. */
    public boolean isStrict() {
        return strict;
    }

    /**
     * Decodes the readable bytes of {@code buf} into a new view (the buffer is not retained and
     * its indices do not move).
     *
     * @throws DhcpCodecException if the header is incomplete, a limit is exceeded, or (strict) any problem
     */
    public DhcpMessage decode(ByteBuf buf) {
        DhcpMessage m = new DhcpMessage(16);
        decodeInto(m, buf);
        // a view that may be shared is listed before it is published: the only lazy write left is
        // problems(), which is safe under races (racy single-check of an immutable list)
        m.list();
        return m;
    }

    void decodeInto(DhcpMessage m, ByteBuf buf) {
        m.reset(buf, limits, registry);
        if (strict) {
            List<DhcpProblem> p = m.problems();
            if (!p.isEmpty()) {
                throw p.get(0).toException();
            }
        }
    }

    /** A reusable single-threaded reader that decodes into one view without allocating. */
    public DhcpMessageReader newReader() {
        return new DhcpMessageReader(this);
    }
}
