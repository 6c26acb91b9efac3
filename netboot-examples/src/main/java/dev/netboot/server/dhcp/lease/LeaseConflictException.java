package dev.netboot.server.dhcp.lease;

/**
 * The address cannot be bound to the client: another client holds it, it was declined, it is
 * offered to another client, or it is outside the pool. An expected outcome (the server answers
 * with DHCPNAK), so it carries no stack trace. Immutable.
 */
public final class LeaseConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int address;

    /** A conflict on {@code address}; {@code reason} says why, e.g. "bound to hw:01:... until ...". */
    public LeaseConflictException(int address, String reason) {
        super("address " + Ipv4.format(address) + " is not available: " + reason, null, false, false);
        this.address = address;
    }

    /** The address that was asked for. */
    public int address() {
        return address;
    }
}
