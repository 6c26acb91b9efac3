package dev.netboot.rules.isc;

import dev.netboot.rules.Diagnostic;
import dev.netboot.rules.Origin;
import java.util.List;

/**
 * Raised when a dhcpd.conf cannot be read: a syntax error, an unknown statement or option, a value
 * out of range, an unresolvable host name, a missing include, or a rule-model error. Unchecked.
 * The message reads like a compiler's: {@code file:line:col: error: message}; {@link #diagnostics()}
 * also carries the warnings found before the error.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Origin origin;
    private final String reason;
    private final transient List<Diagnostic> diagnostics;

    ConfigException(Origin origin, String reason, List<Diagnostic> diagnostics) {
        super(origin + ": error: " + reason);
        this.origin = origin;
        this.reason = reason;
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** Where the (first) error is. */
    public Origin origin() {
        return origin;
    }

    /** The file of the error as shown in diagnostics. */
    public String file() {
        return origin.file();
    }

    /** 1-based line of the error. */
    public int line() {
        return origin.line();
    }

    /** 1-based column of the error. */
    public int column() {
        return origin.column();
    }

    /** The error message without the location. */
    public String reason() {
        return reason;
    }

    /** Every diagnostic: warnings found so far and the error(s), in order. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
