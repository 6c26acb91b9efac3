package dev.netboot.rules;

/**
 * A condition on a client, used in rules ({@code if}) and class matches. The closed set in
 * {@link Predicates} covers the usual netboot tests; implement this interface for custom ones.
 * Implementations must be immutable, thread-safe, and should not allocate in {@link #test}.
 */
@FunctionalInterface
public interface Predicate {
    /** True if the client satisfies the condition. */
    boolean test(MatchContext ctx);

    /** The condition in source form for explanations, e.g. {@code option arch = 00:0b}. */
    default String describe() {
        return getClass().getSimpleName();
    }

    /**
     * The values this condition looked at for this client, e.g. {@code option arch = 00:07}; only
     * called when an explanation is requested, so it may allocate.
     */
    default String observe(MatchContext ctx) {
        return test(ctx) ? "true" : "false";
    }
}
