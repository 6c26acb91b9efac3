package dev.netboot.rules;

import dev.netboot.dhcp.Ipv4;

/**
 * A {@code range} of dynamic addresses, inclusive. Immutable and thread-safe.
 *
 * @param first first address (IPv4 as a big-endian int)
 * @param last last address, not below {@code first} (unsigned)
 * @param dynamicBootp true for {@code range dynamic-bootp}
 * @param origin where the range is written
 */
public record AddressRange(int first, int last, boolean dynamicBootp, Origin origin) {
    /** Validates. */
    public AddressRange {
        if (Integer.compareUnsigned(first, last) > 0) {
            throw new IllegalArgumentException("range start " + Ipv4.format(first) + " is after its end "
                    + Ipv4.format(last));
        }
    }

    /** True if {@code address} is inside the range. */
    public boolean contains(int address) {
        return Integer.compareUnsigned(address, first) >= 0 && Integer.compareUnsigned(address, last) <= 0;
    }

    /** {@code 192.168.2.200 - 192.168.2.249}. */
    @Override
    public String toString() {
        return Ipv4.format(first) + " - " + Ipv4.format(last);
    }
}
