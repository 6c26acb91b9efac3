package dev.netboot.rules;

/**
 * Names one scope of a compiled rule set in provenance and explanations, e.g.
 * {@code subnet 192.168.2.0/24} declared at {@code dhcpd.conf:12:1}. Immutable and thread-safe.
 *
 * @param kind the kind of scope
 * @param name its name (host name, class name, subnet in CIDR form...), or null for anonymous
 *     groups, pools and the global scope
 * @param origin where it is declared
 */
public record ScopeRef(ScopeKind kind, String name, Origin origin) {
    @Override
    public String toString() {
        return name == null ? kind.label() : kind.label() + " " + name;
    }
}
