package dev.netboot.rules;

import java.util.List;

/**
 * Raised when a rule model cannot be compiled into a {@link RuleSet} (duplicate class, range
 * outside its subnet, unknown class in {@code add}...). Unchecked; carries every error found, each
 * with its origin. The message is the first error in compiler form.
 */
public class RuleSetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    /** Creates an exception carrying {@code diagnostics} (at least one error). */
    public RuleSetException(List<Diagnostic> diagnostics) {
        super(firstError(diagnostics));
        this.diagnostics = List.copyOf(diagnostics);
    }

    private static String firstError(List<Diagnostic> diagnostics) {
        for (Diagnostic d : diagnostics) {
            if (d.isError()) {
                return d.toString();
            }
        }
        return diagnostics.isEmpty() ? "invalid rule set" : diagnostics.get(0).toString();
    }

    /** Every error and warning found, in source order. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
