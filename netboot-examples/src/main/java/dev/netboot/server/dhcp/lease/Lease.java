package dev.netboot.server.dhcp.lease;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * One record of a {@link LeaseStore}: an address, the client it is (or was) bound to, and the
 * time span of that binding. Immutable and thread-safe.
 *
 * <p>A store holds at most one record per address and at most one non-declined record per
 * client. An address is <em>held</em> while its record is {@link State#ACTIVE} or
 * {@link State#DECLINED} and {@code now < end}; a held address is unavailable to every other
 * client (and a declined one to every client). Released and expired records are kept so that a
 * returning client can get its previous address back.
 *
 * @param address the IPv4 address, most significant octet first (compare unsigned)
 * @param client the client the address is bound to (for a declined record: the client that
 *     declined it)
 * @param hostname the host name the client sent (option 12), if any; 1 to 255 characters
 * @param start epoch milliseconds when the binding (or the declined period) started
 * @param end epoch milliseconds when it ends; {@link Long#MAX_VALUE} for an infinite lease
 * @param state what the record means
 */
public record Lease(int address, ClientKey client, Optional<String> hostname, long start, long end, State state) {
    /** Longest host name accepted (option 12 is at most 255 octets). */
    static final int MAX_HOSTNAME = 255;

    /** What a lease record means. */
    public enum State {
        /** Bound to the client until {@code end} (acknowledged). */
        ACTIVE,
        /** The client released it before {@code end}; the address is free. */
        RELEASED,
        /** Its time ran out; the address is free. */
        EXPIRED,
        /** A client reported the address in use by someone else; set aside until {@code end}. */
        DECLINED;

        final String text = name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Checks the record.
     *
     * @throws IllegalArgumentException when {@code end < start}, or the host name is empty or
     *     longer than 255 characters
     */
    public Lease {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(state, "state");
        if (end < start) {
            throw new IllegalArgumentException("lease end " + end + " before start " + start);
        }
        if (hostname.isPresent() && (hostname.get().isEmpty() || hostname.get().length() > MAX_HOSTNAME)) {
            throw new IllegalArgumentException("hostname length: " + hostname.get().length()
                    + " (expected: 1 to " + MAX_HOSTNAME + ")");
        }
    }

    /** Whether the address is unavailable to other clients at {@code now} (epoch ms). */
    public boolean isHeld(long now) {
        return (state == State.ACTIVE || state == State.DECLINED) && now < end;
    }

    /**
     * Whether {@code candidate} may be bound to this record's address at {@code now}: the
     * record is not held, or it is the candidate's own active binding.
     */
    public boolean isAvailableTo(ClientKey candidate, long now) {
        return !isHeld(now) || (state == State.ACTIVE && client.equals(candidate));
    }

    /** The same binding in another state, ending at {@code newEnd}. */
    Lease with(State newState, long newEnd) {
        return new Lease(address, client, hostname, start, Math.max(start, newEnd), newState);
    }

    /** The journal text of this record without its checksum. */
    @Override
    public String toString() {
        LineBuffer out = new LineBuffer(160);
        JournalCodec.appendBody(out, this);
        return new String(out.array(), 0, out.length(), StandardCharsets.UTF_8);
    }
}
