package dev.netboot.rules;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Holds the rule set a server decides with, and replaces it atomically. A new configuration is
 * loaded and validated in full by the loader before the swap; if loading fails, the old rule set
 * keeps serving and the failure is returned. Thread-safe: readers call {@link #current()} once per
 * decision.
 */
public final class RuleSetHolder {
    private final AtomicReference<RuleSet> current;

    /** Starts with {@code initial}. */
    public RuleSetHolder(RuleSet initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    /** The rule set in force. */
    public RuleSet current() {
        return current.get();
    }

    /** Replaces the rule set (already validated, as every {@link RuleSet} is) and returns the old one. */
    public RuleSet replace(RuleSet next) {
        return current.getAndSet(Objects.requireNonNull(next, "next"));
    }

    /**
     * Runs {@code loader} (e.g. reading dhcpd.conf) and swaps in its result; if it throws, nothing
     * changes and the exception is returned in the result.
     */
    public Reload reload(Supplier<RuleSet> loader) {
        RuleSet next;
        try {
            next = Objects.requireNonNull(loader.get(), "loader returned null");
        } catch (RuntimeException e) {
            return new Reload(false, current.get(), e);
        }
        current.set(next);
        return new Reload(true, next, null);
    }

    /**
     * The outcome of {@link #reload}.
     *
     * @param replaced true if the new rule set is now in force
     * @param active the rule set in force after the call
     * @param failure why loading failed, or null
     */
    public record Reload(boolean replaced, RuleSet active, RuntimeException failure) {}
}
