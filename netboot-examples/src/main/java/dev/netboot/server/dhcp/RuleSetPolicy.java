package dev.netboot.server.dhcp;

import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.Ipv4;
import dev.netboot.rules.AddressRange;
import dev.netboot.rules.ClientFacts;
import dev.netboot.rules.Decision;
import dev.netboot.rules.Declaration;
import dev.netboot.rules.RuleSet;
import dev.netboot.rules.isc.ConfigException;
import dev.netboot.rules.isc.DhcpdConf;
import dev.netboot.server.dhcp.lease.AddressPool;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link BootPolicy} of a netboot {@link RuleSet} (the rule engine, and through it ISC
 * dhcpd.conf): the one class that adapts the rules module's decisions to the server. Thread-safe
 * (the rule set is immutable; each thread reuses its own decision holder).
 */
public final class RuleSetPolicy implements BootPolicy {
    private final RuleSet rules;
    private final List<Path> sources;
    private final ThreadLocal<Decision> decisions;
    /** Address pools by pool declaration (identity: the rule set keeps one object per pool). */
    private final Map<Declaration.Pool, AddressPool> pools = Collections.synchronizedMap(new IdentityHashMap<>());

    private RuleSetPolicy(RuleSet rules, List<Path> sources) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.sources = List.copyOf(sources);
        checkAddresses(rules);
        this.decisions = ThreadLocal.withInitial(rules::newDecision);
    }

    /**
     * The policy of {@code rules}.
     *
     * @throws DhcpServerException when two hosts have the same fixed address, or a fixed address
     *     is inside a dynamic range (naming both places)
     */
    public static RuleSetPolicy of(RuleSet rules) {
        return new RuleSetPolicy(rules, List.of());
    }

    /**
     * The policy of configuration read from {@code sources} (e.g. {@link DhcpdConf.Result#files()}):
     * a server that reloads when a file changes watches them all, includes too.
     *
     * @throws DhcpServerException as {@link #of(RuleSet)}
     */
    public static RuleSetPolicy of(RuleSet rules, List<Path> sources) {
        return new RuleSetPolicy(rules, sources);
    }

    /** The files the rules were read from, main file first; empty if not read from files. */
    public List<Path> sources() {
        return sources;
    }

    /**
     * Reads an ISC dhcpd.conf.
     *
     * @param includeRoot where absolute include paths are rebased (null: as written)
     * @throws DhcpServerException with the reader's {@code file:line:column} message, or naming
     *     both places of an address given twice (see {@link #of})
     */
    public static RuleSetPolicy fromIscFile(Path file, Path includeRoot) {
        try {
            DhcpdConf.Result result = DhcpdConf.reader().includeRoot(includeRoot).read(file);
            result.warnings().forEach(w -> DhcpEngine.LOG.warn("{}", w));
            return new RuleSetPolicy(result.ruleSet(), result.files());
        } catch (ConfigException e) {
            throw new DhcpServerException(e.getMessage(), e);
        }
    }

    /** The rule set. */
    public RuleSet ruleSet() {
        return rules;
    }

    @Override
    public BootDecision decide(DhcpMessage request, Link link) {
        Decision d = rules.decide(facts(request, link), decisions.get());
        BootDecision.Builder b = BootDecision.builder();
        Declaration.Subnet subnet = d.subnet();
        if (subnet != null) {
            b.subnet(Subnet.ofMask(subnet.network(), subnet.netmask()));
        }
        Declaration.Pool pool = d.pool();
        if (pool != null && !pool.ranges().isEmpty()) {
            b.pool(pools.computeIfAbsent(pool, RuleSetPolicy::addressPool));
        }
        if (d.hasFixedAddress()) {
            b.fixedAddress(d.fixedAddressValue());
        }
        b.known(d.known());
        if (d.hasNextServer()) {
            b.nextServer(d.nextServerAddress());
        }
        b.filename(d.filename()).serverName(d.serverName());
        for (int code = d.nextOption(-1); code >= 0; code = d.nextOption(code)) {
            if (code >= 1 && code <= 254) {
                b.option(code, d.option(code));
            }
        }
        b.leaseTimes(d.defaultLeaseTime(), d.maxLeaseTime(), d.minLeaseTime());
        b.authoritative(d.authoritative());
        if (DhcpEngine.TX.isInfoEnabled()) {
            b.summary(d.summary()); // for the transaction log only
        }
        return b.build();
    }

    private static AddressPool addressPool(Declaration.Pool pool) {
        AddressPool.Builder b = AddressPool.builder();
        for (AddressRange r : pool.ranges()) {
            b.range(r.first(), r.last());
        }
        return b.build();
    }

    /**
     * The rule engine's view of the client, reading options in place: valid only during
     * {@link #decide}, while the message's buffer is. The receiving interface's address selects
     * the subnet of a client that was not relayed; a socket bound to an address rather than an
     * interface gives none (the single network of a configuration, if it has one, applies).
     */
    static ClientFacts facts(DhcpMessage m, Link link) {
        if (link.interfaceName().isPresent()) {
            return ClientFacts.from(m, link.interfaceName().get(), link.serverAddress());
        }
        return ClientFacts.from(m);
    }

    /**
     * Rejects what would hand one address to two clients: two host entries with the same fixed
     * address, and a fixed address inside a dynamic range. The message names both places.
     */
    static void checkAddresses(RuleSet rules) {
        List<String> errors = new ArrayList<>();
        Map<Integer, Declaration.Host> fixed = new HashMap<>();
        List<AddressRange> ranges = new ArrayList<>();
        collectRanges(rules.model(), ranges);
        for (Declaration.Host host : rules.hosts()) {
            for (int address : host.fixedAddresses()) {
                Declaration.Host first = fixed.putIfAbsent(address, host);
                if (first != null && first != host) {
                    errors.add(host.origin().fileLine() + ": host " + host.name() + ": fixed-address "
                            + Ipv4.format(address) + " is already the fixed address of host " + first.name() + " at "
                            + first.origin().fileLine());
                }
                for (AddressRange r : ranges) {
                    if (r.contains(address)) {
                        errors.add(host.origin().fileLine() + ": host " + host.name() + ": fixed-address "
                                + Ipv4.format(address) + " is inside the dynamic range " + r
                                + (r.origin() != null ? " at " + r.origin().fileLine() : ""));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new DhcpServerException(errors.size() == 1 ? errors.get(0)
                    : errors.size() + " address conflicts: " + String.join("; ", errors));
        }
    }

    private static void collectRanges(Declaration d, List<AddressRange> out) {
        List<Declaration> children = List.of();
        if (d instanceof Declaration.Group g) {
            children = g.declarations();
        } else if (d instanceof Declaration.SharedNetwork n) {
            children = n.declarations();
        } else if (d instanceof Declaration.Subnet s) {
            out.addAll(s.ranges());
            children = s.declarations();
        } else if (d instanceof Declaration.Pool p) {
            out.addAll(p.ranges());
        }
        for (Declaration c : children) {
            collectRanges(c, out);
        }
    }
}
