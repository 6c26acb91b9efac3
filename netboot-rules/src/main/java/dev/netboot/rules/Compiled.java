package dev.netboot.rules;

import dev.netboot.dhcp.Ipv4;
import java.util.Arrays;
import java.util.List;

/** The compiled, immutable form of a rule model: scope nodes with steps, and lookup tables. */
final class Compiled {
    private Compiled() {}

    static final class ScopeNode {
        final ScopeRef ref;
        final ScopeNode parent;
        Step[] body = new Step[0];

        ScopeNode(ScopeRef ref, ScopeNode parent) {
            this.ref = ref;
            this.parent = parent;
        }
    }

    abstract static class Step {
        abstract void run(Decision d);

        static void runAll(Step[] steps, Decision d) {
            for (Step s : steps) {
                s.run(d);
            }
        }
    }

    static final class NextServerStep extends Step {
        private final int address;
        private final Provenance p;

        NextServerStep(int address, Provenance p) {
            this.address = address;
            this.p = p;
        }

        @Override
        void run(Decision d) {
            d.setNextServer(address, p);
        }
    }

    static final class FilenameStep extends Step {
        private final String value;
        private final Provenance p;

        FilenameStep(String value, Provenance p) {
            this.value = value;
            this.p = p;
        }

        @Override
        void run(Decision d) {
            d.setFilename(value, p);
        }
    }

    static final class ServerNameStep extends Step {
        private final String value;
        private final Provenance p;

        ServerNameStep(String value, Provenance p) {
            this.value = value;
            this.p = p;
        }

        @Override
        void run(Decision d) {
            d.setServerName(value, p);
        }
    }

    static final class OptionStep extends Step {
        private final int code;
        private final byte[] value;
        private final Action.Mode mode;
        private final Provenance p;

        OptionStep(int code, byte[] value, Action.Mode mode, Provenance p) {
            this.code = code;
            this.value = value;
            this.mode = mode;
            this.p = p;
        }

        @Override
        void run(Decision d) {
            d.setOption(code, value, mode, p);
        }
    }

    static final class ComputedOptionStep extends Step {
        private final int code;
        private final ValueSource source;
        private final Action.Mode mode;
        private final Provenance p;

        ComputedOptionStep(int code, ValueSource source, Action.Mode mode, Provenance p) {
            this.code = code;
            this.source = source;
            this.mode = mode;
            this.p = p;
        }

        @Override
        void run(Decision d) {
            byte[] v = source.value(d);
            if (v != null) {
                d.setOption(code, v, mode, p);
            } else if (d.tracing()) {
                d.trace(Explanation.Kind.TEST, p.scope(), p.origin(),
                        "option " + code + " = " + source.describe() + " has no value for this client; not set");
            }
        }
    }

    static final class RemoveOptionStep extends Step {
        private final int code;
        private final Provenance p;

        RemoveOptionStep(int code, Provenance p) {
            this.code = code;
            this.p = p;
        }

        @Override
        void run(Decision d) {
            d.removeOption(code, p);
        }
    }

    static final class AddClassStep extends Step {
        private final ClassNode cls;
        private final Provenance p;

        AddClassStep(ClassNode cls, Provenance p) {
            this.cls = cls;
            this.p = p;
        }

        @Override
        void run(Decision d) {
            boolean added = d.addMember(cls);
            if (d.tracing()) {
                d.trace(Explanation.Kind.CLASS, p.scope(), p.origin(),
                        "add \"" + cls.name + "\"" + (added ? "" : " (already a member)"));
            }
        }
    }

    static final class LeaseStep extends Step {
        private final Action.LeaseTimeKind kind;
        private final long seconds;
        private final Provenance p;

        LeaseStep(Action.LeaseTimeKind kind, long seconds, Provenance p) {
            this.kind = kind;
            this.seconds = seconds;
            this.p = p;
        }

        @Override
        void run(Decision d) {
            d.setLeaseTime(kind, seconds, p);
        }
    }

    static final class AuthoritativeStep extends Step {
        private final boolean value;
        private final Provenance p;

        AuthoritativeStep(boolean value, Provenance p) {
            this.value = value;
            this.p = p;
        }

        @Override
        void run(Decision d) {
            d.setAuthoritative(value, p);
        }
    }

    static final class ChainStep extends Step {
        private final ScopeRef scope;
        private final Rule[] rules;
        private final Predicate[] conditions;
        private final Step[][] bodies;
        private final Step[] otherwise;
        private final Origin otherwiseOrigin;

        ChainStep(ScopeRef scope, Rule[] rules, Step[][] bodies, Step[] otherwise, Origin otherwiseOrigin) {
            this.scope = scope;
            this.rules = rules;
            this.conditions = new Predicate[rules.length];
            for (int i = 0; i < rules.length; i++) {
                conditions[i] = rules[i].condition();
            }
            this.bodies = bodies;
            this.otherwise = otherwise;
            this.otherwiseOrigin = otherwiseOrigin;
        }

        @Override
        void run(Decision d) {
            for (int i = 0; i < conditions.length; i++) {
                boolean r = conditions[i].test(d);
                if (d.tracing()) {
                    d.trace(Explanation.Kind.TEST, scope, rules[i].origin(), (i == 0 ? "if " : "else if ")
                            + rules[i].label() + ": saw " + conditions[i].observe(d) + " -> " + r);
                }
                if (r) {
                    runAll(bodies[i], d);
                    if (d.tracing()) {
                        for (int j = i + 1; j < rules.length; j++) {
                            d.trace(Explanation.Kind.SHADOWED, scope, rules[j].origin(),
                                    "else if " + rules[j].label() + ": not tried, " + rules[i].origin() + " matched");
                        }
                        if (otherwise != null) {
                            d.trace(Explanation.Kind.SHADOWED, scope, otherwiseOrigin,
                                    "else: not taken, " + rules[i].origin() + " matched");
                        }
                    }
                    return;
                }
            }
            if (otherwise != null) {
                if (d.tracing()) {
                    d.trace(Explanation.Kind.TEST, scope, otherwiseOrigin, "else: no earlier branch matched");
                }
                runAll(otherwise, d);
            }
        }
    }

    static final class ClassNode {
        final String name;
        final int index;
        final ScopeNode scope;
        final ClassNode superclass;
        final Declaration decl;
        Predicate matchIf;
        int matchOption = -1;
        ValueSource matchKey;
        ByteKeyTable subclasses;

        ClassNode(String name, int index, ScopeNode scope, ClassNode superclass, Declaration decl) {
            this.name = name;
            this.index = index;
            this.scope = scope;
            this.superclass = superclass;
            this.decl = decl;
        }
    }

    static final class HostNode {
        final Declaration.Host decl;
        final ScopeNode scope;
        final int[] fixed;
        final Provenance provenance;
        int nextSameKey = -1;

        HostNode(Declaration.Host decl, ScopeNode scope) {
            this.decl = decl;
            this.scope = scope;
            List<Integer> f = decl.fixedAddresses();
            this.fixed = new int[f.size()];
            for (int i = 0; i < fixed.length; i++) {
                fixed[i] = f.get(i);
            }
            this.provenance = new Provenance(scope.ref, decl.origin(), null);
        }

        boolean hardwareMatches(ClientFacts f) {
            byte[] hw = decl.hw();
            if (hw == null || decl.hardwareType() != f.hardwareType() || hw.length != f.hardwareLength()) {
                return false;
            }
            for (int i = 0; i < hw.length; i++) {
                if ((hw[i] & 0xff) != f.chaddrByte(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class SubnetNode {
        final Declaration.Subnet decl;
        final ScopeNode scope;
        final NetNode net;
        final byte[] maskBytes;
        final Provenance maskProvenance;

        SubnetNode(Declaration.Subnet decl, ScopeNode scope, NetNode net) {
            this.decl = decl;
            this.scope = scope;
            this.net = net;
            this.maskBytes = Ipv4.toBytes(decl.netmask());
            this.maskProvenance = new Provenance(scope.ref, decl.origin(), null);
        }
    }

    static final class NetNode {
        final ScopeNode scope;
        SubnetNode[] subnets = new SubnetNode[0];
        PoolNode[] pools = new PoolNode[0];

        NetNode(ScopeNode scope) {
            this.scope = scope;
        }
    }

    static final class PoolNode {
        final Declaration.Pool decl;
        final ScopeNode scope;
        final ScopeNode limit;
        final SubnetNode subnet;
        final Permit.Kind[] allowKinds;
        final Permit.Kind[] denyKinds;
        final ClassNode[] allowClasses;
        final ClassNode[] denyClasses;

        PoolNode(Declaration.Pool decl, ScopeNode scope, ScopeNode limit, SubnetNode subnet, Permit.Kind[] allowKinds,
                ClassNode[] allowClasses, Permit.Kind[] denyKinds, ClassNode[] denyClasses) {
            this.decl = decl;
            this.scope = scope;
            this.limit = limit;
            this.subnet = subnet;
            this.allowKinds = allowKinds;
            this.allowClasses = allowClasses;
            this.denyKinds = denyKinds;
            this.denyClasses = denyClasses;
        }

        boolean permits(Decision d) {
            if (matchesAny(denyKinds, denyClasses, d)) {
                return false;
            }
            return allowKinds.length == 0 || matchesAny(allowKinds, allowClasses, d);
        }

        private static boolean matchesAny(Permit.Kind[] kinds, ClassNode[] classes, Decision d) {
            for (int i = 0; i < kinds.length; i++) {
                Permit.Kind k = kinds[i];
                boolean m = switch (k) {
                    case KNOWN_CLIENTS -> d.known();
                    case UNKNOWN_CLIENTS -> !d.known();
                    case MEMBERS_OF -> d.inClassIndex(classes[i].index);
                    case ALL_CLIENTS -> true;
                    case DYNAMIC_BOOTP_CLIENTS -> false;
                };
                if (m) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Open-addressing table from byte strings to class nodes; looks up option values in place. */
    static final class ByteKeyTable {
        private final byte[][] keys;
        private final ClassNode[] values;
        private final int mask;

        ByteKeyTable(byte[][] keys, ClassNode[] values) {
            int cap = Integer.highestOneBit(Math.max(4, keys.length * 2 + 1)) << 1;
            this.keys = new byte[cap][];
            this.values = new ClassNode[cap];
            this.mask = cap - 1;
            for (int i = 0; i < keys.length; i++) {
                int h = hash(keys[i]) & mask;
                while (this.keys[h] != null && !Arrays.equals(this.keys[h], keys[i])) {
                    h = (h + 1) & mask;
                }
                if (this.keys[h] == null) {
                    this.keys[h] = keys[i];
                    this.values[h] = values[i];
                }
            }
        }

        static int hash(byte[] b) {
            int h = 0x811c9dc5;
            for (byte x : b) {
                h = (h ^ (x & 0xff)) * 0x01000193;
            }
            return h ^ (h >>> 16);
        }

        ClassNode get(byte[] key) {
            int h = hash(key) & mask;
            while (keys[h] != null) {
                if (Arrays.equals(keys[h], key)) {
                    return values[h];
                }
                h = (h + 1) & mask;
            }
            return null;
        }

        ClassNode getOption(ClientFacts f, int code) {
            int len = f.options.length(code);
            if (len < 0) {
                return null;
            }
            int hv = 0x811c9dc5;
            for (int i = 0; i < len; i++) {
                hv = (hv ^ f.options.get(code, i)) * 0x01000193;
            }
            int h = (hv ^ (hv >>> 16)) & mask;
            while (keys[h] != null) {
                if (keys[h].length == len && f.options.regionEquals(code, 0, keys[h])) {
                    return values[h];
                }
                h = (h + 1) & mask;
            }
            return null;
        }
    }

    /** Open-addressing table from packed Ethernet-sized hardware keys to the first host index. */
    static final class HardwareTable {
        private final long[] keys;
        private final int[] values;
        private final boolean[] used;
        private final int mask;

        HardwareTable(int expected) {
            int cap = Integer.highestOneBit(Math.max(4, expected * 2 + 1)) << 1;
            keys = new long[cap];
            values = new int[cap];
            used = new boolean[cap];
            mask = cap - 1;
        }

        static long key(int htype, int hlen, long hi) {
            return ((long) (htype & 0xff) << 56) | ((long) (hlen & 0xff) << 48) | (hi >>> 16);
        }

        private static int slot(long k, int mask) {
            long h = k * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & mask;
        }

        /** Returns the existing value for {@code k}, or stores {@code v} and returns -1. */
        int putIfAbsent(long k, int v) {
            int h = slot(k, mask);
            while (used[h]) {
                if (keys[h] == k) {
                    return values[h];
                }
                h = (h + 1) & mask;
            }
            used[h] = true;
            keys[h] = k;
            values[h] = v;
            return -1;
        }

        int get(long k) {
            int h = slot(k, mask);
            while (used[h]) {
                if (keys[h] == k) {
                    return values[h];
                }
                h = (h + 1) & mask;
            }
            return -1;
        }
    }
}
