package dev.netboot.rules;

/** Raw option values of one client, by code; implementations read in place where they can. */
abstract class OptionSource {
    /** Value length of option {@code code}, or -1 if absent. */
    abstract int length(int code);

    /** Unsigned byte {@code i} of option {@code code}'s value; {@code i} is within its length. */
    abstract int get(int code, int i);

    /** Next present code above {@code after} (start with -1), or -1 when there is none. */
    abstract int nextCode(int after);

    /** True if option {@code code} is present. */
    boolean has(int code) {
        return length(code) >= 0;
    }

    /** True if the value's bytes at {@code off} equal {@code v} (false if out of range or absent). */
    boolean regionEquals(int code, int off, byte[] v) {
        int len = length(code);
        if (len < 0 || off < 0 || off + v.length > len) {
            return false;
        }
        for (int i = 0; i < v.length; i++) {
            if (get(code, off + i) != (v[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    /** True if option {@code code} is present and its whole value equals {@code v}. */
    boolean valueEquals(int code, byte[] v) {
        return length(code) == v.length && regionEquals(code, 0, v);
    }

    byte[] copy(int code) {
        int len = length(code);
        if (len < 0) {
            return null;
        }
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = (byte) get(code, i);
        }
        return out;
    }

    /** Owned arrays, one per code; used for facts built directly. */
    static final class Arrays extends OptionSource {
        private final byte[][] values;

        Arrays(byte[][] values) {
            this.values = values;
        }

        @Override
        int length(int code) {
            byte[] v = code >= 0 && code < 256 ? values[code] : null;
            return v == null ? -1 : v.length;
        }

        @Override
        int get(int code, int i) {
            return values[code][i] & 0xff;
        }

        @Override
        int nextCode(int after) {
            for (int c = after + 1; c < 256; c++) {
                if (values[c] != null) {
                    return c;
                }
            }
            return -1;
        }

        @Override
        boolean regionEquals(int code, int off, byte[] v) {
            byte[] own = code >= 0 && code < 256 ? values[code] : null;
            if (own == null || off < 0 || off + v.length > own.length) {
                return false;
            }
            return java.util.Arrays.equals(own, off, off + v.length, v, 0, v.length);
        }

        @Override
        boolean valueEquals(int code, byte[] v) {
            byte[] own = code >= 0 && code < 256 ? values[code] : null;
            return own != null && java.util.Arrays.equals(own, v);
        }
    }
}
