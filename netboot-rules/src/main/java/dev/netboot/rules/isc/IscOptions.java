package dev.netboot.rules.isc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The ISC option-name table: ISC names of the standard DHCPv4 options ({@code routers},
 * {@code domain-name-servers}, {@code ntp-servers}, {@code vendor-class-identifier},
 * {@code user-class}, {@code host-name}...) with their codes and ISC types, as in dhcp-options(5),
 * plus site definitions ({@code option arch code 93 = unsigned integer 16;}) and option spaces.
 * Immutable and thread-safe; {@link #with} returns an extended copy.
 */
public final class IscOptions {
    private static final String[][] STANDARD = {
        {"1", "subnet-mask", "ip-address"},
        {"2", "time-offset", "signed integer 32"},
        {"3", "routers", "array of ip-address"},
        {"4", "time-servers", "array of ip-address"},
        {"5", "ien116-name-servers", "array of ip-address"},
        {"6", "domain-name-servers", "array of ip-address"},
        {"7", "log-servers", "array of ip-address"},
        {"8", "cookie-servers", "array of ip-address"},
        {"9", "lpr-servers", "array of ip-address"},
        {"10", "impress-servers", "array of ip-address"},
        {"11", "resource-location-servers", "array of ip-address"},
        {"12", "host-name", "text"},
        {"13", "boot-size", "unsigned integer 16"},
        {"14", "merit-dump", "text"},
        {"15", "domain-name", "text"},
        {"16", "swap-server", "ip-address"},
        {"17", "root-path", "text"},
        {"18", "extensions-path", "text"},
        {"19", "ip-forwarding", "boolean"},
        {"20", "non-local-source-routing", "boolean"},
        {"21", "policy-filter", "array of { ip-address, ip-address }"},
        {"22", "max-dgram-reassembly", "unsigned integer 16"},
        {"23", "default-ip-ttl", "unsigned integer 8"},
        {"24", "path-mtu-aging-timeout", "unsigned integer 32"},
        {"25", "path-mtu-plateau-table", "array of unsigned integer 16"},
        {"26", "interface-mtu", "unsigned integer 16"},
        {"27", "all-subnets-local", "boolean"},
        {"28", "broadcast-address", "ip-address"},
        {"29", "perform-mask-discovery", "boolean"},
        {"30", "mask-supplier", "boolean"},
        {"31", "router-discovery", "boolean"},
        {"32", "router-solicitation-address", "ip-address"},
        {"33", "static-routes", "array of { ip-address, ip-address }"},
        {"34", "trailer-encapsulation", "boolean"},
        {"35", "arp-cache-timeout", "unsigned integer 32"},
        {"36", "ieee802-3-encapsulation", "boolean"},
        {"37", "default-tcp-ttl", "unsigned integer 8"},
        {"38", "tcp-keepalive-interval", "unsigned integer 32"},
        {"39", "tcp-keepalive-garbage", "boolean"},
        {"40", "nis-domain", "text"},
        {"41", "nis-servers", "array of ip-address"},
        {"42", "ntp-servers", "array of ip-address"},
        {"43", "vendor-encapsulated-options", "string"},
        {"44", "netbios-name-servers", "array of ip-address"},
        {"45", "netbios-dd-server", "array of ip-address"},
        {"46", "netbios-node-type", "unsigned integer 8"},
        {"47", "netbios-scope", "text"},
        {"48", "font-servers", "array of ip-address"},
        {"49", "x-display-manager", "array of ip-address"},
        {"50", "dhcp-requested-address", "ip-address"},
        {"51", "dhcp-lease-time", "unsigned integer 32"},
        {"52", "dhcp-option-overload", "unsigned integer 8"},
        {"53", "dhcp-message-type", "unsigned integer 8"},
        {"54", "dhcp-server-identifier", "ip-address"},
        {"55", "dhcp-parameter-request-list", "array of unsigned integer 8"},
        {"56", "dhcp-message", "text"},
        {"57", "dhcp-max-message-size", "unsigned integer 16"},
        {"58", "dhcp-renewal-time", "unsigned integer 32"},
        {"59", "dhcp-rebinding-time", "unsigned integer 32"},
        {"60", "vendor-class-identifier", "string"},
        {"61", "dhcp-client-identifier", "string"},
        {"62", "nwip-domain", "string"},
        {"64", "nisplus-domain", "text"},
        {"65", "nisplus-servers", "array of ip-address"},
        {"66", "tftp-server-name", "text"},
        {"67", "bootfile-name", "text"},
        {"68", "mobile-ip-home-agent", "array of ip-address"},
        {"69", "smtp-server", "array of ip-address"},
        {"70", "pop-server", "array of ip-address"},
        {"71", "nntp-server", "array of ip-address"},
        {"72", "www-server", "array of ip-address"},
        {"73", "finger-server", "array of ip-address"},
        {"74", "irc-server", "array of ip-address"},
        {"75", "streettalk-server", "array of ip-address"},
        {"76", "streettalk-directory-assistance-server", "array of ip-address"},
        {"77", "user-class", "text"},
        {"81", "fqdn", "string"},
        {"82", "relay-agent-information", "string"},
        {"85", "nds-servers", "array of ip-address"},
        {"86", "nds-tree-name", "text"},
        {"87", "nds-context", "text"},
        {"91", "client-last-transaction-time", "unsigned integer 32"},
        {"92", "associated-ip", "array of ip-address"},
        {"93", "pxe-system-type", "array of unsigned integer 16"},
        {"94", "pxe-interface-id", "{ unsigned integer 8, unsigned integer 8, unsigned integer 8 }"},
        {"97", "pxe-client-id", "string"},
        {"98", "uap-servers", "text"},
        {"100", "pcode", "text"},
        {"101", "tcode", "text"},
        {"108", "v6-only-preferred", "unsigned integer 32"},
        {"114", "default-url", "text"},
        {"116", "auto-config", "unsigned integer 8"},
        {"117", "name-service-search", "array of unsigned integer 16"},
        {"118", "subnet-selection", "ip-address"},
        {"119", "domain-search", "domain-list compressed"},
        {"124", "vivco", "string"},
        {"125", "vivso", "string"},
        {"145", "forcerenew-nonce-capable", "unsigned integer 8"},
        {"209", "pxelinux-configfile", "text"},
        {"210", "pxelinux-pathprefix", "text"},
        {"211", "pxelinux-reboottime", "unsigned integer 32"},
    };

    /** The standard options by code and by name: built once per JVM, never modified. */
    private static final IscOption[] STANDARD_BY_CODE = new IscOption[256];
    private static final Map<String, IscOption> STANDARD_BY_NAME = new HashMap<>(256);

    static {
        for (String[] e : STANDARD) {
            // No IscType.parse here: it would run ~120 times on the cold path of the first read
            // (about a tenth of its CPU time); IscOptionsTest checks that every standard type parses.
            IscOption o = new IscOption("dhcp", e[1], Integer.parseInt(e[0]), e[2]);
            STANDARD_BY_CODE[o.code()] = o;
            STANDARD_BY_NAME.put(o.name(), o);
        }
    }

    private static final IscOptions STANDARD_TABLE = new IscOptions(Map.of(), Map.of(), Map.of());

    /** An option space: its name, the option that encapsulates it (or -1), and its options by name. */
    record Space(String name, int encapsulatedIn, Map<String, IscOption> byName) {}

    /**
     * Site definitions of DHCPv4 options, which take precedence over the standard ones: a table
     * holds only these, so that a definition copies a few entries rather than the whole table.
     */
    private final Map<String, IscOption> definedByName;
    private final Map<Integer, IscOption> definedByCode;
    private final Map<String, Space> spaces;

    private IscOptions(Map<String, IscOption> definedByName, Map<Integer, IscOption> definedByCode,
            Map<String, Space> spaces) {
        this.definedByName = definedByName;
        this.definedByCode = definedByCode;
        this.spaces = spaces;
    }

    /** The standard DHCPv4 options with their ISC names. */
    public static IscOptions standard() {
        return STANDARD_TABLE;
    }

    /** Looks up a DHCPv4 option by ISC name (case-insensitive), or {@code space.name}. */
    public Optional<IscOption> byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        int dot = n.indexOf('.');
        if (dot > 0) {
            Space s = spaces.get(n.substring(0, dot));
            if (s != null) {
                return Optional.ofNullable(s.byName.get(n.substring(dot + 1)));
            }
            if (n.startsWith("dhcp.")) {
                return Optional.ofNullable(dhcp(n.substring(5)));
            }
            return Optional.empty();
        }
        return Optional.ofNullable(dhcp(n));
    }

    private IscOption dhcp(String lowerCaseName) {
        IscOption o = definedByName.get(lowerCaseName);
        return o != null ? o : STANDARD_BY_NAME.get(lowerCaseName);
    }

    /** The most recently defined DHCPv4 option with this code, if it has a name. */
    public Optional<IscOption> byCode(int code) {
        return Optional.ofNullable(option(code));
    }

    private IscOption option(int code) {
        IscOption o = definedByCode.get(code);
        return o != null || code < 0 || code >= STANDARD_BY_CODE.length ? o : STANDARD_BY_CODE[code];
    }

    /** Every DHCPv4 option name: the standard ones in code order (as redefined), then new site definitions. */
    public List<IscOption> all() {
        List<IscOption> out = new ArrayList<>();
        for (IscOption o : STANDARD_BY_CODE) {
            if (o != null) {
                out.add(definedByName.getOrDefault(o.name(), o));
            }
        }
        for (IscOption o : definedByName.values()) {
            if (!STANDARD_BY_NAME.containsKey(o.name())) {
                out.add(o);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Formats an option value as dhcpd.conf would write it, using this table's type for
     * {@code code}: {@code 192.168.2.1, 192.168.2.2} for address arrays, {@code "text"} for text,
     * numbers for integers, colon-separated hex for strings and unknown options. For explanations
     * and {@code netboot explain --json}.
     */
    public String format(int code, byte[] value) {
        IscOption o = option(code);
        IscType t = o == null ? null : IscType.parse(o.type());
        String typed = t == null ? null : ValueFormat.format(t, value);
        return typed != null ? typed : ValueFormat.hex(value);
    }

    Space space(String name) {
        return spaces.get(name.toLowerCase(Locale.ROOT));
    }

    /** Adds or replaces a definition ({@code option [SPACE.]NAME code N = TYPE;}); the space must exist. */
    IscOptions with(IscOption o) {
        if ("dhcp".equals(o.space())) {
            Map<String, IscOption> byName = new LinkedHashMap<>(definedByName);
            Map<Integer, IscOption> byCode = new HashMap<>(definedByCode);
            byName.put(o.name(), o);
            byCode.put(o.code(), o);
            Map<String, Space> sp = spaces;
            // an option that encapsulates a space links the space to its code
            IscType t = IscType.parse(o.type());
            if (t != null && t.encapsulates() != null && spaces.containsKey(t.encapsulates())) {
                Space s = spaces.get(t.encapsulates());
                sp = new HashMap<>(spaces);
                sp.put(s.name(), new Space(s.name(), o.code(), s.byName()));
                sp = Collections.unmodifiableMap(sp);
            }
            return new IscOptions(Collections.unmodifiableMap(byName), Collections.unmodifiableMap(byCode), sp);
        }
        Space s = spaces.get(o.space());
        Map<String, IscOption> m = new LinkedHashMap<>(s.byName());
        m.put(o.name(), o);
        Map<String, Space> sp = new HashMap<>(spaces);
        sp.put(s.name(), new Space(s.name(), s.encapsulatedIn(), Collections.unmodifiableMap(m)));
        return new IscOptions(definedByName, definedByCode, Collections.unmodifiableMap(sp));
    }

    /** Declares an option space ({@code option space NAME;}). */
    IscOptions withSpace(String name) {
        Map<String, Space> sp = new HashMap<>(spaces);
        sp.putIfAbsent(name.toLowerCase(Locale.ROOT), new Space(name.toLowerCase(Locale.ROOT), -1, Map.of()));
        return new IscOptions(definedByName, definedByCode, Collections.unmodifiableMap(sp));
    }

    List<String> spaceNames() {
        return new ArrayList<>(spaces.keySet());
    }
}
