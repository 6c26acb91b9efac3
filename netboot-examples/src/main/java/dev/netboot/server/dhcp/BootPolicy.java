package dev.netboot.server.dhcp;

import dev.netboot.dhcp.DhcpMessage;

/**
 * Decides, for one client message, which subnet and pool the client belongs to, whether it has a
 * fixed address, and what boot information and options it gets. This is the server's only
 * coupling to a rule engine: {@link RuleSetPolicy} adapts the netboot rules (and so ISC
 * dhcpd.conf), {@link SimplePolicy} is a small Java-configured policy, {@link AutoBootProfile}
 * the built-in proxyDHCP profile.
 *
 * <p>Implementations must be thread-safe; the server calls {@link #decide} from its event loop
 * threads. The message is a view over a buffer that is valid only during the call: read what is
 * needed, keep nothing.
 */
@FunctionalInterface
public interface BootPolicy {
    /**
     * Decides for {@code request}, received on {@code link}.
     *
     * @param request the client's message (valid only during the call)
     * @param link where it arrived (interface, the server's address there)
     * @return the decision; never null
     */
    BootDecision decide(DhcpMessage request, Link link);
}
