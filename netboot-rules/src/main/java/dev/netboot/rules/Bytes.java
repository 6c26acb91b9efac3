package dev.netboot.rules;

import java.nio.charset.StandardCharsets;

/** Small helpers for hardware addresses and hex (IPv4: {@link dev.netboot.dhcp.Ipv4}); package-private so the public surface stays small. */
final class Bytes {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Bytes() {}

    /** Parses {@code 52:54:00:12:34:56} (or with dashes) into bytes. */
    static byte[] parseHexBytes(String s) {
        String t = s.trim();
        if (t.isEmpty()) {
            return new byte[0];
        }
        String[] parts = t.split("[:\\-]", -1);
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 2) {
                throw new IllegalArgumentException("not colon-separated hex: " + s);
            }
            out[i] = (byte) Integer.parseInt(p, 16);
        }
        return out;
    }

    static String hex(byte[] b) {
        return hex(b, 0, b.length);
    }

    static String hex(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len * 3);
        for (int i = 0; i < len; i++) {
            if (i > 0) {
                sb.append(':');
            }
            int v = b[off + i] & 0xff;
            sb.append(HEX[v >>> 4]).append(HEX[v & 15]);
        }
        return sb.toString();
    }

    /** Printable ASCII as a quoted string, anything else as colon-separated hex. */
    static String display(byte[] b) {
        if (b == null) {
            return "(absent)";
        }
        boolean printable = b.length > 0;
        for (byte x : b) {
            if (x < 0x20 || x > 0x7e) {
                printable = false;
                break;
            }
        }
        return printable ? '"' + new String(b, StandardCharsets.US_ASCII) + '"' : hex(b);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
