package dev.netboot.server.tftp;

/**
 * The local UDP ports a server answers transfers from, for firewalls that open a fixed range.
 * Immutable and thread-safe.
 *
 * @param first the lowest port, 1 to 65535
 * @param last the highest port, {@code first} to 65535
 */
public record PortRange(int first, int last) {
    /** Validates the bounds. */
    public PortRange {
        if (first < 1 || last > 65535 || first > last) {
            throw new IllegalArgumentException("port range " + first + "-" + last + " (expected: 1 <= A <= B <= 65535)");
        }
    }

    /**
     * Parses {@code "A-B"}.
     *
     * @throws IllegalArgumentException if the text is not two ports joined by '-'
     */
    public static PortRange parse(String text) {
        int dash = text.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("port range '" + text + "' (expected: A-B)");
        }
        try {
            return new PortRange(Integer.parseInt(text.substring(0, dash).trim()),
                    Integer.parseInt(text.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port range '" + text + "' (expected: A-B)", e);
        }
    }

    /** The number of ports. */
    public int size() {
        return last - first + 1;
    }

    @Override
    public String toString() {
        return first + "-" + last;
    }
}
