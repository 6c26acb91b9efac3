package dev.netboot.rules;

import java.util.Objects;

/**
 * One error or warning about a configuration, formatted like a compiler's:
 * {@code file:line:col: error: message}. Immutable and thread-safe.
 *
 * @param severity error or warning
 * @param origin where the problem is
 * @param message what is wrong, in one sentence without a trailing period
 * @param code a short stable identifier for the kind of problem (e.g. {@code "unreachable"}), or
 *     null
 */
public record Diagnostic(Severity severity, Origin origin, String message, String code) {

    /** How serious a diagnostic is. */
    public enum Severity {
        /** The configuration cannot be used. */
        ERROR,
        /** The configuration works, but probably not as intended, or a statement is ignored. */
        WARNING;

        /** Lower-case name as printed in diagnostics. */
        public String label() {
            return this == ERROR ? "error" : "warning";
        }
    }

    /** Validates the components. */
    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(message, "message");
    }

    /** An error at {@code origin}. */
    public static Diagnostic error(Origin origin, String message) {
        return new Diagnostic(Severity.ERROR, origin, message, null);
    }

    /** A warning at {@code origin} with a stable {@code code}. */
    public static Diagnostic warning(Origin origin, String code, String message) {
        return new Diagnostic(Severity.WARNING, origin, message, code);
    }

    /** True for errors. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:col: error|warning: message}. */
    @Override
    public String toString() {
        return origin + ": " + severity.label() + ": " + message;
    }
}
