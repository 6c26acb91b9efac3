package dev.netboot.server.dhcp;

/** Why the server dropped a message without answering; counted per reason. */
public enum DropReason {
    /** The message could not be decoded (shorter than the BOOTP header, over a limit). */
    MALFORMED("malformed message"),
    /** op is not BOOTREQUEST (1). */
    WRONG_OP("op is not BOOTREQUEST"),
    /** hlen is larger than 16, the size of chaddr. */
    BAD_HLEN("hlen larger than 16"),
    /** No DHCP message type (option 53): BOOTP or garbage. */
    NO_MESSAGE_TYPE("no message type (option 53)"),
    /** A message type a server does not accept (OFFER, ACK, NAK, unknown codes). */
    UNEXPECTED_TYPE("message type not accepted by a server"),
    /** The server identifier (54) names another server: the client chose someone else. */
    FOREIGN_SERVER_ID("server identifier of another server", false),
    /** A REQUEST, DECLINE or RELEASE without the address it is about. */
    MISSING_ADDRESS("no requested address / ciaddr"),
    /**
     * A DHCPDECLINE of an address that is neither offered nor leased to the sender, or outside
     * every pool of the client: acting on it would let anyone set any address aside.
     */
    DECLINE_NOT_CLIENTS("DECLINE of an address not offered or leased to the client"),
    /** A DHCPRELEASE of an address not actively leased to the sender: nothing to free. */
    NOTHING_TO_RELEASE("RELEASE of an address not leased to the client", false),
    /** The client is on no subnet this server serves. */
    NO_SUBNET("client on no subnet served here"),
    /** No free address in the client's pool, or no pool admits it. */
    NO_ADDRESS("no free address for the client"),
    /** Not authoritative, and the request is for an address the server does not know. */
    NOT_AUTHORITATIVE("unknown address, not authoritative", false),
    /** proxyDHCP: the client is not a PXE or HTTP boot client. */
    NOT_PXE_CLIENT("not a PXE/HTTP boot client (proxy mode)", false),
    /** The lease store failed to record a lease, so no ACK was sent. */
    LEASE_STORE_FAILURE("lease store failure"),
    /** The reply did not fit the client's maximum message size. */
    REPLY_TOO_LARGE("reply does not fit the client's maximum message size"),
    /** A bug: an unexpected exception while handling the message. */
    INTERNAL_ERROR("internal error");

    private final String description;
    private final boolean bad;

    DropReason(String description) {
        this(description, true);
    }

    DropReason(String description, boolean bad) {
        this.description = description;
        this.bad = bad;
    }

    /**
     * Whether the reason points at a bad packet or a problem (logged as a warning) rather than
     * a normal part of DHCP traffic, such as a client choosing another server (logged at debug).
     */
    public boolean isProblem() {
        return bad;
    }

    /** A few words for logs. */
    public String description() {
        return description;
    }
}
