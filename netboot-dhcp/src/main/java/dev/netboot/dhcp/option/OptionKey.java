package dev.netboot.dhcp.option;

import java.util.Objects;

/**
 * A typed DHCP option: its code (0-255), a display name, and the codec for its value. Immutable and
 * thread-safe; standard keys are constants of {@link DhcpOptions}, site-defined ones come from
 * {@link #of(int, String, OptionCodec)} and live in an {@link OptionRegistry}.
 *
 * @param <T> the Java type of the option's value
 */
public final class OptionKey<T> {
    private final int code;
    private final String name;
    private final OptionCodec<T> codec;

    private OptionKey(int code, String name, OptionCodec<T> codec) {
        if (code < 1 || code > 254) {
            throw new IllegalArgumentException("option code " + code + " (expected: 1-254)");
        }
        this.code = code;
        this.name = Objects.requireNonNull(name, "name");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** A key for {@code code} named {@code name} whose values {@code codec} converts. */
    public static <T> OptionKey<T> of(int code, String name, OptionCodec<T> codec) {
        return new OptionKey<>(code, name, codec);
    }

    /** The option code. */
    public int code() {
        return code;
    }

    /** The display name, e.g. {@code "Vendor class identifier"}. */
    public String name() {
        return name;
    }

    /** The value codec. */
    public OptionCodec<T> codec() {
        return codec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptionKey<?> k && k.code == code && k.name.equals(name) && k.codec.equals(codec);
    }

    @Override
    public int hashCode() {
        return code * 31 + name.hashCode();
    }

    @Override
    public String toString() {
        return "(" + code + ") " + name;
    }
}
