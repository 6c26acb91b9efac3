package dev.netboot.server.dhcp;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A snapshot of a DHCP server's counters. Immutable.
 *
 * @param received messages received (every datagram, good or bad)
 * @param offered DHCPOFFERs sent
 * @param acked DHCPACKs sent for REQUESTs (addresses bound or renewed)
 * @param informed DHCPACKs sent for DHCPINFORMs (and proxyDHCP ACKs)
 * @param naked DHCPNAKs sent
 * @param released DHCPRELEASEs that ended a lease of their sender
 * @param declined DHCPDECLINEs acted on (of an address offered or leased to their sender)
 * @param dropped messages dropped, by reason (every reason present, zero included)
 */
public record DhcpCounters(long received, long offered, long acked, long informed, long naked, long released,
        long declined, Map<DropReason, Long> dropped) {
    /** Copies the map. */
    public DhcpCounters {
        dropped = Collections.unmodifiableMap(new EnumMap<>(dropped));
    }

    /** Messages dropped for any reason. */
    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One line for logs. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("received=").append(received).append(" offered=").append(offered).append(" acked=").append(acked)
                .append(" informed=").append(informed).append(" naked=").append(naked).append(" released=")
                .append(released).append(" declined=").append(declined).append(" dropped=").append(droppedTotal());
        dropped.forEach((r, n) -> {
            if (n > 0) {
                sb.append(' ').append(r.name().toLowerCase(java.util.Locale.ROOT)).append('=').append(n);
            }
        });
        return sb.toString();
    }

    /** The live counters behind the snapshots; thread-safe. */
    static final class Live {
        final LongAdder received = new LongAdder();
        final LongAdder offered = new LongAdder();
        final LongAdder acked = new LongAdder();
        final LongAdder informed = new LongAdder();
        final LongAdder naked = new LongAdder();
        final LongAdder released = new LongAdder();
        final LongAdder declined = new LongAdder();
        final EnumMap<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

        Live() {
            for (DropReason r : DropReason.values()) {
                dropped.put(r, new LongAdder());
            }
        }

        void drop(DropReason reason) {
            dropped.get(reason).increment();
        }

        DhcpCounters snapshot() {
            EnumMap<DropReason, Long> d = new EnumMap<>(DropReason.class);
            dropped.forEach((r, n) -> d.put(r, n.sum()));
            return new DhcpCounters(received.sum(), offered.sum(), acked.sum(), informed.sum(), naked.sum(),
                    released.sum(), declined.sum(), d);
        }
    }
}
