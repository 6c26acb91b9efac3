package dev.netboot.rules.isc;

/**
 * One named option known to the dhcpd.conf reader: its option space ({@code dhcp} for the standard
 * options), ISC name, code and ISC type as written in {@code option NAME code N = TYPE;}.
 * Immutable and thread-safe.
 *
 * @param space the option space, {@code dhcp} for DHCPv4 options
 * @param name the ISC name, e.g. {@code domain-name-servers}
 * @param code the option code within its space
 * @param type the ISC type, e.g. {@code array of ip-address}
 */
public record IscOption(String space, String name, int code, String type) {
    /** {@code name (code N, TYPE)}. */
    @Override
    public String toString() {
        return ("dhcp".equals(space) ? name : space + "." + name) + " (code " + code + ", " + type + ")";
    }
}
