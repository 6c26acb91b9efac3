package dev.netboot.rules;

import dev.netboot.dhcp.Ipv4;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a statement does to a decision: set next-server, filename or server-name, set or remove an
 * option, add the client to a class, or set lease parameters. A closed set: the engine compiles
 * each kind into a specialised step. Immutable and thread-safe (byte arrays are copied in and out).
 */
public sealed interface Action extends Statement {

    /** How an option statement combines with a value set by an outer scope. */
    enum Mode {
        /** Replace any earlier value ({@code option} and {@code supersede}). */
        SUPERSEDE,
        /** Set only if no earlier statement set the option ({@code default}). */
        DEFAULT,
        /** Put this value before any earlier value ({@code prepend}). */
        PREPEND,
        /** Put this value after any earlier value ({@code append}). */
        APPEND
    }

    /** Which lease time a {@link LeaseTime} sets. */
    enum LeaseTimeKind {
        /** {@code default-lease-time}. */
        DEFAULT,
        /** {@code max-lease-time}. */
        MAX,
        /** {@code min-lease-time}. */
        MIN
    }

    /** Sets the boot server address (siaddr), {@code next-server}. */
    record NextServer(int address, Origin origin) implements Action {
        /** Validates. */
        public NextServer {
            Objects.requireNonNull(origin, "origin");
        }

        /** Dotted-quad form. */
        public String formatted() {
            return Ipv4.format(address);
        }
    }

    /** Sets the boot file name, {@code filename}. */
    record Filename(String value, Origin origin) implements Action {
        /** Validates. */
        public Filename {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** Sets the BOOTP server host name (sname), {@code server-name}. */
    record ServerName(String value, Origin origin) implements Action {
        /** Validates. */
        public ServerName {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** Sets option {@code code} to constant bytes. */
    record SetOption(int code, byte[] value, Mode mode, Origin origin) implements Action {
        /** Validates and copies. */
        public SetOption {
            checkCode(code);
            value = value.clone();
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(origin, "origin");
        }

        /** A copy of the value bytes. */
        @Override
        public byte[] value() {
            return value.clone();
        }

        byte[] shared() {
            return value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SetOption s && s.code == code && Arrays.equals(s.value, value)
                    && s.mode == mode && s.origin.equals(origin);
        }

        @Override
        public int hashCode() {
            return Objects.hash(code, Arrays.hashCode(value), mode, origin);
        }

        @Override
        public String toString() {
            return "SetOption[code=" + code + ", value=" + Bytes.hex(value) + ", mode=" + mode + ", origin=" + origin + "]";
        }
    }

    /** Sets option {@code code} to a value computed from the client; a null result leaves it unset. */
    record ComputeOption(int code, ValueSource source, Mode mode, Origin origin) implements Action {
        /** Validates. */
        public ComputeOption {
            checkCode(code);
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** Removes option {@code code} set by an earlier statement. */
    record RemoveOption(int code, Origin origin) implements Action {
        /** Validates. */
        public RemoveOption {
            checkCode(code);
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** Adds the client to a class; the class's statements run in the class scope. */
    record AddClass(String className, Origin origin) implements Action {
        /** Validates. */
        public AddClass {
            Objects.requireNonNull(className, "className");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** Sets a lease time in seconds. */
    record LeaseTime(LeaseTimeKind kind, long seconds, Origin origin) implements Action {
        /** Validates. */
        public LeaseTime {
            Objects.requireNonNull(kind, "kind");
            if (seconds < 0 || seconds > 0xffffffffL) {
                throw new IllegalArgumentException("lease time out of range: " + seconds);
            }
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** Sets whether the server is authoritative for the network ({@code authoritative}). */
    record Authoritative(boolean value, Origin origin) implements Action {
        /** Validates. */
        public Authoritative {
            Objects.requireNonNull(origin, "origin");
        }
    }

    private static void checkCode(int code) {
        if (code < 1 || code > 254) {
            throw new IllegalArgumentException("option code out of range 1..254: " + code);
        }
    }
}
