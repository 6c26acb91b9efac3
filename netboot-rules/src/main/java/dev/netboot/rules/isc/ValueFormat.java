package dev.netboot.rules.isc;

import java.nio.charset.StandardCharsets;

/** Formats option bytes according to an ISC type; null when the bytes do not fit the type. */
final class ValueFormat {
    private ValueFormat() {}

    static String hex(byte[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ":").append(Character.forDigit((v[i] >>> 4) & 15, 16))
                    .append(Character.forDigit(v[i] & 15, 16));
        }
        return sb.toString();
    }

    static String format(IscType t, byte[] v) {
        if (t.encapsulates() != null || t.array() == IscType.Repeat.LAST) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        int[] pos = {0};
        do {
            if (pos[0] > 0) {
                sb.append(", ");
            }
            for (int i = 0; i < t.fields().size(); i++) {
                String s = atom(t.fields().get(i), v, pos);
                if (s == null) {
                    return null;
                }
                sb.append(i == 0 ? "" : " ").append(s);
            }
        } while (t.array() == IscType.Repeat.ALL && pos[0] < v.length);
        return pos[0] == v.length ? sb.toString() : null;
    }

    private static String atom(IscType.Atom a, byte[] v, int[] pos) {
        int p = pos[0];
        int left = v.length - p;
        switch (a) {
            case IP -> {
                if (left < 4) {
                    return null;
                }
                pos[0] += 4;
                return (v[p] & 0xff) + "." + (v[p + 1] & 0xff) + "." + (v[p + 2] & 0xff) + "." + (v[p + 3] & 0xff);
            }
            case BOOLEAN, UINT8, INT8 -> {
                if (left < 1) {
                    return null;
                }
                pos[0] += 1;
                return a == IscType.Atom.BOOLEAN ? (v[p] != 0 ? "true" : "false")
                        : String.valueOf(a == IscType.Atom.INT8 ? v[p] : v[p] & 0xff);
            }
            case UINT16, INT16 -> {
                if (left < 2) {
                    return null;
                }
                pos[0] += 2;
                int x = ((v[p] & 0xff) << 8) | (v[p + 1] & 0xff);
                return String.valueOf(a == IscType.Atom.INT16 ? (short) x : x);
            }
            case UINT32, INT32 -> {
                if (left < 4) {
                    return null;
                }
                pos[0] += 4;
                long x = ((long) (v[p] & 0xff) << 24) | ((v[p + 1] & 0xff) << 16) | ((v[p + 2] & 0xff) << 8) | (v[p + 3] & 0xff);
                return String.valueOf(a == IscType.Atom.INT32 ? (int) x : x);
            }
            case TEXT, DOMAIN_NAME -> {
                pos[0] = v.length;
                return '"' + new String(v, p, left, StandardCharsets.ISO_8859_1).replace("\\", "\\\\").replace("\"", "\\\"") + '"';
            }
            default -> {
                pos[0] = v.length;
                byte[] rest = java.util.Arrays.copyOfRange(v, p, v.length);
                return rest.length == 0 ? "\"\"" : hex(rest);
            }
        }
    }
}
