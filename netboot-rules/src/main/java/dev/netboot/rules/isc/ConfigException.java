package dev.netboot.rules.isc;

import dev.netboot.rules.Diagnostic;
import dev.netboot.rules.Origin;
import java.util.ArrayList;
import java.util.List;

/**
 * Raised when a dhcpd.conf cannot be read: syntax errors, unknown statements or options, values
 * out of range, unresolvable host names, missing includes, or rule-model errors. Unchecked. The
 * reader reports every error it can, like a compiler: {@link #errors()} lists them all (up to
 * {@link DhcpdConf.Reader#maxErrors(int)}), {@link #diagnostics()} also carries the warnings. The
 * message is the first error in compiler form, {@code file:line:col: error: message}, followed by
 * {@code (and N more errors)} when there are others; {@link #origin()} and {@link #reason()} are
 * those of the first error.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Diagnostic first;
    private final transient List<Diagnostic> errors;
    private final transient List<Diagnostic> diagnostics;

    /** {@code diagnostics} in the order found; at least one is an error. */
    ConfigException(List<Diagnostic> diagnostics) {
        this(errorsOf(diagnostics), diagnostics);
    }

    private ConfigException(List<Diagnostic> errors, List<Diagnostic> diagnostics) {
        super(message(errors));
        this.first = errors.get(0);
        this.errors = errors;
        this.diagnostics = List.copyOf(diagnostics);
    }

    private static List<Diagnostic> errorsOf(List<Diagnostic> diagnostics) {
        List<Diagnostic> errors = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            if (d.isError()) {
                errors.add(d);
            }
        }
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        return List.copyOf(errors);
    }

    private static String message(List<Diagnostic> errors) {
        String first = errors.get(0).toString();
        int more = errors.size() - 1;
        return more == 0 ? first : first + " (and " + more + (more == 1 ? " more error)" : " more errors)");
    }

    /** Where the first error is. */
    public Origin origin() {
        return first.origin();
    }

    /** The file of the first error as shown in diagnostics. */
    public String file() {
        return first.origin().file();
    }

    /** 1-based line of the first error. */
    public int line() {
        return first.origin().line();
    }

    /** 1-based column of the first error. */
    public int column() {
        return first.origin().column();
    }

    /** The first error's message without the location. */
    public String reason() {
        return first.message();
    }

    /** Every error, in the order found (reading order: a file's includes where they are included). */
    public List<Diagnostic> errors() {
        return errors;
    }

    /** Every diagnostic, warnings and errors, in the order found. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
