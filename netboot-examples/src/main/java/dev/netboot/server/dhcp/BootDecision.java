package dev.netboot.server.dhcp;

import dev.netboot.dhcp.Ipv4;
import dev.netboot.server.dhcp.lease.AddressPool;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a {@link BootPolicy} decided for one client: the subnet it is on, where its address comes
 * from (a fixed address or a pool), the boot fields (next-server, file name, server name), the
 * options to send, lease times, and a one-line summary for the transaction log. Immutable; the
 * option values are copied in and must not be modified through {@link #options()}.
 *
 * @param subnet the client's subnet; empty when the client is on no network this server serves
 * @param pool the pool a dynamic address comes from; empty for a fixed address or when no pool
 *     admits the client
 * @param fixedAddress the client's reserved address from its host entry, if any
 * @param known whether a host entry matched the client (with or without a fixed address)
 * @param nextServer {@code siaddr}, the server the client loads its boot file from
 * @param filename the boot file name ({@code file} header field)
 * @param serverName the {@code sname} header field
 * @param options options to send, code to value, ascending code order
 * @param alwaysSend option codes sent even when the client's parameter request list (55) does
 *     not ask for them (subnet mask and routers are always sent anyway)
 * @param defaultLeaseSeconds lease time when the client asks for none; -1 for the server default
 * @param maxLeaseSeconds longest lease granted; -1 for the server default
 * @param minLeaseSeconds shortest lease granted; -1 for none
 * @param authoritative whether the server may NAK requests for addresses that are wrong for the
 *     client's network ({@code authoritative} in dhcpd.conf)
 * @param summary one line for the transaction log: MAC, architecture, classes, boot fields; the
 *     built-in policies leave it empty while that log is off
 */
public record BootDecision(
        Optional<Subnet> subnet,
        Optional<AddressPool> pool,
        OptionalInt fixedAddress,
        boolean known,
        OptionalInt nextServer,
        Optional<String> filename,
        Optional<String> serverName,
        SortedMap<Integer, byte[]> options,
        Set<Integer> alwaysSend,
        long defaultLeaseSeconds,
        long maxLeaseSeconds,
        long minLeaseSeconds,
        boolean authoritative,
        String summary) {

    /** Validates and copies. */
    public BootDecision {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(fixedAddress, "fixedAddress");
        Objects.requireNonNull(nextServer, "nextServer");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(summary, "summary");
        TreeMap<Integer, byte[]> copy = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> e : options.entrySet()) {
            int code = e.getKey();
            if (code < 1 || code > 254) {
                throw new IllegalArgumentException("option code " + code + " (expected: 1-254)");
            }
            copy.put(code, e.getValue().clone());
        }
        options = Collections.unmodifiableSortedMap(copy);
        alwaysSend = Set.copyOf(alwaysSend);
    }

    /** A builder; everything unset by default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this decision's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.subnet = subnet;
        b.pool = pool;
        b.fixedAddress = fixedAddress;
        b.known = known;
        b.nextServer = nextServer;
        b.filename = filename;
        b.serverName = serverName;
        b.options.putAll(options);
        b.alwaysSend.addAll(alwaysSend);
        b.defaultLease = defaultLeaseSeconds;
        b.maxLease = maxLeaseSeconds;
        b.minLease = minLeaseSeconds;
        b.authoritative = authoritative;
        b.summary = summary;
        return b;
    }

    /** Option {@code code}'s value (not a copy: do not modify), or null. */
    public byte[] option(int code) {
        return options.get(code);
    }

    /** Collects the fields of a {@link BootDecision}; not thread-safe. */
    public static final class Builder {
        private Optional<Subnet> subnet = Optional.empty();
        private Optional<AddressPool> pool = Optional.empty();
        private OptionalInt fixedAddress = OptionalInt.empty();
        private boolean known;
        private OptionalInt nextServer = OptionalInt.empty();
        private Optional<String> filename = Optional.empty();
        private Optional<String> serverName = Optional.empty();
        private final TreeMap<Integer, byte[]> options = new TreeMap<>();
        private final Set<Integer> alwaysSend = new HashSet<>();
        private long defaultLease = -1;
        private long maxLease = -1;
        private long minLease = -1;
        private boolean authoritative;
        private String summary = "";

        private Builder() {}

        /** The client's subnet. */
        public Builder subnet(Subnet value) {
            subnet = Optional.of(value);
            return this;
        }

        /** The pool to allocate from. */
        public Builder pool(AddressPool value) {
            pool = Optional.ofNullable(value);
            return this;
        }

        /** The fixed address of the client's host entry (also marks the client known). */
        public Builder fixedAddress(int address) {
            fixedAddress = OptionalInt.of(address);
            known = true;
            return this;
        }

        /** Whether a host entry matched. */
        public Builder known(boolean value) {
            known = value;
            return this;
        }

        /** {@code siaddr}. */
        public Builder nextServer(int address) {
            nextServer = OptionalInt.of(address);
            return this;
        }

        /** The boot file name. */
        public Builder filename(String value) {
            filename = Optional.ofNullable(value);
            return this;
        }

        /** The {@code sname} field. */
        public Builder serverName(String value) {
            serverName = Optional.ofNullable(value);
            return this;
        }

        /** Sends option {@code code} with {@code value} (when requested, or always if marked). */
        public Builder option(int code, byte[] value) {
            options.put(code, value.clone());
            return this;
        }

        /** Sends an option whose value is one or more IPv4 addresses. */
        public Builder addressOption(int code, int... addresses) {
            byte[] v = new byte[4 * addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                v[4 * i] = (byte) (addresses[i] >>> 24);
                v[4 * i + 1] = (byte) (addresses[i] >>> 16);
                v[4 * i + 2] = (byte) (addresses[i] >>> 8);
                v[4 * i + 3] = (byte) addresses[i];
            }
            return option(code, v);
        }

        /** Sends a text option (ISO-8859-1). */
        public Builder textOption(int code, String text) {
            return option(code, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        }

        /** Removes option {@code code}. */
        public Builder removeOption(int code) {
            options.remove(code);
            alwaysSend.remove(code);
            return this;
        }

        /** Sends option {@code code} even when the client does not ask for it. */
        public Builder alwaysSend(int code) {
            alwaysSend.add(code);
            return this;
        }

        /** Lease times in seconds: default, maximum, minimum (-1: unset). */
        public Builder leaseTimes(long defaultSeconds, long maxSeconds, long minSeconds) {
            defaultLease = defaultSeconds;
            maxLease = maxSeconds;
            minLease = minSeconds;
            return this;
        }

        /** Whether the server is authoritative for the client's network. */
        public Builder authoritative(boolean value) {
            authoritative = value;
            return this;
        }

        /** The transaction log summary. */
        public Builder summary(String value) {
            summary = Objects.requireNonNull(value, "summary");
            return this;
        }

        /** Builds the decision. */
        public BootDecision build() {
            return new BootDecision(subnet, pool, fixedAddress, known, nextServer, filename, serverName, options,
                    alwaysSend, defaultLease, maxLease, minLease, authoritative, summary);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("BootDecision(");
        sb.append(subnet.map(Subnet::toString).orElse("no subnet"));
        fixedAddress.ifPresent(a -> sb.append(", fixed ").append(Ipv4.format(a)));
        pool.ifPresent(p -> sb.append(", pool ").append(p));
        nextServer.ifPresent(a -> sb.append(", next-server ").append(Ipv4.format(a)));
        filename.ifPresent(f -> sb.append(", filename \"").append(f).append('"'));
        sb.append(", options ").append(options.keySet()).append(')');
        return sb.toString();
    }
}
