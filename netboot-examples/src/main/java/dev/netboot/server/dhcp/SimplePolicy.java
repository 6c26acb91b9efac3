package dev.netboot.server.dhcp;

import dev.netboot.dhcp.ClientArchitecture;
import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.Ipv4;
import dev.netboot.server.dhcp.lease.AddressPool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A small Java-configured {@link BootPolicy}: subnets with ranges and options, hosts with fixed
 * addresses (by MAC), and first-match boot rules choosing a file name by what the client sends.
 * For anything richer (classes, scopes, dhcpd.conf) use {@link RuleSetPolicy}. Immutable and
 * thread-safe once built.
 *
 * <pre>{@code
 * BootPolicy policy = SimplePolicy.builder()
 *         .subnet("10.213.0.0/24", s -> s.range("10.213.0.100", "10.213.0.199")
 *                 .routers("10.213.0.1").dns("10.213.0.1").domain("nb.test"))
 *         .host("02:13:00:00:00:10", "10.213.0.60")
 *         .bootRule("uefi-x64", SimplePolicy.arch(7, 9), "snponly.efi")
 *         .filename("undionly.kpxe").nextServer("10.213.0.1")
 *         .build();
 * }</pre>
 *
 * <p>Subnet selection: the subnet containing giaddr when relayed, else the one containing the
 * server's address on the receiving link, else the only subnet there is. Host settings beat boot
 * rules, which beat subnet settings, which beat the global ones.
 */
public final class SimplePolicy implements BootPolicy {
    private final List<SubnetEntry> subnets;
    private final Map<String, HostEntry> hostsByMac;
    private final List<BootRule> rules;
    private final Scope global;
    private final boolean authoritative;

    private SimplePolicy(Builder b) {
        this.subnets = List.copyOf(b.subnets);
        this.hostsByMac = Map.copyOf(b.hosts);
        this.rules = List.copyOf(b.rules);
        this.global = b.global.copy();
        this.authoritative = b.authoritative;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A predicate matching clients whose option 93 (first value) is one of {@code codes}. */
    public static Predicate<DhcpMessage> arch(int... codes) {
        int[] copy = codes.clone();
        return m -> {
            ClientArchitecture a = m.clientArchitecture();
            if (a == null) {
                return false;
            }
            for (int c : copy) {
                if (a.code() == c) {
                    return true;
                }
            }
            return false;
        };
    }

    /** A predicate matching clients whose vendor class (60) starts with {@code prefix}. */
    public static Predicate<DhcpMessage> vendorClassPrefix(String prefix) {
        byte[] p = prefix.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return m -> m.optionStartsWith(60, p);
    }

    /** A predicate matching clients whose raw user class (77) equals {@code value} (iPXE sends "iPXE"). */
    public static Predicate<DhcpMessage> userClass(String value) {
        byte[] v = value.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        return m -> m.optionEquals(77, v);
    }

    /** Options, boot fields and lease times of one scope; not thread-safe. */
    public static class Scope {
        final TreeMap<Integer, byte[]> options = new TreeMap<>();
        Integer nextServer;
        String filename;
        long defaultLease = -1;
        long maxLease = -1;

        Scope copy() {
            Scope s = new Scope();
            s.options.putAll(options);
            s.nextServer = nextServer;
            s.filename = filename;
            s.defaultLease = defaultLease;
            s.maxLease = maxLease;
            return s;
        }

        void applyTo(BootDecision.Builder d) {
            options.forEach(d::option);
            if (nextServer != null) {
                d.nextServer(nextServer);
            }
            if (filename != null) {
                d.filename(filename);
            }
        }
    }

    /** Settings of one subnet; not thread-safe. */
    public static final class SubnetBuilder {
        private final Scope scope = new Scope();
        private final List<int[]> ranges = new ArrayList<>();

        private SubnetBuilder() {}

        /** Adds a dynamic range, inclusive. */
        public SubnetBuilder range(String first, String last) {
            ranges.add(new int[] {Ipv4.parse(first), Ipv4.parse(last)});
            return this;
        }

        /** Option 3. */
        public SubnetBuilder routers(String... addresses) {
            return addresses(3, addresses);
        }

        /** Option 6. */
        public SubnetBuilder dns(String... addresses) {
            return addresses(6, addresses);
        }

        /** Option 42. */
        public SubnetBuilder ntp(String... addresses) {
            return addresses(42, addresses);
        }

        /** Option 15. */
        public SubnetBuilder domain(String name) {
            return option(15, name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }

        /** Any option, raw value. */
        public SubnetBuilder option(int code, byte[] value) {
            scope.options.put(code, value.clone());
            return this;
        }

        private SubnetBuilder addresses(int code, String... addresses) {
            byte[] v = new byte[4 * addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                int a = Ipv4.parse(addresses[i]);
                v[4 * i] = (byte) (a >>> 24);
                v[4 * i + 1] = (byte) (a >>> 16);
                v[4 * i + 2] = (byte) (a >>> 8);
                v[4 * i + 3] = (byte) a;
            }
            return option(code, v);
        }

        /** The boot server for clients on this subnet. */
        public SubnetBuilder nextServer(String address) {
            scope.nextServer = Ipv4.parse(address);
            return this;
        }

        /** The boot file for clients on this subnet. */
        public SubnetBuilder filename(String name) {
            scope.filename = name;
            return this;
        }

        /** Lease times for this subnet, seconds. */
        public SubnetBuilder leaseTimes(long defaultSeconds, long maxSeconds) {
            scope.defaultLease = defaultSeconds;
            scope.maxLease = maxSeconds;
            return this;
        }
    }

    /** Collects subnets, hosts and rules; not thread-safe. */
    public static final class Builder {
        private final List<SubnetEntry> subnets = new ArrayList<>();
        private final Map<String, HostEntry> hosts = new HashMap<>();
        private final Map<Integer, String> hostAddresses = new HashMap<>();
        private final List<BootRule> rules = new ArrayList<>();
        private final Scope global = new Scope();
        private boolean authoritative = true;

        private Builder() {}

        /**
         * Adds a subnet.
         *
         * @throws IllegalArgumentException when a range lies outside the subnet or ranges overlap
         */
        public Builder subnet(String cidr, Consumer<SubnetBuilder> settings) {
            Subnet subnet = Subnet.parse(cidr);
            SubnetBuilder sb = new SubnetBuilder();
            settings.accept(sb);
            AddressPool.Builder pool = AddressPool.builder();
            for (int[] r : sb.ranges) {
                if (!subnet.contains(r[0]) || !subnet.contains(r[1])) {
                    throw new IllegalArgumentException("range " + Ipv4.format(r[0]) + "-" + Ipv4.format(r[1])
                            + " is outside subnet " + subnet);
                }
                pool.range(r[0], r[1]);
            }
            subnets.add(new SubnetEntry(subnet, sb.ranges.isEmpty() ? null : pool, sb.scope.copy(), null));
            return this;
        }

        /**
         * Reserves {@code address} for the client with hardware address {@code mac}.
         *
         * @throws IllegalArgumentException when the MAC or the address is already used by a host
         */
        public Builder host(String mac, String address) {
            return host(mac, address, null, null);
        }

        /**
         * Reserves {@code address} (may be null: boot settings only) for {@code mac}, with an
         * optional boot file and next-server overriding every other scope.
         */
        public Builder host(String mac, String address, String filename, String nextServer) {
            String key = normalizeMac(mac);
            Integer a = address == null ? null : Ipv4.parse(address);
            if (hosts.containsKey(key)) {
                throw new IllegalArgumentException("host " + key + " declared twice");
            }
            if (a != null && hostAddresses.containsKey(a)) {
                throw new IllegalArgumentException("hosts " + hostAddresses.get(a) + " and " + key
                        + " have the same fixed address " + address);
            }
            if (a != null) {
                hostAddresses.put(a, key);
            }
            hosts.put(key, new HostEntry(key, a, filename, nextServer == null ? null : Ipv4.parse(nextServer)));
            return this;
        }

        /** Adds a boot rule: the first rule whose predicate matches sets the file name. */
        public Builder bootRule(String name, Predicate<DhcpMessage> when, String filename) {
            return bootRule(name, when, filename, Map.of());
        }

        /** Adds a boot rule that also sends (always) the given options, e.g. 60 "HTTPClient". */
        public Builder bootRule(String name, Predicate<DhcpMessage> when, String filename, Map<Integer, byte[]> options) {
            rules.add(new BootRule(name, Objects.requireNonNull(when, "when"), filename, Map.copyOf(options)));
            return this;
        }

        /** The default boot file. */
        public Builder filename(String name) {
            global.filename = name;
            return this;
        }

        /** The default boot server. */
        public Builder nextServer(String address) {
            global.nextServer = Ipv4.parse(address);
            return this;
        }

        /** Default and maximum lease time, seconds. */
        public Builder leaseTimes(long defaultSeconds, long maxSeconds) {
            global.defaultLease = defaultSeconds;
            global.maxLease = maxSeconds;
            return this;
        }

        /** A global option. */
        public Builder option(int code, byte[] value) {
            global.options.put(code, value.clone());
            return this;
        }

        /** Whether the server NAKs requests for wrong addresses (default true). */
        public Builder authoritative(boolean value) {
            authoritative = value;
            return this;
        }

        /**
         * Builds the policy.
         *
         * @throws IllegalArgumentException when a fixed address lies inside a dynamic range
         */
        public SimplePolicy build() {
            for (int i = 0; i < subnets.size(); i++) {
                SubnetEntry s = subnets.get(i);
                if (s.poolBuilder == null) {
                    continue;
                }
                AddressPool probe = s.poolBuilder.build();
                for (Map.Entry<Integer, String> h : hostAddresses.entrySet()) {
                    if (probe.contains(h.getKey())) {
                        throw new IllegalArgumentException("fixed address " + Ipv4.format(h.getKey()) + " of host "
                                + h.getValue() + " is inside the dynamic range " + probe + " of subnet " + s.subnet);
                    }
                }
                subnets.set(i, new SubnetEntry(s.subnet, null, s.scope, probe));
            }
            return new SimplePolicy(this);
        }
    }

    private record SubnetEntry(Subnet subnet, AddressPool.Builder poolBuilder, Scope scope, AddressPool pool) {}

    private record HostEntry(String mac, Integer address, String filename, Integer nextServer) {}

    private record BootRule(String name, Predicate<DhcpMessage> when, String filename, Map<Integer, byte[]> options) {}

    static String normalizeMac(String mac) {
        String m = mac.trim().toLowerCase(Locale.ROOT).replace('-', ':');
        String[] parts = m.split(":");
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 2) {
                throw new IllegalArgumentException("not a MAC address: '" + mac + "'");
            }
            int v = Integer.parseInt(p, 16);
            sb.append(sb.length() == 0 ? "" : ":").append(String.format("%02x", v));
        }
        return sb.toString();
    }

    @Override
    public BootDecision decide(DhcpMessage request, Link link) {
        BootDecision.Builder d = BootDecision.builder().authoritative(authoritative);
        // The server's own address identifies the network only when the socket is bound to a device.
        SubnetEntry subnet = select(request.giaddr() != 0 ? request.giaddr()
                : link.interfaceName().isPresent() ? link.serverAddress() : 0);
        HostEntry host = request.htype() == 1 && request.hlen() == 6
                ? hostsByMac.get(HexFormat.ofDelimiter(":").formatHex(request.chaddr())) : null;
        long def = global.defaultLease;
        long max = global.maxLease;
        global.applyTo(d);
        if (host != null) {
            d.known(true);
            if (host.address != null) {
                SubnetEntry own = containing(host.address);
                if (own != null && (subnet == null || own == subnet)) {
                    subnet = own;
                    d.fixedAddress(host.address);
                }
            }
        }
        if (subnet != null) {
            d.subnet(subnet.subnet);
            d.addressOption(1, subnet.subnet.mask());
            subnet.scope.applyTo(d);
            if (subnet.scope.defaultLease >= 0) {
                def = subnet.scope.defaultLease;
            }
            if (subnet.scope.maxLease >= 0) {
                max = subnet.scope.maxLease;
            }
            if (host == null || host.address == null) {
                d.pool(subnet.pool);
            }
        }
        String rule = "-";
        for (BootRule r : rules) {
            if (r.when.test(request)) {
                rule = r.name;
                if (r.filename != null) {
                    d.filename(r.filename);
                }
                r.options.forEach((code, value) -> d.option(code, value).alwaysSend(code));
                break;
            }
        }
        if (host != null) {
            if (host.filename != null) {
                d.filename(host.filename);
            }
            if (host.nextServer != null) {
                d.nextServer(host.nextServer);
            }
        }
        d.leaseTimes(def, max, -1);
        if (!DhcpEngine.TX.isInfoEnabled()) {
            return d.build(); // the summary is for the transaction log only
        }
        BootDecision partial = d.build();
        ClientArchitecture arch = request.clientArchitecture();
        d.summary(request.chaddrString() + " arch=" + (arch == null ? "-" : Integer.toString(arch.code()))
                + " rule=" + rule + (host != null ? " host=" + host.mac : "")
                + " next-server=" + (partial.nextServer().isPresent() ? Ipv4.format(partial.nextServer().getAsInt()) : "-")
                + " filename=" + partial.filename().map(f -> '"' + f + '"').orElse("-"));
        return d.build();
    }

    private SubnetEntry select(int linkAddress) {
        if (linkAddress != 0) {
            SubnetEntry s = containing(linkAddress);
            if (s != null) {
                return s;
            }
            return null;
        }
        return subnets.size() == 1 ? subnets.get(0) : null;
    }

    private SubnetEntry containing(int address) {
        for (SubnetEntry s : subnets) {
            if (s.subnet.contains(address)) {
                return s;
            }
        }
        return null;
    }
}
