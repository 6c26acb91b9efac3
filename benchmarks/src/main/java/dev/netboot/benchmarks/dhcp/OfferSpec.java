package dev.netboot.benchmarks.dhcp;

import dev.netboot.dhcp.Ipv4;
import java.nio.charset.StandardCharsets;

/**
 * The DHCPOFFER every encode benchmark writes: what the reference configuration
 * ({@code docs/reference/etc/dhcp/dhcpd.conf}) gives a BIOS PXE client that lands in the else
 * branch. Addresses are big-endian ints; each option value is also pre-encoded in {@link #codes()}
 * / {@link #values()} (wire order, option 53 excluded), which is how a server that compiled its
 * configuration once would hold them.
 *
 * <p>Two values are not in dhcpd.conf and are assumptions: the server identifier (54) is
 * 192.168.2.14, the next-server, and {@code ntp.home.kraxel.org} resolves to 192.168.2.10, the DNS
 * server. Renewal (58) and rebinding (59) are ISC's defaults for a one-day lease (1/2 and 7/8).
 *
 * <p>Immutable by convention: the arrays are shared and must not be modified.
 */
public record OfferSpec(int xid, int flags, byte[] chaddr, int yiaddr, int siaddr, String file,
                        int serverId, int leaseTime, int renewalTime, int rebindingTime, int subnetMask,
                        int router, String domainName, int dnsServer, int ntpServer,
                        int[] codes, byte[][] values) {

    /** Option codes, in the order they are written. */
    public static final int SERVER_ID = 54;
    public static final int LEASE_TIME = 51;
    public static final int RENEWAL_TIME = 58;
    public static final int REBINDING_TIME = 59;
    public static final int SUBNET_MASK = 1;
    public static final int ROUTERS = 3;
    public static final int DOMAIN_NAME = 15;
    public static final int DNS_SERVERS = 6;
    public static final int NTP_SERVERS = 42;

    /** The reference OFFER. */
    public static final OfferSpec REFERENCE = reference();

    private static OfferSpec reference() {
        int serverId = Ipv4.parse("192.168.2.14");
        int mask = Ipv4.parse("255.255.255.0");
        int router = Ipv4.parse("192.168.2.1");
        int dns = Ipv4.parse("192.168.2.10");
        int ntp = Ipv4.parse("192.168.2.10");
        String domain = "home.kraxel.org";
        int[] codes = {SERVER_ID, LEASE_TIME, RENEWAL_TIME, REBINDING_TIME, SUBNET_MASK, ROUTERS, DOMAIN_NAME,
            DNS_SERVERS, NTP_SERVERS};
        byte[][] values = {be(serverId), be(86400), be(43200), be(75600), be(mask), be(router),
            domain.getBytes(StandardCharsets.US_ASCII), be(dns), be(ntp)};
        return new OfferSpec(0x3903f326, 0, new byte[] {0x52, 0x54, 0x00, 0x12, 0x34, 0x56},
                Ipv4.parse("192.168.2.200"), Ipv4.parse("192.168.2.14"), "gpxe-undionly.kpxe",
                serverId, 86400, 43200, 75600, mask, router, domain, dns, ntp, codes, values);
    }

    /** {@code v} as four big-endian bytes. */
    public static byte[] be(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    /** The pre-encoded value of option {@code code}. */
    public byte[] value(int code) {
        for (int i = 0; i < codes.length; i++) {
            if (codes[i] == code) {
                return values[i];
            }
        }
        throw new IllegalArgumentException("the OFFER has no option " + code);
    }
}
