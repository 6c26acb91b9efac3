package dev.netboot.rules;

/**
 * Computes an option value from the client (ISC's {@code option NAME = expression;}). Used for
 * values that are not constants; evaluation may allocate. Implementations must be immutable and
 * thread-safe.
 */
@FunctionalInterface
public interface ValueSource {
    /** The value bytes, or null if the expression has no value for this client (ISC's null). */
    byte[] value(MatchContext ctx);

    /** The expression in source form for explanations. */
    default String describe() {
        return getClass().getSimpleName();
    }
}
