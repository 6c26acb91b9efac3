package dev.netboot.tftp;

/**
 * The transfer mode of a read or write request (RFC 1350): a closed set, matched case-insensitively
 * on the wire and always encoded in lower case. Immutable and thread-safe.
 */
public enum TransferMode {
    /** Text with CR LF line ends and CR NUL for a bare CR; the transfers convert both ways. */
    NETASCII("netascii"),
    /** Raw bytes. */
    OCTET("octet"),
    /** Obsolete mail delivery (RFC 1350): decoded so that a server can refuse it with ERROR 4. */
    MAIL("mail");

    private final String wireName;

    TransferMode(String wireName) {
        this.wireName = wireName;
    }

    /** The mode as it is written on the wire, e.g. {@code "octet"}. */
    public String wireName() {
        return wireName;
    }
}
