package dev.netboot.rules;

import java.util.List;
import java.util.Objects;

/**
 * One branch of a {@link Chain}: if {@code condition} holds, {@code body} runs and later branches
 * of the same chain are not tried. Immutable and thread-safe.
 *
 * @param name a name for explanations, or null to use the condition's source form
 * @param condition when the branch applies
 * @param body the statements to run
 * @param origin where the branch is written (the {@code if} or {@code elsif})
 */
public record Rule(String name, Predicate condition, List<Statement> body, Origin origin) {
    /** Validates and copies. */
    public Rule {
        Objects.requireNonNull(condition, "condition");
        body = List.copyOf(body);
        Objects.requireNonNull(origin, "origin");
    }

    /** The name, or the condition's source form. */
    public String label() {
        return name != null ? name : condition.describe();
    }
}
