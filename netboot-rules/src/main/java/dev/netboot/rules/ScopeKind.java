package dev.netboot.rules;

/**
 * The kinds of scope a statement can live in. Statements run from the outermost scope inwards, so
 * an inner scope's value wins field by field: host over class over pool over subnet over
 * shared-network over global (groups sit wherever they are declared).
 */
public enum ScopeKind {
    /** The top level of the configuration. */
    GLOBAL,
    /** A {@code group}: shares statements between the declarations inside it. */
    GROUP,
    /** A {@code shared-network}: several subnets on one link. */
    SHARED_NETWORK,
    /** A {@code subnet}. */
    SUBNET,
    /** A {@code pool} of dynamic addresses. */
    POOL,
    /** A client {@code class} or {@code subclass}. */
    CLASS,
    /** A {@code host} declaration. */
    HOST;

    /** Lower-case name with dashes, as in dhcpd.conf. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
