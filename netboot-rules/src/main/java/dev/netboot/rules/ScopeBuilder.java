package dev.netboot.rules;

import dev.netboot.dhcp.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds one scope of a rule model in the Java API: its statements, and the declarations it may
 * contain (subnets, pools, hosts, classes, groups). Methods that do not apply to the scope's kind
 * throw {@link IllegalStateException}. Not thread-safe; used only while building.
 *
 * <pre>{@code
 * RuleSet rules = RuleSet.build(g -> g
 *     .subnet("192.168.2.0/24", s -> s
 *         .range("192.168.2.200", "192.168.2.249")
 *         .chain(c -> c
 *             .when("uefi-arm64", Predicates.archIs(11), r -> r.nextServer("192.168.2.14").filename("efi-a64/grubaa64.efi"))
 *             .otherwise(r -> r.nextServer("192.168.2.14").filename("gpxe-undionly.kpxe"))))
 *     .host("rpi3", h -> h.hardware("b8:27:eb:12:34:56").fixedAddress("192.168.2.31")));
 * }</pre>
 */
public final class ScopeBuilder extends BodyBuilder<ScopeBuilder> {
    private final ScopeKind kind;
    private final String name;
    private final List<Declaration> declarations = new ArrayList<>();
    private final List<AddressRange> ranges = new ArrayList<>();
    private final List<Permit> permits = new ArrayList<>();
    private final List<Integer> fixed = new ArrayList<>();
    private int network;
    private int netmask;
    private int hardwareType;
    private byte[] hardware;
    private byte[] clientId;
    private Predicate matchIf;
    private int matchOption = -1;
    private ValueSource matchKey;
    private byte[] subclassKey;

    private ScopeBuilder(ScopeKind kind, String name) {
        super(kind.label() + (name == null ? "" : " " + name));
        this.kind = kind;
        this.name = name;
    }

    static ScopeBuilder global() {
        return new ScopeBuilder(ScopeKind.GLOBAL, null);
    }

    private void require(ScopeKind... kinds) {
        for (ScopeKind k : kinds) {
            if (k == kind) {
                return;
            }
        }
        throw new IllegalStateException("not allowed in a " + kind.label() + " scope");
    }

    private Origin origin() {
        return Origin.api(label);
    }

    // ------------------------------------------------------------------ nested declarations

    /** A {@code group}. */
    public ScopeBuilder group(String name, Consumer<ScopeBuilder> body) {
        require(ScopeKind.GLOBAL, ScopeKind.GROUP, ScopeKind.SHARED_NETWORK, ScopeKind.SUBNET);
        return nested(new ScopeBuilder(ScopeKind.GROUP, name), body);
    }

    /** A {@code shared-network}. */
    public ScopeBuilder sharedNetwork(String name, Consumer<ScopeBuilder> body) {
        require(ScopeKind.GLOBAL, ScopeKind.GROUP);
        return nested(new ScopeBuilder(ScopeKind.SHARED_NETWORK, name), body);
    }

    /** A {@code subnet} in CIDR form, e.g. {@code 192.168.2.0/24}. */
    public ScopeBuilder subnet(String cidr, Consumer<ScopeBuilder> body) {
        require(ScopeKind.GLOBAL, ScopeKind.GROUP, ScopeKind.SHARED_NETWORK);
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("expected a.b.c.d/len, got " + cidr);
        }
        int len = Integer.parseInt(cidr.substring(slash + 1));
        if (len < 0 || len > 32) {
            throw new IllegalArgumentException("prefix length out of range: " + cidr);
        }
        ScopeBuilder b = new ScopeBuilder(ScopeKind.SUBNET, cidr);
        b.network = Ipv4.parse(cidr.substring(0, slash));
        b.netmask = len == 0 ? 0 : -1 << (32 - len);
        return nested(b, body);
    }

    /** A {@code pool}. */
    public ScopeBuilder pool(Consumer<ScopeBuilder> body) {
        require(ScopeKind.SHARED_NETWORK, ScopeKind.SUBNET);
        return nested(new ScopeBuilder(ScopeKind.POOL, null), body);
    }

    /** A {@code host}. */
    public ScopeBuilder host(String name, Consumer<ScopeBuilder> body) {
        require(ScopeKind.GLOBAL, ScopeKind.GROUP, ScopeKind.SHARED_NETWORK, ScopeKind.SUBNET);
        return nested(new ScopeBuilder(ScopeKind.HOST, name), body);
    }

    /** A client {@code class}; use {@link #matchIf} or {@link #matchOption} inside. */
    public ScopeBuilder clientClass(String name, Consumer<ScopeBuilder> body) {
        require(ScopeKind.GLOBAL, ScopeKind.GROUP);
        return nested(new ScopeBuilder(ScopeKind.CLASS, name), body);
    }

    /** A {@code subclass} of a class that has a match key. */
    public ScopeBuilder subclass(String className, byte[] key, Consumer<ScopeBuilder> body) {
        require(ScopeKind.GLOBAL, ScopeKind.GROUP);
        ScopeBuilder b = new ScopeBuilder(ScopeKind.CLASS, className);
        b.subclassKey = key.clone();
        return nested(b, body);
    }

    private ScopeBuilder nested(ScopeBuilder b, Consumer<ScopeBuilder> body) {
        body.accept(b);
        declarations.add(b.toDeclaration());
        return this;
    }

    // ------------------------------------------------------------------ scope properties

    /** {@code range FIRST LAST;} in a subnet or pool. */
    public ScopeBuilder range(String first, String last) {
        require(ScopeKind.SUBNET, ScopeKind.POOL);
        ranges.add(new AddressRange(Ipv4.parse(first), Ipv4.parse(last), false, next("range")));
        return this;
    }

    /** {@code allow ...;} or {@code deny ...;} in a pool. */
    public ScopeBuilder permit(boolean allow, Permit.Kind kind, String className) {
        require(ScopeKind.POOL);
        permits.add(new Permit(allow, kind, className, next(allow ? "allow" : "deny")));
        return this;
    }

    /** {@code hardware ethernet MAC;} in a host. */
    public ScopeBuilder hardware(String mac) {
        return hardware(1, Bytes.parseHexBytes(mac));
    }

    /** {@code hardware TYPE ADDRESS;} in a host. */
    public ScopeBuilder hardware(int htype, byte[] address) {
        require(ScopeKind.HOST);
        this.hardwareType = htype;
        this.hardware = address.clone();
        return this;
    }

    /** Matches the host by client identifier (option 61) instead of hardware address. */
    public ScopeBuilder clientIdentifier(byte[] id) {
        require(ScopeKind.HOST);
        this.clientId = id.clone();
        return this;
    }

    /** {@code fixed-address ADDRESS;} in a host (may be repeated). */
    public ScopeBuilder fixedAddress(String ipv4) {
        require(ScopeKind.HOST);
        fixed.add(Ipv4.parse(ipv4));
        return this;
    }

    /** {@code match if CONDITION;} in a class. */
    public ScopeBuilder matchIf(Predicate condition) {
        require(ScopeKind.CLASS);
        this.matchIf = condition;
        return this;
    }

    /** {@code match option CODE;} in a class: subclasses are selected by the option's raw value. */
    public ScopeBuilder matchOption(int code) {
        require(ScopeKind.CLASS);
        this.matchOption = code;
        return this;
    }

    /** {@code match EXPRESSION;} in a class: subclasses are selected by the computed key. */
    public ScopeBuilder matchKey(ValueSource key) {
        require(ScopeKind.CLASS);
        this.matchKey = key;
        return this;
    }

    Declaration.Group toGroup() {
        return new Declaration.Group(name, statements, declarations, origin());
    }

    private Declaration toDeclaration() {
        return switch (kind) {
            case GLOBAL, GROUP -> toGroup();
            case SHARED_NETWORK -> new Declaration.SharedNetwork(name, statements, declarations, origin());
            case SUBNET -> new Declaration.Subnet(network, netmask, ranges, statements, declarations, origin());
            case POOL -> new Declaration.Pool(ranges, permits, statements, origin());
            case HOST -> new Declaration.Host(name, hardware == null ? 0 : hardwareType, hardware, clientId, fixed,
                    statements, origin());
            case CLASS -> subclassKey != null
                    ? new Declaration.Subclass(name, subclassKey, statements, origin())
                    : new Declaration.ClientClass(name, matchIf, matchOption, matchKey, statements, origin());
        };
    }
}
