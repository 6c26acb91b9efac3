package dev.netboot.tftp;

/**
 * Raised by {@link OptionNegotiation#acceptOack} when a server's OACK must be refused (an option the
 * client did not ask for, more than it asked for, a changed timeout, a malformed value). The client
 * transfers answer it with ERROR 8. Unchecked; immutable and thread-safe.
 */
public final class TftpNegotiationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String option;

    /** Creates an exception about {@code option} (as the server spelled it) because of {@code reason}. */
    public TftpNegotiationException(String option, String reason) {
        super("option '" + option + "': " + reason);
        this.option = option;
    }

    /** The option the OACK got wrong, as the server spelled it. */
    public String option() {
        return option;
    }
}
