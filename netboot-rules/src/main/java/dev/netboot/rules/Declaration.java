package dev.netboot.rules;

import dev.netboot.dhcp.Ipv4;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A scope declaration of the rule model, as in dhcpd.conf: groups, shared networks, subnets, pools,
 * hosts, classes and subclasses, each with its own statements. The global scope is a {@link Group}
 * passed to {@link RuleSet#compile}. Immutable and thread-safe.
 */
public sealed interface Declaration {
    /** Where the declaration is written. */
    Origin origin();

    /** The statements of this scope, in order. */
    List<Statement> statements();

    /** A {@code group}, or the global scope: statements shared by the declarations inside it. */
    record Group(String name, List<Statement> statements, List<Declaration> declarations, Origin origin)
            implements Declaration {
        /** Validates and copies. */
        public Group {
            statements = List.copyOf(statements);
            declarations = List.copyOf(declarations);
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** A {@code shared-network}: subnets and pools on one link. */
    record SharedNetwork(String name, List<Statement> statements, List<Declaration> declarations, Origin origin)
            implements Declaration {
        /** Validates and copies. */
        public SharedNetwork {
            Objects.requireNonNull(name, "name");
            statements = List.copyOf(statements);
            declarations = List.copyOf(declarations);
            Objects.requireNonNull(origin, "origin");
        }
    }

    /**
     * A {@code subnet}; {@code ranges} written directly in it form its implicit pool.
     *
     * @param network the network address (IPv4 as a big-endian int)
     * @param netmask the netmask (contiguous)
     */
    record Subnet(int network, int netmask, List<AddressRange> ranges, List<Statement> statements,
            List<Declaration> declarations, Origin origin) implements Declaration {
        /** Validates and copies. */
        public Subnet {
            ranges = List.copyOf(ranges);
            statements = List.copyOf(statements);
            declarations = List.copyOf(declarations);
            Objects.requireNonNull(origin, "origin");
        }

        /** True if {@code address} is inside this subnet. */
        public boolean contains(int address) {
            return (address & netmask) == network;
        }

        /** Prefix length of the netmask. */
        public int prefixLength() {
            return Integer.bitCount(netmask);
        }

        /** {@code 192.168.2.0/24}. */
        public String cidr() {
            return Ipv4.format(network) + "/" + prefixLength();
        }
    }

    /** A {@code pool} of dynamic addresses with its permit list. */
    record Pool(List<AddressRange> ranges, List<Permit> permits, List<Statement> statements, Origin origin)
            implements Declaration {
        /** Validates and copies. */
        public Pool {
            ranges = List.copyOf(ranges);
            permits = List.copyOf(permits);
            statements = List.copyOf(statements);
            Objects.requireNonNull(origin, "origin");
        }
    }

    /**
     * A {@code host}: matched by client identifier (option 61) if given, else by hardware address.
     *
     * @param hardwareType ARP hardware type (1 = Ethernet), or 0 if no hardware address is given
     * @param hardwareAddress the hardware address, or null
     * @param clientIdentifier the option 61 value to match, or null
     * @param fixedAddresses fixed addresses (IPv4 as big-endian ints), possibly empty
     */
    record Host(String name, int hardwareType, byte[] hardwareAddress, byte[] clientIdentifier,
            List<Integer> fixedAddresses, List<Statement> statements, Origin origin) implements Declaration {
        /** Validates and copies. */
        public Host {
            Objects.requireNonNull(name, "name");
            hardwareAddress = hardwareAddress == null ? null : hardwareAddress.clone();
            clientIdentifier = clientIdentifier == null ? null : clientIdentifier.clone();
            if (hardwareAddress != null && hardwareAddress.length > 16) {
                throw new IllegalArgumentException("hardware address longer than 16 bytes");
            }
            fixedAddresses = List.copyOf(fixedAddresses);
            statements = List.copyOf(statements);
            Objects.requireNonNull(origin, "origin");
        }

        /** A copy of the hardware address, or null. */
        @Override
        public byte[] hardwareAddress() {
            return hardwareAddress == null ? null : hardwareAddress.clone();
        }

        /** A copy of the client identifier, or null. */
        @Override
        public byte[] clientIdentifier() {
            return clientIdentifier == null ? null : clientIdentifier.clone();
        }

        byte[] hw() {
            return hardwareAddress;
        }

        byte[] uid() {
            return clientIdentifier;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Host h && h.name.equals(name) && h.hardwareType == hardwareType
                    && Arrays.equals(h.hardwareAddress, hardwareAddress)
                    && Arrays.equals(h.clientIdentifier, clientIdentifier)
                    && h.fixedAddresses.equals(fixedAddresses) && h.statements.equals(statements)
                    && h.origin.equals(origin);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, hardwareType, Arrays.hashCode(hardwareAddress), fixedAddresses, origin);
        }

        @Override
        public String toString() {
            return "Host[name=" + name + ", hardware=" + (hardwareAddress == null ? "-" : Bytes.hex(hardwareAddress))
                    + ", fixed=" + fixedAddresses.stream().map(Ipv4::format).toList() + ", origin=" + origin + "]";
        }
    }

    /**
     * A client {@code class}. Membership comes from {@code matchIf}, from a subclass whose key
     * equals the match key ({@code match option NAME} or {@code match EXPR}), or from {@code add}.
     *
     * @param matchIf the {@code match if} condition, or null
     * @param matchOptionCode the option whose raw value selects a subclass, or -1
     * @param matchKey a computed subclass key when not a plain option, or null
     */
    record ClientClass(String name, Predicate matchIf, int matchOptionCode, ValueSource matchKey,
            List<Statement> statements, Origin origin) implements Declaration {
        /** Validates and copies. */
        public ClientClass {
            Objects.requireNonNull(name, "name");
            statements = List.copyOf(statements);
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** A {@code subclass} of a class with a match key: members are clients whose key equals {@code key}. */
    record Subclass(String className, byte[] key, List<Statement> statements, Origin origin) implements Declaration {
        /** Validates and copies. */
        public Subclass {
            Objects.requireNonNull(className, "className");
            key = key.clone();
            statements = List.copyOf(statements);
            Objects.requireNonNull(origin, "origin");
        }

        /** A copy of the key. */
        @Override
        public byte[] key() {
            return key.clone();
        }

        byte[] sharedKey() {
            return key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Subclass s && s.className.equals(className) && Arrays.equals(s.key, key)
                    && s.statements.equals(statements) && s.origin.equals(origin);
        }

        @Override
        public int hashCode() {
            return Objects.hash(className, Arrays.hashCode(key), origin);
        }

        @Override
        public String toString() {
            return "Subclass[class=" + className + ", key=" + Bytes.display(key) + ", origin=" + origin + "]";
        }
    }
}
