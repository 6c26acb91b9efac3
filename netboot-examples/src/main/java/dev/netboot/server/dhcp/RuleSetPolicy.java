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
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link BootPolicy} of a netboot {@link RuleSet} (the rule engine, and through it ISC
 * dhcpd.conf): the one class that adapts the rules module's decisions to the server. Thread-safe
 * (the rule set is immutable; each thread reuses its own decision holder).
 */
public final class RuleSetPolicy implements BootPolicy {
    private final RuleSet rules;
    private final ThreadLocal<Decision> decisions;
    /** Address pools by pool declaration (identity: the rule set keeps one object per pool). */
    private final Map<Declaration.Pool, AddressPool> pools = Collections.synchronizedMap(new IdentityHashMap<>());

    private RuleSetPolicy(RuleSet rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.decisions = ThreadLocal.withInitial(rules::newDecision);
    }

    /** The policy of {@code rules}. */
    public static RuleSetPolicy of(RuleSet rules) {
        return new RuleSetPolicy(rules);
    }

    /**
     * Reads an ISC dhcpd.conf.
     *
     * @param includeRoot where absolute include paths are rebased (null: as written)
     * @throws DhcpServerException with the reader's {@code file:line:column} message
     */
    public static RuleSetPolicy fromIscFile(Path file, Path includeRoot) {
        try {
            DhcpdConf.Result result = DhcpdConf.reader().includeRoot(includeRoot).read(file);
            result.warnings().forEach(w -> DhcpEngine.LOG.warn("{}", w));
            return new RuleSetPolicy(result.ruleSet());
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
        b.summary(d.summary());
        return b.build();
    }

    private static AddressPool addressPool(Declaration.Pool pool) {
        AddressPool.Builder b = AddressPool.builder();
        for (AddressRange r : pool.ranges()) {
            b.range(r.first(), r.last());
        }
        return b.build();
    }

    /** The rule engine's view of the client; copies the options (the message buffer is short-lived). */
    static ClientFacts facts(DhcpMessage m, Link link) {
        ClientFacts.Builder f = ClientFacts.builder().hardware(m.htype(), m.chaddr());
        long[] seen = new long[4];
        for (int i = 0; i < m.optionCount(); i++) {
            int code = m.optionCode(i);
            long bit = 1L << (code & 63);
            if ((seen[code >>> 6] & bit) == 0) {
                seen[code >>> 6] |= bit;
                f.option(code, m.optionBytes(code));
            }
        }
        if (m.giaddr() != 0) {
            f.giaddr(Ipv4.format(m.giaddr()));
        }
        f.ciaddr(m.ciaddr());
        if (link.interfaceName().isPresent()) {
            f.interfaceName(link.interfaceName().get());
            f.interfaceAddress(Ipv4.format(link.serverAddress()));
        }
        return f.build();
    }
}
