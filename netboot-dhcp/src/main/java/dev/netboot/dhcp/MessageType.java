package dev.netboot.dhcp;

/**
 * A DHCP message type (option 53): an open registry, so that a code no RFC defines survives a
 * round trip. Immutable; {@link #valueOf(int)} returns cached constants for known codes and
 * never throws for a wire value.
 */
public final class MessageType implements Comparable<MessageType> {
    public static final MessageType DISCOVER = new MessageType(1, "DHCPDISCOVER", "Discover");
    public static final MessageType OFFER = new MessageType(2, "DHCPOFFER", "Offer");
    public static final MessageType REQUEST = new MessageType(3, "DHCPREQUEST", "Request");
    public static final MessageType DECLINE = new MessageType(4, "DHCPDECLINE", "Decline");
    public static final MessageType ACK = new MessageType(5, "DHCPACK", "ACK");
    public static final MessageType NAK = new MessageType(6, "DHCPNAK", "NAK");
    public static final MessageType RELEASE = new MessageType(7, "DHCPRELEASE", "Release");
    public static final MessageType INFORM = new MessageType(8, "DHCPINFORM", "Inform");
    public static final MessageType FORCERENEW = new MessageType(9, "DHCPFORCERENEW", "Force Renew");
    public static final MessageType LEASEQUERY = new MessageType(10, "DHCPLEASEQUERY", "Lease query");
    public static final MessageType LEASEUNASSIGNED = new MessageType(11, "DHCPLEASEUNASSIGNED", "Lease Unassigned");
    public static final MessageType LEASEUNKNOWN = new MessageType(12, "DHCPLEASEUNKNOWN", "Lease Unknown");
    public static final MessageType LEASEACTIVE = new MessageType(13, "DHCPLEASEACTIVE", "Lease Active");
    public static final MessageType BULKLEASEQUERY = new MessageType(14, "DHCPBULKLEASEQUERY", "Bulk Lease Query");
    public static final MessageType LEASEQUERYDONE = new MessageType(15, "DHCPLEASEQUERYDONE", "Lease Query Done");
    public static final MessageType ACTIVELEASEQUERY = new MessageType(16, "DHCPACTIVELEASEQUERY", "Active LeaseQuery");
    public static final MessageType LEASEQUERYSTATUS = new MessageType(17, "DHCPLEASEQUERYSTATUS", "LeaseQuery Status");
    public static final MessageType TLS = new MessageType(18, "DHCPTLS", "DHCPTLS");

    private static final MessageType[] KNOWN = {
        null, DISCOVER, OFFER, REQUEST, DECLINE, ACK, NAK, RELEASE, INFORM, FORCERENEW, LEASEQUERY,
        LEASEUNASSIGNED, LEASEUNKNOWN, LEASEACTIVE, BULKLEASEQUERY, LEASEQUERYDONE, ACTIVELEASEQUERY,
        LEASEQUERYSTATUS, TLS
    };

    private final int code;
    private final String name;
    private final String wiresharkName;

    private MessageType(int code, String name, String wiresharkName) {
        this.code = code;
        this.name = name;
        this.wiresharkName = wiresharkName;
    }

    /** The type for {@code code} (0-255): a cached constant when known, else a new unknown type. */
    public static MessageType valueOf(int code) {
        if (code > 0 && code < KNOWN.length) {
            return KNOWN[code];
        }
        return new MessageType(code & 0xFF, "DHCP-TYPE-" + (code & 0xFF), "Unknown (" + (code & 0xFF) + ")");
    }

    /** The option 53 value. */
    public int code() {
        return code;
    }

    /** The RFC name, e.g. {@code DHCPDISCOVER}. */
    public String name() {
        return name;
    }

    /** The name Wireshark shows, e.g. {@code Discover}. */
    public String displayName() {
        return wiresharkName;
    }

    /** True for a code that an RFC defines. */
    public boolean isKnown() {
        return code > 0 && code < KNOWN.length;
    }

    @Override
    public int compareTo(MessageType o) {
        return Integer.compare(code, o.code);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageType m && m.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return name;
    }
}
