package dev.netboot.server.dhcp.lease;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The addresses a DHCP server may hand out dynamically in one subnet: one or more ranges, minus
 * excluded addresses (static reservations, the server's own address). Immutable and
 * thread-safe; equal when ranges and exclusions are equal.
 *
 * <pre>{@code
 * AddressPool pool = AddressPool.builder()
 *         .range("192.168.2.200", "192.168.2.249")
 *         .exclude("192.168.2.210")
 *         .build();
 * }</pre>
 */
public final class AddressPool {
    /** Range starts, sorted unsigned; ranges do not overlap. */
    private final int[] firsts;
    private final int[] lasts;
    /** Index of the first address of each range in the pool's address sequence. */
    private final long[] offsets;
    /** Excluded addresses inside some range, sorted unsigned (stored as unsigned longs). */
    private final long[] excluded;
    private final long span;
    private final int hash;

    private AddressPool(int[] firsts, int[] lasts, long[] excluded) {
        this.firsts = firsts;
        this.lasts = lasts;
        this.excluded = excluded;
        this.offsets = new long[firsts.length];
        long total = 0;
        for (int i = 0; i < firsts.length; i++) {
            offsets[i] = total;
            total += Integer.toUnsignedLong(lasts[i]) - Integer.toUnsignedLong(firsts[i]) + 1;
        }
        this.span = total;
        this.hash = (Arrays.hashCode(firsts) * 31 + Arrays.hashCode(lasts)) * 31 + Arrays.hashCode(excluded);
    }

    /** A builder for a pool. */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects ranges and exclusions; not thread-safe. */
    public static final class Builder {
        private final List<long[]> ranges = new ArrayList<>();
        private final TreeSet<Long> excluded = new TreeSet<>();

        private Builder() {}

        /**
         * Adds the addresses from {@code first} to {@code last}, inclusive.
         *
         * @throws IllegalArgumentException when {@code last} is below {@code first} (unsigned)
         */
        public Builder range(int first, int last) {
            if (Ipv4.compare(first, last) > 0) {
                throw new IllegalArgumentException("range " + Ipv4.format(first) + "-" + Ipv4.format(last)
                        + ": end before start");
            }
            ranges.add(new long[] {Integer.toUnsignedLong(first), Integer.toUnsignedLong(last)});
            return this;
        }

        /** Adds a range given as dotted quads, e.g. {@code range("192.168.2.200", "192.168.2.249")}. */
        public Builder range(String first, String last) {
            return range(Ipv4.parse(first), Ipv4.parse(last));
        }

        /** Never hands out {@code address} (a static reservation, a router, the server itself). */
        public Builder exclude(int address) {
            excluded.add(Integer.toUnsignedLong(address));
            return this;
        }

        /** Excludes an address given as a dotted quad. */
        public Builder exclude(String address) {
            return exclude(Ipv4.parse(address));
        }

        /**
         * Builds the pool.
         *
         * @throws IllegalArgumentException when two ranges overlap (naming both)
         */
        public AddressPool build() {
            List<long[]> sorted = new ArrayList<>(ranges);
            sorted.sort((a, b) -> Long.compare(a[0], b[0]));
            for (int i = 1; i < sorted.size(); i++) {
                if (sorted.get(i)[0] <= sorted.get(i - 1)[1]) {
                    throw new IllegalArgumentException("ranges overlap: " + text(sorted.get(i - 1)) + " and "
                            + text(sorted.get(i)));
                }
            }
            int[] firsts = new int[sorted.size()];
            int[] lasts = new int[sorted.size()];
            for (int i = 0; i < sorted.size(); i++) {
                firsts[i] = (int) sorted.get(i)[0];
                lasts[i] = (int) sorted.get(i)[1];
            }
            long[] inside = excluded.stream().mapToLong(Long::longValue)
                    .filter(a -> rangeOf(firsts, lasts, (int) a) >= 0).toArray();
            return new AddressPool(firsts, lasts, inside);
        }

        private static String text(long[] range) {
            return Ipv4.format((int) range[0]) + "-" + Ipv4.format((int) range[1]);
        }
    }

    private static int rangeOf(int[] firsts, int[] lasts, int address) {
        int lo = 0;
        int hi = firsts.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Ipv4.compare(address, firsts[mid]) < 0) {
                hi = mid - 1;
            } else if (Ipv4.compare(address, lasts[mid]) > 0) {
                lo = mid + 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Whether the pool may hand out {@code address}: inside a range and not excluded. */
    public boolean contains(int address) {
        return rangeOf(firsts, lasts, address) >= 0 && !isExcluded(address);
    }

    /** Number of addresses the pool may hand out. */
    public long size() {
        return span - excluded.length;
    }

    /** Addresses in all ranges, exclusions included: the length of the sequence {@link #at} walks. */
    long span() {
        return span;
    }

    /** The {@code index}-th address of the ranges in order, {@code 0 <= index < span()}. */
    int at(long index) {
        int lo = 0;
        int hi = offsets.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (offsets[mid] <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return (int) (firsts[lo] + (index - offsets[lo]));
    }

    boolean isExcluded(int address) {
        return excluded.length > 0 && Arrays.binarySearch(excluded, Integer.toUnsignedLong(address)) >= 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressPool && Arrays.equals(firsts, ((AddressPool) o).firsts)
                && Arrays.equals(lasts, ((AddressPool) o).lasts) && Arrays.equals(excluded, ((AddressPool) o).excluded);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** E.g. {@code 192.168.2.200-192.168.2.249 excluding 192.168.2.210}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < firsts.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(Ipv4.format(firsts[i])).append('-').append(Ipv4.format(lasts[i]));
        }
        for (int i = 0; i < excluded.length; i++) {
            sb.append(i == 0 ? " excluding " : ", ").append(Ipv4.format((int) excluded[i]));
        }
        return sb.toString();
    }
}
