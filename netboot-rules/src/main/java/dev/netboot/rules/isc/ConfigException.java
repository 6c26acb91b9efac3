package dev.netboot.rules.isc;

/** Placeholder replaced by the dhcpd.conf reader's typed error. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public ConfigException(String message) {
        super(message);
    }
}
