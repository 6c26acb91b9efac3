package dev.netboot.dhcp.option;

/**
 * Option 81, client FQDN (RFC 4702): flags, two deprecated RCODE bytes and a domain name, which
 * is in DNS wire format when the E flag (0x04) is set and ASCII otherwise. Immutable.
 *
 * @param flags      the flags byte (S=0x01, O=0x02, E=0x04, N=0x08)
 * @param rcode1     deprecated, usually 0 (255 from a server)
 * @param rcode2     deprecated, usually 0
 * @param domainName the name as dotted text; a partial name ends without a dot
 */
public record ClientFqdn(int flags, int rcode1, int rcode2, String domainName) {
    public static final int FLAG_S = 0x01;
    public static final int FLAG_O = 0x02;
    public static final int FLAG_E = 0x04;
    public static final int FLAG_N = 0x08;

    /** True if the name is carried in DNS wire format (E flag). */
    public boolean canonicalEncoding() {
        return (flags & FLAG_E) != 0;
    }
}
