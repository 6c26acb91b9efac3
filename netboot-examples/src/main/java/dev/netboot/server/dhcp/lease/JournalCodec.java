package dev.netboot.server.dhcp.lease;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Text of journal lines, one record per line, each ending with the CRC-32 of the bytes before
 * {@code " crc32="}:
 *
 * <pre>
 * lease 10.213.0.101 client hw:01:52:54:00:12:34:56 starts 2026-11-25T12:00:00Z ends 2026-11-26T12:00:00Z state active hostname pc1 crc32=0a1b2c3d
 * </pre>
 *
 * Host names escape backslash as {@code \\} and every character outside {@code !} to {@code ~}
 * as {@code \}{@code uXXXX}, so that spaces only separate fields. Stateless.
 */
final class JournalCodec {
    static final String HEADER = "# netboot lease journal v1";
    /** Longest line the reader accepts; the longest record (255-byte id, escaped name) is ~2.5 KiB. */
    static final int MAX_LINE = 4096;

    private static final String CRC_FIELD = " crc32=";
    private static final int CRC_SUFFIX = CRC_FIELD.length() + 8;
    private static final long MIN_FAST_DAY = LocalDate.of(1000, 1, 1).toEpochDay();
    private static final long MAX_FAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
    private static final Lease.State[] STATES = Lease.State.values();
    private static final byte[][] STATE_TEXT = java.util.Arrays.stream(STATES).map(s -> ascii(s.text))
            .toArray(byte[][]::new);
    private static final byte[] LEASE = ascii("lease");
    private static final byte[] CLIENT = ascii("client");
    private static final byte[] STARTS = ascii("starts");
    private static final byte[] ENDS = ascii("ends");
    private static final byte[] STATE = ascii("state");
    private static final byte[] HOSTNAME = ascii("hostname");

    private JournalCodec() {}

    /** A malformed line: {@code column} is 1-based. Carries no stack trace (expected on bad files). */
    static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;
        final int column;

        ParseException(int column, String message) {
            super(message, null, false, false);
            this.column = column;
        }
    }

    /** Appends the whole line for {@code lease}: body, checksum, newline. */
    static void appendRecord(LineBuffer out, Lease lease) {
        int start = out.length();
        appendBody(out, lease);
        CRC32 crc = new CRC32();
        crc.update(out.array(), start, out.length() - start);
        out.appendAscii(CRC_FIELD);
        out.appendHexInt((int) crc.getValue());
        out.append('\n');
    }

    static void appendBody(LineBuffer out, Lease lease) {
        out.appendAscii("lease ");
        Ipv4.appendTo(out, lease.address());
        out.appendAscii(" client ");
        lease.client().appendTo(out);
        out.appendAscii(" starts ");
        appendTime(out, lease.start());
        out.appendAscii(" ends ");
        appendTime(out, lease.end());
        out.appendAscii(" state ");
        out.appendAscii(lease.state().text);
        if (lease.hostname().isPresent()) {
            out.appendAscii(" hostname ");
            appendEscaped(out, lease.hostname().get());
        }
    }

    private static void appendEscaped(LineBuffer out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                out.appendAscii("\\\\");
            } else if (c > ' ' && c < 0x7f) {
                out.append(c);
            } else {
                out.appendAscii("\\u");
                out.appendHexByte(c >>> 8);
                out.appendHexByte(c);
            }
        }
    }

    /** ISO-8601 UTC with milliseconds only when non-zero; {@code never} for {@link Long#MAX_VALUE}. */
    static void appendTime(LineBuffer out, long epochMillis) {
        if (epochMillis == Long.MAX_VALUE) {
            out.appendAscii("never");
            return;
        }
        long seconds = Math.floorDiv(epochMillis, 1000L);
        int millis = (int) Math.floorMod(epochMillis, 1000L);
        long day = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        if (day < MIN_FAST_DAY || day > MAX_FAST_DAY) {
            out.appendAscii(Instant.ofEpochMilli(epochMillis).toString());
            return;
        }
        LocalDate date = LocalDate.ofEpochDay(day);
        out.appendPadded(date.getYear(), 4);
        out.append('-');
        out.appendPadded(date.getMonthValue(), 2);
        out.append('-');
        out.appendPadded(date.getDayOfMonth(), 2);
        out.append('T');
        out.appendPadded(secondOfDay / 3600, 2);
        out.append(':');
        out.appendPadded(secondOfDay / 60 % 60, 2);
        out.append(':');
        out.appendPadded(secondOfDay % 60, 2);
        if (millis != 0) {
            out.append('.');
            out.appendPadded(millis, 3);
        }
        out.append('Z');
    }

    /** The text {@link #appendTime} writes. */
    static String timeText(long epochMillis) {
        LineBuffer out = new LineBuffer(32);
        appendTime(out, epochMillis);
        return new String(out.array(), 0, out.length(), StandardCharsets.US_ASCII);
    }

    /** Parses one line without its newline; {@code bytes[from, to)}. */
    static Lease parseRecord(byte[] bytes, int from, int to) throws ParseException {
        int length = to - from;
        int crcAt = to - CRC_SUFFIX;
        if (length < CRC_SUFFIX || !matches(bytes, crcAt, CRC_FIELD)) {
            throw new ParseException(Math.max(1, length + 1), "no checksum at the end of the line (torn write?)"
                    + " (expected: ... crc32=xxxxxxxx)");
        }
        long expected = 0;
        for (int i = crcAt + CRC_FIELD.length(); i < to; i++) {
            int digit = Character.digit(bytes[i], 16);
            if (digit < 0) {
                throw new ParseException(i - from + 1, "checksum: not a hex digit");
            }
            expected = expected << 4 | digit;
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, from, crcAt - from);
        if (crc.getValue() != expected) {
            throw new ParseException(crcAt - from + 2, String.format(
                    "checksum mismatch: crc32=%08x (expected: crc32=%08x)", expected, crc.getValue()));
        }
        Cursor c = new Cursor(bytes, from, crcAt);
        c.keyword(LEASE);
        int at = c.next();
        long address = Ipv4.parse(bytes, at, c.end);
        if (address < 0) {
            throw c.error(at, "address: not a dotted quad");
        }
        c.keyword(CLIENT);
        at = c.next();
        ClientKey client = ClientKey.parse(bytes, at, c.end);
        if (client == null) {
            throw c.error(at, "client: not a client key (expected: id:xx:.. or hw:xx:..)");
        }
        c.keyword(STARTS);
        long start = c.time();
        c.keyword(ENDS);
        long end = c.time();
        c.keyword(STATE);
        at = c.next();
        Lease.State state = null;
        for (int i = 0; i < STATES.length; i++) {
            if (c.end - at == STATE_TEXT[i].length && matches(bytes, at, STATE_TEXT[i])) {
                state = STATES[i];
            }
        }
        if (state == null) {
            throw c.error(at, "state: unknown (expected: active, released, expired or declined)");
        }
        Optional<String> hostname = Optional.empty();
        if (c.hasMore()) {
            c.keyword(HOSTNAME);
            at = c.next();
            hostname = Optional.of(c.unescape(at));
        }
        if (c.hasMore()) {
            throw c.error(c.end + 1, "unexpected field after the record");
        }
        if (end < start) {
            throw c.error(from, "ends before it starts");
        }
        try {
            return new Lease((int) address, client, hostname, start, end, state);
        } catch (IllegalArgumentException e) {
            throw c.error(from, e.getMessage());
        }
    }

    private static boolean matches(byte[] bytes, int at, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (bytes[at + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(byte[] bytes, int at, byte[] text) {
        for (int i = 0; i < text.length; i++) {
            if (bytes[at + i] != text[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Walks space-separated fields of a record body. */
    private static final class Cursor {
        final byte[] bytes;
        final int lineStart;
        final int limit;
        /** Start of the next field to read. */
        int pos;
        /** End (exclusive) of the field returned by {@link #next()}. */
        int end;

        Cursor(byte[] bytes, int from, int limit) {
            this.bytes = bytes;
            this.lineStart = from;
            this.limit = limit;
            this.pos = from;
        }

        boolean hasMore() {
            return pos < limit;
        }

        ParseException error(int at, String message) {
            return new ParseException(at - lineStart + 1, message);
        }

        /** The start of the next field; its end is in {@link #end}. */
        int next() throws ParseException {
            if (pos >= limit) {
                throw error(pos, "line ends early");
            }
            int at = pos;
            int i = at;
            while (i < limit && bytes[i] != ' ') {
                i++;
            }
            if (i == at) {
                throw error(at, "empty field (two spaces?)");
            }
            end = i;
            pos = i < limit ? i + 1 : i;
            return at;
        }

        void keyword(byte[] word) throws ParseException {
            int at = next();
            if (end - at != word.length || !matches(bytes, at, word)) {
                throw error(at, "expected '" + new String(word, StandardCharsets.US_ASCII) + "'");
            }
        }

        long time() throws ParseException {
            int at = next();
            int n = end - at;
            if (n == 5 && matches(bytes, at, "never")) {
                return Long.MAX_VALUE;
            }
            if ((n == 20 || n == 24) && bytes[end - 1] == 'Z') {
                long fast = fastTime(at, n);
                if (fast != Long.MIN_VALUE) {
                    return fast;
                }
            }
            try {
                return Instant.parse(new String(bytes, at, n, StandardCharsets.ISO_8859_1)).toEpochMilli();
            } catch (DateTimeException | ArithmeticException e) {
                throw error(at, "time: not an ISO-8601 instant (expected: 2026-11-25T12:00:00Z or never)");
            }
        }

        private long fastTime(int at, int n) {
            if (bytes[at + 4] != '-' || bytes[at + 7] != '-' || bytes[at + 10] != 'T' || bytes[at + 13] != ':'
                    || bytes[at + 16] != ':' || (n == 24 && bytes[at + 19] != '.')) {
                return Long.MIN_VALUE;
            }
            int year = digits(at, 4);
            int month = digits(at + 5, 2);
            int day = digits(at + 8, 2);
            int hour = digits(at + 11, 2);
            int minute = digits(at + 14, 2);
            int second = digits(at + 17, 2);
            int millis = n == 24 ? digits(at + 20, 3) : 0;
            if ((year | month | day | hour | minute | second | millis) < 0 || hour > 23 || minute > 59 || second > 59) {
                return Long.MIN_VALUE;
            }
            long epochDay;
            try {
                epochDay = LocalDate.of(year, month, day).toEpochDay();
            } catch (DateTimeException e) {
                return Long.MIN_VALUE;
            }
            return ((epochDay * 86_400L + hour * 3600L + minute * 60L + second) * 1000L) + millis;
        }

        private int digits(int at, int count) {
            int value = 0;
            for (int i = at; i < at + count; i++) {
                int d = bytes[i] - '0';
                if (d < 0 || d > 9) {
                    return -1;
                }
                value = value * 10 + d;
            }
            return value;
        }

        String unescape(int at) throws ParseException {
            StringBuilder sb = new StringBuilder(end - at);
            for (int i = at; i < end; i++) {
                byte b = bytes[i];
                if (b == '\\') {
                    if (i + 1 < end && bytes[i + 1] == '\\') {
                        sb.append('\\');
                        i++;
                    } else if (i + 5 < end && bytes[i + 1] == 'u') {
                        int value = 0;
                        for (int k = i + 2; k < i + 6; k++) {
                            int d = Character.digit(bytes[k], 16);
                            if (d < 0) {
                                throw error(k, "hostname: bad \\u escape");
                            }
                            value = value << 4 | d;
                        }
                        sb.append((char) value);
                        i += 5;
                    } else {
                        throw error(i, "hostname: bad escape (expected: \\\\ or \\uXXXX)");
                    }
                } else if (b > ' ' && b < 0x7f) {
                    sb.append((char) b);
                } else {
                    throw error(i, "hostname: unescaped byte 0x" + Integer.toHexString(b & 0xff));
                }
            }
            return sb.toString();
        }
    }
}
