package dev.netboot.server.http;

/**
 * What a {@code Range} header asks of a representation of known size (RFC 9110, section 14):
 * the whole of it (no header, another unit, invalid syntax, or several ranges, which this server
 * ignores rather than answer with multipart), one satisfiable range, or nothing satisfiable (416).
 * Immutable.
 *
 * @param kind which of the three
 * @param first first byte offset, inclusive (partial only)
 * @param last last byte offset, inclusive (partial only)
 */
record ByteRange(Kind kind, long first, long last) {
    enum Kind { FULL, PARTIAL, UNSATISFIABLE }

    static final ByteRange FULL = new ByteRange(Kind.FULL, 0, -1);
    static final ByteRange UNSATISFIABLE = new ByteRange(Kind.UNSATISFIABLE, 0, -1);

    /** The number of bytes a partial range covers. */
    long length() {
        return last - first + 1;
    }

    /** Interprets {@code header} (may be null) against a representation of {@code size} bytes. */
    static ByteRange parse(String header, long size) {
        if (header == null) {
            return FULL;
        }
        String h = header.trim();
        int eq = h.indexOf('=');
        if (eq < 0 || !h.substring(0, eq).trim().equalsIgnoreCase("bytes")) {
            return FULL;
        }
        String spec = null;
        for (String element : h.substring(eq + 1).split(",", -1)) {
            String e = element.trim();
            if (e.isEmpty()) {
                continue; // RFC 9110 list syntax allows empty elements
            }
            if (spec != null) {
                return FULL; // several ranges: served whole, not as multipart/byteranges
            }
            spec = e;
        }
        if (spec == null) {
            return FULL;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return FULL;
        }
        String a = spec.substring(0, dash);
        String b = spec.substring(dash + 1);
        if (a.isEmpty()) {
            long suffix = digits(b);
            if (suffix < 0) {
                return FULL;
            }
            if (suffix == 0 || size == 0) {
                return UNSATISFIABLE;
            }
            return new ByteRange(Kind.PARTIAL, Math.max(0, size - suffix), size - 1);
        }
        long first = digits(a);
        if (first < 0) {
            return FULL;
        }
        long last;
        if (b.isEmpty()) {
            last = Long.MAX_VALUE;
        } else {
            last = digits(b);
            if (last < 0 || last < first) {
                return FULL;
            }
        }
        if (first >= size) {
            return UNSATISFIABLE;
        }
        return new ByteRange(Kind.PARTIAL, first, Math.min(last, size - 1));
    }

    /** A run of ASCII digits as a non-negative number saturating at Long.MAX_VALUE; -1 when not digits. */
    private static long digits(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            if (v > (Long.MAX_VALUE - (c - '0')) / 10) {
                v = Long.MAX_VALUE;
            } else if (v != Long.MAX_VALUE) {
                v = v * 10 + (c - '0');
            }
        }
        return v;
    }
}
