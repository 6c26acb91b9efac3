package dev.netboot.benchmarks.dhcp;

import java.util.List;

/** The three peer libraries, each a new adapter instance (adapters are not thread-safe). Stateless. */
final class Peers {
    private Peers() {}

    static DhcpPeer dhcp4java() {
        return new Dhcp4javaPeer();
    }

    static DhcpPeer apacheds() {
        return PeerLoader.load("apacheds", "dev.netboot.benchmarks.dhcp.apacheds.ApachedsPeer");
    }

    static DhcpPeer anarres() {
        return PeerLoader.load("anarres", "dev.netboot.benchmarks.dhcp.anarres.AnarresPeer");
    }

    static List<DhcpPeer> all() {
        return List.of(dhcp4java(), apacheds(), anarres());
    }
}
