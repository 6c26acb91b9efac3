package dev.netboot.rules;

import java.util.Objects;

/**
 * One entry of a pool's permit list ({@code allow}/{@code deny} in a {@code pool}). A client may
 * use a pool if it matches no deny entry and, when the pool has allow entries, at least one of
 * them. Immutable and thread-safe.
 *
 * @param allow true for {@code allow}, false for {@code deny}
 * @param kind which clients the entry names
 * @param className the class for {@link Kind#MEMBERS_OF}, else null
 * @param origin where it is written
 */
public record Permit(boolean allow, Kind kind, String className, Origin origin) {
    /** Which clients a permit names. */
    public enum Kind {
        /** Clients with a host declaration. */
        KNOWN_CLIENTS,
        /** Clients without a host declaration. */
        UNKNOWN_CLIENTS,
        /** Members of a class. */
        MEMBERS_OF,
        /** Every client. */
        ALL_CLIENTS,
        /** BOOTP clients; netboot answers DHCP only, so this never matches. */
        DYNAMIC_BOOTP_CLIENTS
    }

    /** Validates. */
    public Permit {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.MEMBERS_OF) != (className != null)) {
            throw new IllegalArgumentException("className is required exactly for MEMBERS_OF");
        }
        Objects.requireNonNull(origin, "origin");
    }
}
