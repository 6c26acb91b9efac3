package dev.netboot.server.serve;

import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.server.dhcp.BootDecision;
import dev.netboot.server.dhcp.BootPolicy;
import dev.netboot.server.dhcp.Link;
import java.util.Objects;

/**
 * A {@link BootPolicy} whose delegate is replaced atomically on reload: requests in flight finish
 * with the policy they started with, the next one sees the new one. Thread-safe.
 */
public final class ReloadablePolicy implements BootPolicy {
    private volatile BootPolicy current;

    /** Starts with {@code initial}. */
    public ReloadablePolicy(BootPolicy initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    /** Replaces the delegate; call only with a fully validated policy. */
    public void replace(BootPolicy next) {
        current = Objects.requireNonNull(next, "next");
    }

    /** The policy in force. */
    public BootPolicy current() {
        return current;
    }

    @Override
    public BootDecision decide(DhcpMessage request, Link link) {
        return current.decide(request, link);
    }
}
