package dev.netboot.dhcp.option;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Option keys indexed by code and name: the standard set ({@link #standard()}), optionally
 * extended or overridden with site-defined options, as ISC's
 * {@code option arch code 93 = unsigned integer 16;} does. Immutable and thread-safe; build a new
 * one with {@link #toBuilder()}.
 */
public final class OptionRegistry {
    private static final OptionRegistry STANDARD;

    static {
        OptionKey<?>[] keys = new OptionKey<?>[256];
        for (OptionKey<?> k : DhcpOptions.ALL) {
            keys[k.code()] = k;
        }
        STANDARD = new OptionRegistry(keys);
    }

    private final OptionKey<?>[] byCode;

    private OptionRegistry(OptionKey<?>[] byCode) {
        this.byCode = byCode;
    }

    /** The standard options of {@link DhcpOptions}. */
    public static OptionRegistry standard() {
        return STANDARD;
    }

    /** The key registered for {@code code}, if any. */
    public Optional<OptionKey<?>> byCode(int code) {
        return code >= 0 && code < 256 ? Optional.ofNullable(byCode[code]) : Optional.empty();
    }

    /** The key for {@code code}, or null: the allocation-free form of {@link #byCode(int)}. */
    public OptionKey<?> keyOrNull(int code) {
        return code >= 0 && code < 256 ? byCode[code] : null;
    }

    /** The key whose name equals {@code name}, ignoring case. */
    public Optional<OptionKey<?>> byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (OptionKey<?> k : byCode) {
            if (k != null && k.name().toLowerCase(Locale.ROOT).equals(n)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** The display name for {@code code}: the key's name or {@code "Unknown"}. */
    public String name(int code) {
        OptionKey<?> k = keyOrNull(code);
        return k != null ? k.name() : code == 0 ? "Padding" : code == 255 ? "End" : "Unknown";
    }

    /** Every registered key, in code order. */
    public List<OptionKey<?>> keys() {
        List<OptionKey<?>> out = new ArrayList<>();
        for (OptionKey<?> k : byCode) {
            if (k != null) {
                out.add(k);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** A builder starting from this registry's keys. */
    public Builder toBuilder() {
        return new Builder(byCode.clone());
    }

    /** Builds a registry; not thread-safe. */
    public static final class Builder {
        private final OptionKey<?>[] byCode;

        private Builder(OptionKey<?>[] byCode) {
            this.byCode = byCode;
        }

        /** Registers (or replaces) the key for its code. */
        public Builder define(OptionKey<?> key) {
            byCode[Objects.requireNonNull(key, "key").code()] = key;
            return this;
        }

        /** Registers (or replaces) a site-defined option, returning the builder. */
        public <T> Builder define(int code, String name, OptionCodec<T> codec) {
            return define(OptionKey.of(code, name, codec));
        }

        /** The registry. */
        public OptionRegistry build() {
            return new OptionRegistry(byCode.clone());
        }
    }
}
