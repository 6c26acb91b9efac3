package dev.netboot.tftp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The ordered options of a request or an OACK (RFC 2347). Order and spelling are kept as they were
 * on the wire (some clients compare the OACK with what they sent); lookups ignore ASCII case and
 * find the first option of a name. Immutable and thread-safe.
 */
public final class TftpOptions {
    /** RFC 2348 block size: 8 to 65464 octets of data per DATA packet. */
    public static final String BLKSIZE = "blksize";
    /** RFC 2349 retransmission timeout in seconds, 1 to 255. */
    public static final String TIMEOUT = "timeout";
    /** RFC 2349 transfer size in octets (0 in a read request asks the server for it). */
    public static final String TSIZE = "tsize";
    /** RFC 7440 window size: DATA packets sent per ACK, 1 to 65535. */
    public static final String WINDOWSIZE = "windowsize";

    private static final TftpOptions EMPTY = new TftpOptions(List.of());

    private final List<TftpOption> entries;

    private TftpOptions(List<TftpOption> entries) {
        this.entries = entries;
    }

    /** No options. */
    public static TftpOptions empty() {
        return EMPTY;
    }

    /** The given options, in order. */
    public static TftpOptions of(List<TftpOption> options) {
        return options.isEmpty() ? EMPTY : new TftpOptions(List.copyOf(options));
    }

    /**
     * Options from alternating names and values, e.g. {@code of("blksize", "1468", "tsize", "0")}.
     *
     * @throws IllegalArgumentException if the number of strings is odd or one cannot be encoded
     */
    public static TftpOptions of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values: odd count " + namesAndValues.length);
        }
        List<TftpOption> list = new ArrayList<>(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            list.add(new TftpOption(namesAndValues[i], namesAndValues[i + 1]));
        }
        return of(list);
    }

    /** Wraps a list the caller built and will not change (the codec's decoded list). */
    static TftpOptions wrap(List<TftpOption> options) {
        return options.isEmpty() ? EMPTY : new TftpOptions(Collections.unmodifiableList(options));
    }

    /** The options in wire order (unmodifiable). */
    public List<TftpOption> entries() {
        return entries;
    }

    /** The number of options (duplicates counted). */
    public int size() {
        return entries.size();
    }

    /** Whether there are no options. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The value of the first option called {@code name} (ignoring ASCII case), if any. */
    public Optional<String> value(String name) {
        for (TftpOption o : entries) {
            if (o.is(name)) {
                return Optional.of(o.value());
            }
        }
        return Optional.empty();
    }

    /** Whether an option called {@code name} (ignoring ASCII case) is present. */
    public boolean contains(String name) {
        for (TftpOption o : entries) {
            if (o.is(name)) {
                return true;
            }
        }
        return false;
    }

    /** These options with {@code name = value} appended. */
    public TftpOptions with(String name, String value) {
        List<TftpOption> list = new ArrayList<>(entries.size() + 1);
        list.addAll(entries);
        list.add(new TftpOption(name, value));
        return new TftpOptions(Collections.unmodifiableList(list));
    }

    /** These options without any option called {@code name} (ignoring ASCII case). */
    public TftpOptions without(String name) {
        List<TftpOption> list = new ArrayList<>(entries.size());
        for (TftpOption o : entries) {
            if (!o.is(name)) {
                list.add(o);
            }
        }
        return list.size() == entries.size() ? this : wrap(list);
    }

    int encodedLength() {
        int n = 0;
        for (TftpOption o : entries) {
            n += o.name().length() + o.value().length() + 2;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TftpOptions other && other.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (TftpOption o : entries) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(o.name()).append('=').append(o.value());
        }
        return sb.append('}').toString();
    }
}
