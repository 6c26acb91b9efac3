package dev.netboot.rules;

/** The non-option fields of a {@link Decision} whose provenance is tracked. */
public enum Field {
    /** {@code next-server}: the BOOTP siaddr. */
    NEXT_SERVER,
    /** {@code filename}: the BOOTP file field. */
    FILENAME,
    /** {@code server-name}: the BOOTP sname field. */
    SERVER_NAME,
    /** {@code fixed-address} of the matching host. */
    FIXED_ADDRESS,
    /** {@code default-lease-time}. */
    DEFAULT_LEASE_TIME,
    /** {@code max-lease-time}. */
    MAX_LEASE_TIME,
    /** {@code min-lease-time}. */
    MIN_LEASE_TIME,
    /** {@code authoritative}. */
    AUTHORITATIVE
}
