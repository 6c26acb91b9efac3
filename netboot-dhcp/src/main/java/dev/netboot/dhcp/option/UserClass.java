package dev.netboot.dhcp.option;

import java.util.List;

/**
 * Option 77, user class. RFC 3004 defines a list of length-prefixed class names; iPXE, gPXE and
 * some firmware send one raw string instead ({@code "iPXE"}). The decoder takes the RFC 3004
 * form only when the length prefixes exactly cover the value, else the raw form. Immutable.
 *
 * @param rfc3004 true when the value is the length-prefixed list
 * @param classes the class names (ISO-8859-1, one char per byte); one element in raw form
 */
public record UserClass(boolean rfc3004, List<String> classes) {
    /** Validates and copies. */
    public UserClass {
        classes = List.copyOf(classes);
        if (!rfc3004 && classes.size() != 1) {
            throw new IllegalArgumentException("a raw user class has exactly one value, got " + classes.size());
        }
    }

    /** The raw form iPXE sends: the bytes of {@code text}, no length prefix. */
    public static UserClass raw(String text) {
        return new UserClass(false, List.of(text));
    }

    /** The RFC 3004 form. */
    public static UserClass of(String... classes) {
        return new UserClass(true, List.of(classes));
    }

    /** True if any class equals {@code name} exactly. */
    public boolean contains(String name) {
        return classes.contains(name);
    }
}
