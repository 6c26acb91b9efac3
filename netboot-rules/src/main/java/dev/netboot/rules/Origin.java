package dev.netboot.rules;

import java.util.Objects;

/**
 * Where a rule, action or declaration came from: a position in a configuration file
 * ({@code file:line:column}, 1-based) or a label for rules built through the Java API. Immutable
 * and thread-safe.
 *
 * @param file the file as named in diagnostics, or null for API-defined elements
 * @param line 1-based line, or 0 when not from a file
 * @param column 1-based column, or 0 when not from a file
 * @param label a human-readable name for API-defined elements, or null for file positions
 */
public record Origin(String file, int line, int column, String label) {

    /** A position in a configuration file. */
    public static Origin of(String file, int line, int column) {
        return new Origin(Objects.requireNonNull(file, "file"), line, column, null);
    }

    /** An element defined through the Java API, named {@code label} in explanations. */
    public static Origin api(String label) {
        return new Origin(null, 0, 0, Objects.requireNonNull(label, "label"));
    }

    /** True if this origin is a file position. */
    public boolean isFile() {
        return file != null;
    }

    /** {@code file:line} for file positions, else the label. */
    public String fileLine() {
        return file != null ? file + ":" + line : label;
    }

    /** {@code file:line:column} for file positions, else the label. */
    @Override
    public String toString() {
        return file != null ? file + ":" + line + ":" + column : label;
    }
}
