package dev.netboot.server.dhcp.lease;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a journal file into a {@link LeaseTable}, streaming (the file may be larger than the
 * heap budget). Bad lines are skipped and collected; lines after the last good line are
 * classified as a torn tail, the others as corrupted. Not thread-safe; one use per instance.
 */
final class JournalReader {
    private static final byte[] HEADER = JournalCodec.HEADER.getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER = 1 << 16;

    private final Path file;
    private final LeaseTable table;
    private final List<LeaseJournal.Problem> problems = new ArrayList<>();
    private final List<Integer> problemLines = new ArrayList<>();
    private final List<Integer> problemColumns = new ArrayList<>();
    private final List<String> problemMessages = new ArrayList<>();

    /** Lines ending in a newline. */
    int lines;
    /** Valid record lines applied to the table. */
    int records;
    /** Whether the first line is the journal header. */
    boolean hasHeader;
    /** Byte offset just after the last valid line (header or comment included). */
    long validEnd;
    /** Number of the last valid line. */
    int validLine;
    /** Whether some newline-terminated line was bad (not only an unterminated fragment). */
    boolean damagedLines;
    /** Length of an unterminated fragment at the end of the file, 0 if none. */
    long fragmentLength;

    private JournalReader(Path file, LeaseTable table) {
        this.file = file;
        this.table = table;
    }

    /** Reads {@code file} into {@code table}. */
    static JournalReader read(Path file, LeaseTable table) throws IOException {
        JournalReader reader = new JournalReader(file, table);
        reader.run();
        return reader;
    }

    /** The problems found, in line order. */
    List<LeaseJournal.Problem> problems() {
        return problems;
    }

    private void run() throws IOException {
        byte[] buf = new byte[BUFFER];
        int start = 0;
        int end = 0;
        int scan = 0;
        long base = 0;
        boolean eof = false;
        boolean overlong = false;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                int nl = -1;
                for (int i = scan; i < end; i++) {
                    if (buf[i] == '\n') {
                        nl = i;
                        break;
                    }
                }
                if (nl >= 0) {
                    lines++;
                    if (overlong) {
                        if (lines == 1) {
                            throw notAJournal();
                        }
                        bad(lines, 1, "line longer than " + BUFFER + " bytes");
                        overlong = false;
                    } else {
                        line(buf, start, nl, base + nl + 1);
                    }
                    start = nl + 1;
                    scan = start;
                    continue;
                }
                scan = end;
                if (eof) {
                    if (start < end || overlong) {
                        fragmentLength = end - start;
                        fragment(buf, start, end, overlong);
                    }
                    break;
                }
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    base += start;
                    end -= start;
                    scan -= start;
                    start = 0;
                }
                if (end == buf.length) {
                    overlong = true;
                    base += end;
                    end = 0;
                    scan = 0;
                }
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    eof = true;
                } else {
                    end += n;
                }
            }
        }
        for (int i = 0; i < problemLines.size(); i++) {
            int line = problemLines.get(i);
            problems.add(new LeaseJournal.Problem(file, line, problemColumns.get(i),
                    line > validLine ? LeaseJournal.Problem.Kind.TORN : LeaseJournal.Problem.Kind.CORRUPT,
                    problemMessages.get(i)));
        }
    }

    private void line(byte[] buf, int from, int to, long endOffset) {
        if (lines == 1) {
            if (to - from != HEADER.length || !startsWith(buf, from, to, HEADER, HEADER.length)) {
                throw notAJournal();
            }
            hasHeader = true;
            valid(endOffset);
            return;
        }
        if (to > from && buf[from] == '#') {
            valid(endOffset);
            return;
        }
        if (to - from > JournalCodec.MAX_LINE) {
            bad(lines, 1, "line longer than " + JournalCodec.MAX_LINE + " bytes");
            return;
        }
        try {
            table.apply(JournalCodec.parseRecord(buf, from, to));
            records++;
            valid(endOffset);
        } catch (JournalCodec.ParseException e) {
            bad(lines, e.column, e.getMessage());
        }
    }

    private void fragment(byte[] buf, int from, int to, boolean overlong) {
        if (lines == 0) {
            // A crash while the header of a new journal was being written leaves a prefix of it.
            if (overlong || to - from > HEADER.length || !startsWith(buf, from, to, HEADER, to - from)) {
                throw notAJournal();
            }
            return;
        }
        problem(lines + 1, to - from + 1, overlong ? "unterminated overlong last line (torn write)"
                : "unterminated last line of " + fragmentLength + " bytes (torn write)");
    }

    private LeaseStoreException notAJournal() {
        return new LeaseStoreException(file + ":1:1: not a netboot lease journal (expected: '"
                + JournalCodec.HEADER + "')");
    }

    private void valid(long endOffset) {
        validEnd = endOffset;
        validLine = lines;
    }

    private void bad(int line, int column, String message) {
        damagedLines = true;
        problem(line, column, message);
    }

    private void problem(int line, int column, String message) {
        problemLines.add(line);
        problemColumns.add(column);
        problemMessages.add(message);
    }

    private static boolean startsWith(byte[] buf, int from, int to, byte[] prefix, int length) {
        if (to - from < length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buf[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
