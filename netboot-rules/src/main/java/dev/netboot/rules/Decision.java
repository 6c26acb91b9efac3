package dev.netboot.rules;

import dev.netboot.dhcp.Ipv4;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The result of running a {@link RuleSet} for one client: next-server, filename, server-name,
 * fixed address, options to send (code to raw bytes), classes, the subnet and pool (ranges,
 * netmask, lease times) for the DHCP server, and the provenance of every field.
 *
 * <p>A decision is a reusable result holder: {@link RuleSet#decide(ClientFacts, Decision)} clears
 * and refills it without allocating (explanations off), so a server keeps one per thread. It
 * refers to the facts it was made for, which may read from a message buffer; {@link #copy()} makes
 * an independent snapshot (the facts are still shared). Not thread-safe.
 */
public final class Decision implements MatchContext {
    private static final int UNSET = -1;

    RuleSet ruleSet;
    ClientFacts facts;

    // fields
    private boolean hasNextServer;
    private int nextServer;
    private String filename;
    private String serverName;
    private boolean hasFixedAddress;
    private int fixedAddress;
    private long defaultLease = UNSET;
    private long maxLease = UNSET;
    private long minLease = UNSET;
    private boolean authoritative;
    private final Provenance[] fieldProvenance = new Provenance[Field.values().length];

    // options
    private final byte[][] options = new byte[256][];
    private final Provenance[] optionProvenance = new Provenance[256];
    private final int[] touched = new int[256];
    private int touchedCount;

    // network
    Compiled.HostNode hostNode;
    boolean known;
    Compiled.HostNode firstMatchingHost;
    Compiled.SubnetNode subnetNode;
    Compiled.PoolNode poolNode;

    // classes
    Compiled.ClassNode[] members = new Compiled.ClassNode[8];
    int memberCount;
    long[] inBits = new long[1];

    // explanation
    List<Explanation.Step> trace;

    /** Creates an empty decision; {@link RuleSet#newDecision()} is the usual way. */
    public Decision() {}

    void begin(RuleSet rs, ClientFacts f, boolean explain) {
        ruleSet = rs;
        facts = f;
        hasNextServer = false;
        nextServer = 0;
        filename = null;
        serverName = null;
        hasFixedAddress = false;
        fixedAddress = 0;
        defaultLease = UNSET;
        maxLease = UNSET;
        minLease = UNSET;
        authoritative = false;
        java.util.Arrays.fill(fieldProvenance, null);
        for (int i = 0; i < touchedCount; i++) {
            int c = touched[i];
            options[c] = null;
            optionProvenance[c] = null;
        }
        touchedCount = 0;
        hostNode = null;
        firstMatchingHost = null;
        known = false;
        subnetNode = null;
        poolNode = null;
        for (int i = 0; i < memberCount; i++) {
            members[i] = null;
        }
        memberCount = 0;
        int words = (rs.classCount() + 63) >>> 6;
        if (inBits.length < words) {
            inBits = new long[words];
        } else {
            java.util.Arrays.fill(inBits, 0L);
        }
        if (members.length < rs.classCount()) {
            members = new Compiled.ClassNode[rs.classCount()];
        }
        trace = explain ? new ArrayList<>() : null;
    }

    // ------------------------------------------------------------ engine side

    boolean tracing() {
        return trace != null;
    }

    void trace(Explanation.Kind kind, ScopeRef scope, Origin origin, String text) {
        trace.add(new Explanation.Step(kind, scope, origin, text));
    }

    private void overridden(Field field, String newValue, Provenance p) {
        Provenance old = fieldProvenance[field.ordinal()];
        if (trace != null) {
            if (old != null) {
                trace(Explanation.Kind.OVERRIDE, old.scope(), old.origin(),
                        field.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " from " + old.origin()
                                + " replaced by " + p.origin() + " (" + p.scope() + ")");
            }
            trace(Explanation.Kind.SET, p.scope(), p.origin(),
                    field.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " " + newValue);
        }
        fieldProvenance[field.ordinal()] = p;
    }

    void setNextServer(int address, Provenance p) {
        if (trace != null) {
            overridden(Field.NEXT_SERVER, Ipv4.format(address), p);
        } else {
            fieldProvenance[Field.NEXT_SERVER.ordinal()] = p;
        }
        hasNextServer = true;
        nextServer = address;
    }

    void setFilename(String value, Provenance p) {
        if (trace != null) {
            overridden(Field.FILENAME, '"' + value + '"', p);
        } else {
            fieldProvenance[Field.FILENAME.ordinal()] = p;
        }
        filename = value;
    }

    void setServerName(String value, Provenance p) {
        if (trace != null) {
            overridden(Field.SERVER_NAME, '"' + value + '"', p);
        } else {
            fieldProvenance[Field.SERVER_NAME.ordinal()] = p;
        }
        serverName = value;
    }

    void setLeaseTime(Action.LeaseTimeKind kind, long seconds, Provenance p) {
        Field f = switch (kind) {
            case DEFAULT -> Field.DEFAULT_LEASE_TIME;
            case MAX -> Field.MAX_LEASE_TIME;
            case MIN -> Field.MIN_LEASE_TIME;
        };
        if (trace != null) {
            overridden(f, Long.toString(seconds), p);
        } else {
            fieldProvenance[f.ordinal()] = p;
        }
        switch (kind) {
            case DEFAULT -> defaultLease = seconds;
            case MAX -> maxLease = seconds;
            case MIN -> minLease = seconds;
        }
    }

    void setAuthoritative(boolean value, Provenance p) {
        if (trace != null) {
            overridden(Field.AUTHORITATIVE, Boolean.toString(value), p);
        } else {
            fieldProvenance[Field.AUTHORITATIVE.ordinal()] = p;
        }
        authoritative = value;
    }

    void setFixedAddress(int address, Provenance p) {
        hasFixedAddress = true;
        fixedAddress = address;
        fieldProvenance[Field.FIXED_ADDRESS.ordinal()] = p;
    }

    void setOption(int code, byte[] value, Action.Mode mode, Provenance p) {
        byte[] old = options[code];
        byte[] v = value;
        switch (mode) {
            case DEFAULT -> {
                if (old != null) {
                    if (trace != null) {
                        trace(Explanation.Kind.TEST, p.scope(), p.origin(), "default for option " + code
                                + " not used: already set at " + optionProvenance[code].origin());
                    }
                    return;
                }
            }
            case PREPEND -> v = old == null ? value : concat(value, old);
            case APPEND -> v = old == null ? value : concat(old, value);
            default -> { }
        }
        if (old == null && optionProvenance[code] == null) {
            touched[touchedCount++] = code;
        }
        if (trace != null) {
            Provenance was = optionProvenance[code];
            if (old != null && was != null) {
                trace(Explanation.Kind.OVERRIDE, was.scope(), was.origin(), "option " + code + " from " + was.origin()
                        + " replaced by " + p.origin() + " (" + p.scope() + ")");
            }
            trace(Explanation.Kind.SET, p.scope(), p.origin(), "option " + code + " " + Bytes.display(v));
        }
        options[code] = v;
        optionProvenance[code] = p;
    }

    void removeOption(int code, Provenance p) {
        if (options[code] == null && optionProvenance[code] == null) {
            touched[touchedCount++] = code;
        }
        if (trace != null) {
            trace(Explanation.Kind.REMOVE, p.scope(), p.origin(), "option " + code
                    + (options[code] == null ? " (was not set)" : " set at " + optionProvenance[code].origin()));
        }
        options[code] = null;
        optionProvenance[code] = p;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    boolean addMember(Compiled.ClassNode c) {
        if ((inBits[c.index >>> 6] & (1L << (c.index & 63))) != 0) {
            return false;
        }
        if (memberCount == members.length) {
            members = java.util.Arrays.copyOf(members, members.length * 2);
        }
        members[memberCount++] = c;
        inBits[c.index >>> 6] |= 1L << (c.index & 63);
        if (c.superclass != null) {
            inBits[c.superclass.index >>> 6] |= 1L << (c.superclass.index & 63);
        }
        return true;
    }

    boolean inClassIndex(int index) {
        return (inBits[index >>> 6] & (1L << (index & 63))) != 0;
    }

    // ------------------------------------------------------------ MatchContext

    /** The client this decision is for. */
    @Override
    public ClientFacts facts() {
        return facts;
    }

    /** True if a host declaration matched the client. */
    @Override
    public boolean known() {
        return known;
    }

    /** The name of the host declaration that applies (or that matched, while classifying), or null. */
    @Override
    public String hostName() {
        Compiled.HostNode h = hostNode != null ? hostNode : firstMatchingHost;
        return h == null ? null : h.decl.name();
    }

    /** True if the client is a member of the class or of one of its subclasses. */
    @Override
    public boolean inClass(String name) {
        Compiled.ClassNode c = ruleSet == null ? null : ruleSet.classNamed(name);
        return c != null && inClassIndex(c.index);
    }

    // ------------------------------------------------------------ results

    /** True if a next-server was set. */
    public boolean hasNextServer() {
        return hasNextServer;
    }

    /** The next-server (siaddr) as a big-endian int; 0 if none was set. */
    public int nextServerAddress() {
        return nextServer;
    }

    /** The next-server in dotted-quad form, or null. Allocates. */
    public String nextServer() {
        return hasNextServer ? Ipv4.format(nextServer) : null;
    }

    /** The boot file name, or null. */
    public String filename() {
        return filename;
    }

    /** The server name (sname), or null. */
    public String serverName() {
        return serverName;
    }

    /** True if the client has a fixed address from its host declaration. */
    public boolean hasFixedAddress() {
        return hasFixedAddress;
    }

    /** The fixed address as a big-endian int; 0 if none. */
    public int fixedAddressValue() {
        return fixedAddress;
    }

    /** The fixed address in dotted-quad form, or null. Allocates. */
    public String fixedAddress() {
        return hasFixedAddress ? Ipv4.format(fixedAddress) : null;
    }

    /** The host declaration that applies, or null. */
    public Declaration.Host host() {
        return hostNode == null ? null : hostNode.decl;
    }

    /** The subnet the client is on (or whose fixed address it gets), or null if none matched. */
    public Declaration.Subnet subnet() {
        return subnetNode == null ? null : subnetNode.decl;
    }

    /** The pool a dynamic address comes from, or null (fixed address, or no permitted pool). */
    public Declaration.Pool pool() {
        return poolNode == null ? null : poolNode.decl;
    }

    /** The ranges to allocate from: the pool's ranges, or empty. */
    public List<AddressRange> ranges() {
        return poolNode == null ? List.of() : poolNode.decl.ranges();
    }

    /** {@code default-lease-time} in seconds, or -1 if not set. */
    public long defaultLeaseTime() {
        return defaultLease;
    }

    /** {@code max-lease-time} in seconds, or -1 if not set. */
    public long maxLeaseTime() {
        return maxLease;
    }

    /** {@code min-lease-time} in seconds, or -1 if not set. */
    public long minLeaseTime() {
        return minLease;
    }

    /** True if {@code authoritative} applies to the client's network. */
    public boolean authoritative() {
        return authoritative;
    }

    /** True if option {@code code} is to be sent. */
    public boolean hasOption(int code) {
        return code >= 0 && code < 256 && options[code] != null;
    }

    /** The value length of option {@code code}, or -1 if not sent. */
    public int optionLength(int code) {
        return hasOption(code) ? options[code].length : -1;
    }

    /** A copy of option {@code code}'s value, or null. */
    public byte[] option(int code) {
        return hasOption(code) ? options[code].clone() : null;
    }

    /** Writes option {@code code}'s value bytes (no code or length) to {@code out}; false if not set. */
    public boolean writeOption(int code, ByteBuf out) {
        if (!hasOption(code)) {
            return false;
        }
        out.writeBytes(options[code]);
        return true;
    }

    /** The smallest option code above {@code after} that is to be sent, or -1 (start with -1). */
    public int nextOption(int after) {
        for (int c = after + 1; c < 256; c++) {
            if (options[c] != null) {
                return c;
            }
        }
        return -1;
    }

    /** Options to send, code to a copy of the value, in ascending code order. Allocates. */
    public Map<Integer, byte[]> options() {
        Map<Integer, byte[]> out = new TreeMap<>();
        for (int c = nextOption(-1); c >= 0; c = nextOption(c)) {
            out.put(c, options[c].clone());
        }
        return Collections.unmodifiableMap(out);
    }

    /** Which statement set {@code field}, or null if it is unset. */
    public Provenance provenance(Field field) {
        return fieldProvenance[field.ordinal()];
    }

    /** Which statement set (or removed) option {@code code}, or null. */
    public Provenance optionProvenance(int code) {
        return code >= 0 && code < 256 ? optionProvenance[code] : null;
    }

    /** Provenance of every field that is set. Allocates. */
    public Map<Field, Provenance> provenance() {
        Map<Field, Provenance> out = new EnumMap<>(Field.class);
        for (Field f : Field.values()) {
            if (fieldProvenance[f.ordinal()] != null) {
                out.put(f, fieldProvenance[f.ordinal()]);
            }
        }
        return out;
    }

    /** The classes the client is a member of, in match order (subclasses by their class name). Allocates. */
    public List<String> classes() {
        List<String> out = new ArrayList<>(memberCount);
        for (int i = 0; i < memberCount; i++) {
            out.add(members[i].name);
        }
        return Collections.unmodifiableList(out);
    }

    /** The explanation steps when made by {@link RuleSet#explain}, else an empty list. */
    List<Explanation.Step> traceSteps() {
        return trace == null ? List.of() : trace;
    }

    /** An independent copy of this decision (sharing the immutable facts and configuration). */
    public Decision copy() {
        Decision d = new Decision();
        d.ruleSet = ruleSet;
        d.facts = facts;
        d.hasNextServer = hasNextServer;
        d.nextServer = nextServer;
        d.filename = filename;
        d.serverName = serverName;
        d.hasFixedAddress = hasFixedAddress;
        d.fixedAddress = fixedAddress;
        d.defaultLease = defaultLease;
        d.maxLease = maxLease;
        d.minLease = minLease;
        d.authoritative = authoritative;
        System.arraycopy(fieldProvenance, 0, d.fieldProvenance, 0, fieldProvenance.length);
        System.arraycopy(options, 0, d.options, 0, 256);
        System.arraycopy(optionProvenance, 0, d.optionProvenance, 0, 256);
        System.arraycopy(touched, 0, d.touched, 0, touchedCount);
        d.touchedCount = touchedCount;
        d.hostNode = hostNode;
        d.firstMatchingHost = firstMatchingHost;
        d.known = known;
        d.subnetNode = subnetNode;
        d.poolNode = poolNode;
        d.members = members.clone();
        d.memberCount = memberCount;
        d.inBits = inBits.clone();
        return d;
    }

    /**
     * One line for logs: MAC, architecture, vendor class, user class, classes, next-server,
     * filename (and fixed address when there is one). Allocates.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(facts == null ? "-" : facts.toString());
        sb.append(" classes=").append(classes());
        if (hostNode != null) {
            sb.append(" host=").append(hostNode.decl.name());
        }
        if (hasFixedAddress) {
            sb.append(" fixed-address=").append(fixedAddress());
        }
        sb.append(" next-server=").append(hasNextServer ? nextServer() : "-");
        sb.append(" filename=").append(filename == null ? "-" : '"' + filename + '"');
        return sb.toString();
    }

    @Override
    public String toString() {
        return summary();
    }
}
