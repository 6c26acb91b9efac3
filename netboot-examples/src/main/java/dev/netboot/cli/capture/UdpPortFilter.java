package dev.netboot.cli.capture;

import java.util.BitSet;

/**
 * Chooses which UDP datagrams of a capture a {@link CaptureReader} delivers, by port, before any
 * payload buffer is made. Implementations must be stateless or thread-safe; the ones made here
 * are immutable.
 */
@FunctionalInterface
public interface UdpPortFilter {
    /** Whether a datagram from {@code sourcePort} to {@code destinationPort} is delivered. */
    boolean accept(int sourcePort, int destinationPort);

    /** Every UDP datagram. */
    static UdpPortFilter any() {
        return (source, destination) -> true;
    }

    /** DHCP and PXE: either port is 67 (server), 68 (client) or 4011 (PXE boot server). */
    static UdpPortFilter dhcp() {
        return ports(67, 68, 4011);
    }

    /**
     * Datagrams with either port in {@code ports}. For TFTP, {@code ports(69)} sees the requests
     * only: transfers continue between ephemeral ports, so read a TFTP capture with {@link #any()}.
     */
    static UdpPortFilter ports(int... ports) {
        BitSet set = new BitSet(65536);
        for (int port : ports) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
            }
            set.set(port);
        }
        return (source, destination) -> set.get(source) || set.get(destination);
    }
}
