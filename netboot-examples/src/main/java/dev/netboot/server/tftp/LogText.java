package dev.netboot.server.tftp;

import dev.netboot.tftp.TftpPacket;
import java.net.InetSocketAddress;
import java.util.Locale;

/** Formatting for log lines: quoted, escaped file names (no log injection) and short durations. */
final class LogText {
    private static final int MAX_NAME_SHOWN = 200;

    private LogText() {}

    /** {@code name} in double quotes, control characters, quotes and non-ASCII as \xNN, cut after 200 characters. */
    static String quote(String name) {
        StringBuilder sb = new StringBuilder(Math.min(name.length(), MAX_NAME_SHOWN) + 2).append('"');
        int n = Math.min(name.length(), MAX_NAME_SHOWN);
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
                sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c & 0xFF));
            } else {
                sb.append(c);
            }
        }
        if (name.length() > n) {
            sb.append("...(").append(name.length()).append(" chars)");
        }
        return sb.append('"').toString();
    }

    static String peer(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    static String kind(TftpPacket.Request r) {
        return r instanceof TftpPacket.ReadRequest ? "RRQ" : "WRQ";
    }

    static String millis(long nanos) {
        if (nanos < 0) {
            return "?";
        }
        double ms = nanos / 1e6;
        return ms < 10 ? String.format(Locale.ROOT, "%.2fms", ms) : String.format(Locale.ROOT, "%.0fms", ms);
    }

    /** Throughput in MiB/s, or "-" when the time is too short to say. */
    static String rate(long bytes, long nanos) {
        if (nanos <= 0 || bytes <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.1fMiB/s", bytes / 1048576.0 / (nanos / 1e9));
    }
}
