package dev.netboot.dhcp.option;

import java.util.List;

/**
 * One enterprise's block of option 124 (V-I vendor class, RFC 3925: opaque data items) or option
 * 125 (V-I vendor-specific information: sub-options). Immutable.
 *
 * @param enterpriseNumber the IANA enterprise number (unsigned 32-bit)
 * @param items            for 124, each data item as a sub-option with code 0 (the item has no
 *                         code on the wire); for 125, the sub-options
 */
public record VendorIdentifying(long enterpriseNumber, List<SubOption> items) {
    /** Validates and copies. */
    public VendorIdentifying {
        if (enterpriseNumber < 0 || enterpriseNumber > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("enterprise number " + enterpriseNumber + " (expected: 0-4294967295)");
        }
        items = List.copyOf(items);
    }
}
