package dev.netboot.rules;

import dev.netboot.dhcp.Ipv4;
import dev.netboot.rules.Compiled.ClassNode;
import dev.netboot.rules.Compiled.HostNode;
import dev.netboot.rules.Compiled.NetNode;
import dev.netboot.rules.Compiled.PoolNode;
import dev.netboot.rules.Compiled.ScopeNode;
import dev.netboot.rules.Compiled.Step;
import dev.netboot.rules.Compiled.SubnetNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A compiled, validated rule model: decides next-server, filename, options and more for each
 * client. Built once from a {@link Declaration.Group} (the global scope) by {@link #compile}, from
 * the Java API by {@link #build}, or by the dhcpd.conf reader; never changes afterwards.
 *
 * <p>How a decision is made (ISC dhcpd semantics): the host declaration is looked up by client
 * identifier, then hardware address ({@code known}); classes are matched in declaration order;
 * the subnet is the one containing giaddr, else the receiving interface's address, else the fixed
 * address, else the only network there is; a dynamic client gets the first pool whose permit list
 * admits it. Then statements run: global and outer scopes down to the subnet, the pool, each class
 * (the first matched class runs last and so wins), and the host. A later statement overrides an
 * earlier one field by field, so the precedence is host over class over pool over subnet over
 * shared-network over global. If no subnet-mask option was set, the subnet's netmask is sent.
 *
 * <p>Thread-safe and immutable. {@link #decide(ClientFacts, Decision)} allocates nothing unless a
 * statement computes a value (prepend/append, expressions) or the explanation is requested.
 */
public final class RuleSet {
    private final Declaration.Group model;
    private final ScopeNode root;
    private final NetNode[] networks;
    private final SubnetNode[] subnets;
    private final HostNode[] hosts;
    private final Compiled.HardwareTable hostsByHardware;
    private final HostNode[] otherHardwareHosts;
    private final HostNode[] uidHosts;
    private final ClassNode[] topClasses;
    private final Map<String, ClassNode> classesByName;
    private final int classCount;

    private RuleSet(Compiler c) {
        this.model = c.model;
        this.root = c.root;
        this.networks = c.networks.toArray(new NetNode[0]);
        this.subnets = c.subnets.toArray(new SubnetNode[0]);
        this.hosts = c.hosts.toArray(new HostNode[0]);
        this.topClasses = c.topClasses.toArray(new ClassNode[0]);
        this.classesByName = Map.copyOf(c.classesByName);
        this.classCount = c.classCount;
        this.hostsByHardware = new Compiled.HardwareTable(hosts.length);
        List<HostNode> other = new ArrayList<>();
        List<HostNode> uid = new ArrayList<>();
        int[] lastWithKey = new int[hosts.length];
        for (int i = 0; i < hosts.length; i++) {
            HostNode h = hosts[i];
            if (h.decl.uid() != null) {
                uid.add(h);
            }
            byte[] hw = h.decl.hw();
            if (hw == null) {
                continue;
            }
            if (hw.length > 6) {
                other.add(h);
                continue;
            }
            long k = Compiled.HardwareTable.key(h.decl.hardwareType(), hw.length, packHi(hw));
            int first = hostsByHardware.putIfAbsent(k, i);
            if (first >= 0) {
                hosts[lastWithKey[first]].nextSameKey = i;
                lastWithKey[first] = i;
            } else {
                lastWithKey[i] = i;
            }
        }
        this.otherHardwareHosts = other.toArray(new HostNode[0]);
        this.uidHosts = uid.toArray(new HostNode[0]);
    }

    private static long packHi(byte[] hw) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (i < hw.length ? hw[i] & 0xff : 0);
        }
        return v;
    }

    /**
     * Validates and compiles a rule model whose global scope is {@code global}.
     *
     * @throws RuleSetException listing every error (unknown or duplicate class, range outside its
     *     subnet, bad netmask...)
     */
    public static RuleSet compile(Declaration.Group global) {
        Compiler c = new Compiler(global);
        c.run();
        for (Diagnostic d : c.errors) {
            if (d.isError()) {
                throw new RuleSetException(c.errors);
            }
        }
        return new RuleSet(c);
    }

    /** Builds a rule set through the Java API: {@code RuleSet.build(g -> g.subnet(...))}. */
    public static RuleSet build(Consumer<ScopeBuilder> global) {
        ScopeBuilder b = ScopeBuilder.global();
        global.accept(b);
        return compile(b.toGroup());
    }

    /** The model this rule set was compiled from. */
    public Declaration.Group model() {
        return model;
    }

    /** All subnets, in declaration order. */
    public List<Declaration.Subnet> subnets() {
        List<Declaration.Subnet> out = new ArrayList<>(subnets.length);
        for (SubnetNode s : subnets) {
            out.add(s.decl);
        }
        return List.copyOf(out);
    }

    /** All host declarations, in declaration order. */
    public List<Declaration.Host> hosts() {
        List<Declaration.Host> out = new ArrayList<>(hosts.length);
        for (HostNode h : hosts) {
            out.add(h.decl);
        }
        return List.copyOf(out);
    }

    /** Names of all classes, in declaration order. */
    public List<String> classNames() {
        List<String> out = new ArrayList<>();
        for (ClassNode c : topClasses) {
            out.add(c.name);
        }
        return List.copyOf(out);
    }

    int classCount() {
        return classCount;
    }

    ClassNode classNamed(String name) {
        return classesByName.get(name);
    }

    /** A decision holder to reuse with {@link #decide(ClientFacts, Decision)}. */
    public Decision newDecision() {
        return new Decision();
    }

    /** Decides for {@code facts} into a new decision. */
    public Decision decide(ClientFacts facts) {
        return decide(facts, new Decision());
    }

    /** Decides for {@code facts} into {@code into} (cleared first) and returns it; allocation-free. */
    public Decision decide(ClientFacts facts, Decision into) {
        run(facts, into, false);
        return into;
    }

    /** Decides for {@code facts} and records why. */
    public Explanation explain(ClientFacts facts) {
        Decision d = new Decision();
        run(facts, d, true);
        List<Explanation.Step> steps = d.traceSteps();
        return new Explanation(d.copy(), steps);
    }

    // ------------------------------------------------------------------ the decision

    private void run(ClientFacts f, Decision d, boolean explain) {
        d.begin(this, f, explain);

        // hosts: by client identifier first, then by hardware address (ISC order)
        HostNode first = firstMatchingHost(f);
        d.firstMatchingHost = first;
        d.known = first != null;
        if (explain) {
            d.trace(Explanation.Kind.HOST, null, first == null ? null : first.decl.origin(),
                    first == null ? "no host declaration for " + f.mac() : "host " + first.decl.name() + " matches " + f.mac());
        }

        // classes, in declaration order
        for (ClassNode c : topClasses) {
            if (c.matchIf != null) {
                boolean m = c.matchIf.test(d);
                if (explain) {
                    d.trace(Explanation.Kind.TEST, c.scope.ref, c.decl.origin(), "class \"" + c.name + "\" match if "
                            + c.matchIf.describe() + ": saw " + c.matchIf.observe(d) + " -> " + m);
                }
                if (m) {
                    d.addMember(c);
                    if (explain) {
                        d.trace(Explanation.Kind.CLASS, c.scope.ref, c.decl.origin(), "member of \"" + c.name + "\"");
                    }
                }
            }
            if (c.subclasses != null) {
                ClassNode sub;
                if (c.matchOption >= 0) {
                    sub = c.subclasses.getOption(f, c.matchOption);
                } else {
                    byte[] key = c.matchKey.value(d);
                    sub = key == null ? null : c.subclasses.get(key);
                }
                if (sub != null) {
                    d.addMember(sub);
                }
                if (explain) {
                    d.trace(Explanation.Kind.CLASS, c.scope.ref, sub == null ? c.decl.origin() : sub.decl.origin(),
                            sub == null ? "no subclass of \"" + c.name + "\" matches" : "member of subclass of \""
                                    + c.name + "\" " + Bytes.display(((Declaration.Subclass) sub.decl).sharedKey()));
                }
            }
        }

        // network, host and pool
        int link = f.giaddr() != 0 ? f.giaddr() : f.interfaceAddress();
        SubnetNode subnet = link != 0 ? subnetContaining(link) : null;
        if (f.giaddr() == 0 && f.ciaddr() != 0 && (subnet == null || !subnet.decl.contains(f.ciaddr()))) {
            // A client with an address that was not relayed: a relayed client renews by unicast
            // straight to the server, without giaddr (RFC 2131 4.3.2), so its address names its
            // subnet when that is one of ours. (ISC and Kea do this for unicast packets only; a
            // decision does not know how the packet was addressed, so a client that moved to
            // another of our links and rebinds by broadcast is answered for its old subnet.)
            SubnetNode own = subnetContaining(f.ciaddr());
            if (own != null) {
                subnet = own;
            }
        }
        NetNode net = subnet != null ? subnet.net : (link == 0 && networks.length == 1 ? networks[0] : null);
        HostNode host = null;
        int fixed = 0;
        boolean hasFixed = false;
        for (HostNode h = first; h != null && !hasFixed; h = nextMatchingHost(f, h)) {
            for (int a : h.fixed) {
                SubnetNode s = subnetContaining(a);
                if (s != null && (net == null || s.net == net) && (link == 0 || net != null)) {
                    host = h;
                    fixed = a;
                    hasFixed = true;
                    subnet = s;
                    net = s.net;
                    break;
                }
            }
        }
        if (host == null) {
            for (HostNode h = first; h != null; h = nextMatchingHost(f, h)) {
                if (h.fixed.length == 0) {
                    host = h;
                    break;
                }
            }
        }
        d.hostNode = host;
        PoolNode pool = null;
        if (!hasFixed && net != null) {
            // a pool of the client's own subnet first, then any of its shared network
            if (subnet != null) {
                for (PoolNode p : net.pools) {
                    if (p.subnet == subnet && p.permits(d)) {
                        pool = p;
                        break;
                    }
                }
            }
            if (pool == null) {
                for (PoolNode p : net.pools) {
                    if (p.permits(d)) {
                        pool = p;
                        break;
                    }
                }
            }
            if (pool != null) {
                // the address comes from the pool, so its subnet's scope applies (ISC: the lease's
                // subnet), also when it is another subnet of the relay's shared network
                subnet = pool.subnet;
            }
            if (subnet == null && net.subnets.length > 0) {
                subnet = net.subnets[0];
            }
        }
        d.subnetNode = subnet;
        d.poolNode = pool;
        if (hasFixed) {
            d.setFixedAddress(fixed, host.provenance);
        }
        if (explain) {
            d.trace(Explanation.Kind.NETWORK, subnet == null ? null : subnet.scope.ref,
                    subnet == null ? null : subnet.decl.origin(),
                    (subnet == null ? "no subnet for this client" : "subnet " + subnet.decl.cidr())
                            + " (link address " + (link == 0 ? "unknown" : Ipv4.format(link)) + ")"
                            + (hasFixed ? ", fixed address " + Ipv4.format(fixed) + " from host " + host.decl.name()
                                    : pool != null ? ", pool at " + pool.decl.origin() + " " + pool.decl.ranges()
                                            : ", no pool"));
        }

        // statements: outer scopes to the subnet, pool, classes (first match last), host
        ScopeNode base = subnet != null ? subnet.scope : net != null && net.scope != null ? net.scope : root;
        runScope(base, null, d);
        ScopeNode limit = base;
        if (pool != null && pool.scope != null) {
            runScope(pool.scope, pool.limit, d);
            limit = pool.scope;
        }
        int n = d.memberCount;
        for (int i = n - 1; i >= 0; i--) {
            runScope(d.members[i].scope, limit, d);
        }
        if (host != null) {
            runScope(host.scope, limit, d);
        }
        if (subnet != null && !d.hasOption(1) && d.optionProvenance(1) == null) {
            d.setOption(1, subnet.maskBytes, Action.Mode.SUPERSEDE, subnet.maskProvenance);
        }
    }

    private static void runScope(ScopeNode s, ScopeNode limit, Decision d) {
        if (s == null) {
            return;
        }
        for (ScopeNode x = limit; x != null; x = x.parent) {
            if (x == s) {
                return;
            }
        }
        runScope(s.parent, limit, d);
        Step.runAll(s.body, d);
    }

    private SubnetNode subnetContaining(int address) {
        SubnetNode best = null;
        for (SubnetNode s : subnets) {
            if (s.decl.contains(address) && (best == null || Integer.compareUnsigned(s.decl.netmask(), best.decl.netmask()) > 0)) {
                best = s;
            }
        }
        return best;
    }

    private HostNode firstMatchingHost(ClientFacts f) {
        return nextMatchingHost(f, null);
    }

    /**
     * Matching hosts in order: those matching the client identifier (declaration order), then
     * those matching the hardware address (declaration order). Allocation-free iteration.
     */
    private HostNode nextMatchingHost(ClientFacts f, HostNode after) {
        int phase = 0;
        int pos = -1;
        if (after != null) {
            int i = indexIn(uidHosts, after);
            if (i >= 0 && f.optionEquals(ClientFacts.OPT_CLIENT_ID, after.decl.uid())) {
                pos = i;
            } else {
                phase = 1;
            }
        }
        if (phase == 0) {
            for (int i = pos + 1; i < uidHosts.length; i++) {
                if (f.optionEquals(ClientFacts.OPT_CLIENT_ID, uidHosts[i].decl.uid())) {
                    return uidHosts[i];
                }
            }
            after = null;
        }
        // hardware phase
        if (f.hardwareLength() <= 6) {
            int idx;
            if (after == null) {
                idx = hostsByHardware.get(Compiled.HardwareTable.key(f.hardwareType(), f.hardwareLength(), f.chaddrHi()));
            } else {
                idx = after.nextSameKey;
            }
            while (idx >= 0) {
                HostNode h = hosts[idx];
                if (h.hardwareMatches(f) && !uidMatched(f, h)) {
                    return h;
                }
                idx = h.nextSameKey;
            }
            return null;
        }
        int start = after == null ? 0 : indexIn(otherHardwareHosts, after) + 1;
        for (int i = start; i < otherHardwareHosts.length; i++) {
            if (otherHardwareHosts[i].hardwareMatches(f) && !uidMatched(f, otherHardwareHosts[i])) {
                return otherHardwareHosts[i];
            }
        }
        return null;
    }

    private static boolean uidMatched(ClientFacts f, HostNode h) {
        return h.decl.uid() != null && f.optionEquals(ClientFacts.OPT_CLIENT_ID, h.decl.uid());
    }

    private static int indexIn(HostNode[] a, HostNode h) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == h) {
                return i;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ compiler

    private static final class Compiler {
        final Declaration.Group model;
        final List<Diagnostic> errors = new ArrayList<>();
        ScopeNode root;
        final List<NetNode> networks = new ArrayList<>();
        final List<SubnetNode> subnets = new ArrayList<>();
        final List<HostNode> hosts = new ArrayList<>();
        final List<ClassNode> topClasses = new ArrayList<>();
        final Map<String, ClassNode> classesByName = new HashMap<>();
        final Map<String, List<byte[]>> subKeys = new HashMap<>();
        final Map<String, List<ClassNode>> subNodes = new HashMap<>();
        int classCount;
        /** Bodies are compiled after every class is known, so that {@code add} can refer forward. */
        final List<ScopeNode> pendingScopes = new ArrayList<>();
        final List<List<Statement>> pendingBodies = new ArrayList<>();

        Compiler(Declaration.Group model) {
            this.model = model;
        }

        void run() {
            root = new ScopeNode(new ScopeRef(ScopeKind.GLOBAL, null, model.origin()), null);
            body(root, model.statements());
            declarations(model.declarations(), root, null, null);
            for (ClassNode c : topClasses) {
                List<byte[]> keys = subKeys.get(c.name);
                if (keys != null) {
                    c.subclasses = new Compiled.ByteKeyTable(keys.toArray(new byte[0][]),
                            subNodes.get(c.name).toArray(new ClassNode[0]));
                }
            }
            for (int i = 0; i < pendingScopes.size(); i++) {
                ScopeNode s = pendingScopes.get(i);
                s.body = steps(pendingBodies.get(i), s.ref, null);
            }
        }

        private void error(Origin o, String message) {
            errors.add(Diagnostic.error(o, message));
        }

        private void body(ScopeNode scope, List<Statement> statements) {
            pendingScopes.add(scope);
            pendingBodies.add(statements);
        }

        private Step[] steps(List<Statement> statements, ScopeRef scope, Rule rule) {
            List<Step> out = new ArrayList<>();
            for (Statement s : statements) {
                Step step = step(s, scope, rule);
                if (step != null) {
                    out.add(step);
                }
            }
            return out.toArray(new Step[0]);
        }

        private Step step(Statement s, ScopeRef scope, Rule rule) {
            if (s instanceof Chain c) {
                Rule[] rules = c.rules().toArray(new Rule[0]);
                Step[][] bodies = new Step[rules.length][];
                for (int i = 0; i < rules.length; i++) {
                    bodies[i] = steps(rules[i].body(), scope, rules[i]);
                }
                Step[] otherwise = c.otherwise() == null ? null : steps(c.otherwise(), scope, null);
                return new Compiled.ChainStep(scope, rules, bodies, otherwise, c.otherwiseOrigin());
            }
            Action a = (Action) s;
            Provenance p = new Provenance(scope, a.origin(), rule);
            // common actions first: each instanceof loads its class, and a cold read pays for each
            if (a instanceof Action.NextServer x) {
                return new Compiled.NextServerStep(x.address(), p);
            } else if (a instanceof Action.Filename x) {
                return new Compiled.FilenameStep(x.value(), p);
            } else if (a instanceof Action.SetOption x) {
                return new Compiled.OptionStep(x.code(), x.shared(), x.mode(), p);
            } else if (a instanceof Action.LeaseTime x) {
                return new Compiled.LeaseStep(x.kind(), x.seconds(), p);
            } else if (a instanceof Action.Authoritative x) {
                return new Compiled.AuthoritativeStep(x.value(), p);
            } else if (a instanceof Action.ServerName x) {
                return new Compiled.ServerNameStep(x.value(), p);
            } else if (a instanceof Action.ComputeOption x) {
                return new Compiled.ComputedOptionStep(x.code(), x.source(), x.mode(), p);
            } else if (a instanceof Action.RemoveOption x) {
                return new Compiled.RemoveOptionStep(x.code(), p);
            } else if (a instanceof Action.AddClass x) {
                ClassNode c = classesByName.get(x.className());
                if (c == null) {
                    error(x.origin(), "unknown class \"" + x.className() + "\"");
                    return null;
                }
                return new Compiled.AddClassStep(c, p);
            }
            throw new IllegalStateException("unknown action " + a);
        }

        private void declarations(List<Declaration> decls, ScopeNode parent, NetNode net, SubnetNode subnet) {
            for (Declaration d : decls) {
                declaration(d, parent, net, subnet);
            }
        }

        private void declaration(Declaration d, ScopeNode parent, NetNode net, SubnetNode subnet) {
            if (d instanceof Declaration.Group g) {
                ScopeNode s = new ScopeNode(new ScopeRef(ScopeKind.GROUP, g.name(), g.origin()), parent);
                body(s, g.statements());
                declarations(g.declarations(), s, net, subnet);
            } else if (d instanceof Declaration.SharedNetwork sn) {
                if (net != null) {
                    error(sn.origin(), "shared-network \"" + sn.name() + "\" inside another network declaration");
                    return;
                }
                ScopeNode s = new ScopeNode(new ScopeRef(ScopeKind.SHARED_NETWORK, sn.name(), sn.origin()), parent);
                body(s, sn.statements());
                NetNode n = new NetNode(s);
                networks.add(n);
                declarations(sn.declarations(), s, n, null);
                if (n.subnets.length == 0) {
                    error(sn.origin(), "shared-network \"" + sn.name() + "\" has no subnet");
                }
            } else if (d instanceof Declaration.Subnet sd) {
                subnet(sd, parent, net, subnet);
            } else if (d instanceof Declaration.Pool pd) {
                pool(pd, parent, net, subnet);
            } else if (d instanceof Declaration.Host h) {
                ScopeNode s = new ScopeNode(new ScopeRef(ScopeKind.HOST, h.name(), h.origin()), parent);
                body(s, h.statements());
                hosts.add(new HostNode(h, s));
                if (h.hw() != null && h.hardwareType() == 1 && h.hw().length != 6) {
                    error(h.origin(), "host " + h.name() + ": an Ethernet address has 6 bytes, not " + h.hw().length);
                }
            } else if (d instanceof Declaration.ClientClass c) {
                if (classesByName.containsKey(c.name())) {
                    error(c.origin(), "class \"" + c.name() + "\" is already declared at "
                            + classesByName.get(c.name()).decl.origin());
                    return;
                }
                ScopeNode s = new ScopeNode(new ScopeRef(ScopeKind.CLASS, c.name(), c.origin()), parent);
                body(s, c.statements());
                ClassNode n = new ClassNode(c.name(), classCount++, s, null, c);
                n.matchIf = c.matchIf();
                n.matchOption = c.matchOptionCode();
                n.matchKey = c.matchKey();
                topClasses.add(n);
                classesByName.put(c.name(), n);
            } else if (d instanceof Declaration.Subclass sc) {
                ClassNode cls = classesByName.get(sc.className());
                if (cls == null) {
                    error(sc.origin(), "subclass of unknown class \"" + sc.className() + "\"");
                    return;
                }
                if (cls.matchOption < 0 && cls.matchKey == null) {
                    error(sc.origin(), "class \"" + sc.className() + "\" has no match statement, so it cannot have subclasses");
                    return;
                }
                List<byte[]> keys = subKeys.computeIfAbsent(cls.name, k -> new ArrayList<>());
                for (byte[] k : keys) {
                    if (java.util.Arrays.equals(k, sc.sharedKey())) {
                        error(sc.origin(), "duplicate subclass " + Bytes.display(k) + " of class \"" + cls.name + "\"");
                        return;
                    }
                }
                ScopeNode s = new ScopeNode(new ScopeRef(ScopeKind.CLASS, cls.name + " " + Bytes.display(sc.sharedKey()),
                        sc.origin()), cls.scope);
                body(s, sc.statements());
                ClassNode n = new ClassNode(cls.name, classCount++, s, cls, sc);
                keys.add(sc.sharedKey());
                subNodes.computeIfAbsent(cls.name, k -> new ArrayList<>()).add(n);
            }
        }

        private void subnet(Declaration.Subnet sd, ScopeNode parent, NetNode net, SubnetNode outer) {
            if (outer != null) {
                error(sd.origin(), "subnet " + sd.cidr() + " inside another subnet");
                return;
            }
            int mask = sd.netmask();
            if (mask != 0 && Integer.bitCount(mask) != Integer.numberOfLeadingZeros(~mask)) {
                error(sd.origin(), "netmask " + Ipv4.format(mask) + " is not contiguous");
                return;
            }
            if ((sd.network() & ~mask) != 0) {
                error(sd.origin(), "subnet " + Ipv4.format(sd.network()) + " netmask " + Ipv4.format(mask)
                        + ": the network address has host bits set");
                return;
            }
            for (SubnetNode other : subnets) {
                if (other.decl.network() == sd.network() && other.decl.netmask() == mask) {
                    error(sd.origin(), "subnet " + sd.cidr() + " is already declared at " + other.decl.origin());
                    return;
                }
            }
            ScopeNode s = new ScopeNode(new ScopeRef(ScopeKind.SUBNET, sd.cidr(), sd.origin()), parent);
            body(s, sd.statements());
            NetNode n = net;
            if (n == null) {
                n = new NetNode(null);
                networks.add(n);
            }
            SubnetNode node = new SubnetNode(sd, s, n);
            subnets.add(node);
            n.subnets = append(n.subnets, node);
            for (AddressRange r : sd.ranges()) {
                checkRange(r, node);
            }
            if (!sd.ranges().isEmpty()) {
                Declaration.Pool implicit = new Declaration.Pool(sd.ranges(), List.of(), List.of(), sd.origin());
                n.pools = append(n.pools, new PoolNode(implicit, null, s, node, new Permit.Kind[0], new ClassNode[0],
                        new Permit.Kind[0], new ClassNode[0]));
            }
            declarations(sd.declarations(), s, n, node);
        }

        private void checkRange(AddressRange r, SubnetNode s) {
            if (!s.decl.contains(r.first()) || !s.decl.contains(r.last())) {
                error(r.origin() != null ? r.origin() : s.decl.origin(),
                        "range " + r + " is not inside subnet " + s.decl.cidr());
            }
        }

        private void pool(Declaration.Pool pd, ScopeNode parent, NetNode net, SubnetNode subnet) {
            if (net == null) {
                error(pd.origin(), "pool outside a subnet or shared-network");
                return;
            }
            SubnetNode owner = subnet;
            if (owner == null) {
                for (AddressRange r : pd.ranges()) {
                    for (SubnetNode s : net.subnets) {
                        if (s.decl.contains(r.first())) {
                            owner = s;
                            break;
                        }
                    }
                    if (owner != null) {
                        break;
                    }
                }
            }
            if (pd.ranges().isEmpty()) {
                error(pd.origin(), "pool has no range");
                return;
            }
            if (owner == null) {
                error(pd.origin(), "pool range " + pd.ranges().get(0) + " is not inside any subnet of its network");
                return;
            }
            for (AddressRange r : pd.ranges()) {
                checkRange(r, owner);
            }
            ScopeNode s = new ScopeNode(new ScopeRef(ScopeKind.POOL, null, pd.origin()), parent);
            body(s, pd.statements());
            List<Permit.Kind> ak = new ArrayList<>();
            List<ClassNode> ac = new ArrayList<>();
            List<Permit.Kind> dk = new ArrayList<>();
            List<ClassNode> dc = new ArrayList<>();
            for (Permit p : pd.permits()) {
                ClassNode c = null;
                if (p.kind() == Permit.Kind.MEMBERS_OF) {
                    c = classesByName.get(p.className());
                    if (c == null) {
                        error(p.origin(), "unknown class \"" + p.className() + "\" in permit list");
                        continue;
                    }
                }
                (p.allow() ? ak : dk).add(p.kind());
                (p.allow() ? ac : dc).add(c);
            }
            ScopeNode limit = subnet != null ? subnet.scope : net.scope;
            net.pools = append(net.pools, new PoolNode(pd, s, limit, owner, ak.toArray(new Permit.Kind[0]),
                    ac.toArray(new ClassNode[0]), dk.toArray(new Permit.Kind[0]), dc.toArray(new ClassNode[0])));
        }

        private static <T> T[] append(T[] a, T x) {
            T[] out = java.util.Arrays.copyOf(a, a.length + 1);
            out[a.length] = x;
            return out;
        }
    }
}
