package dev.netboot.rules;

import java.util.List;
import java.util.Objects;

/**
 * An {@code if / else if / else} chain: the first rule whose condition holds runs its body;
 * if none holds, {@code otherwise} runs (ISC semantics: the else branch applies to every client not
 * matched by an earlier branch, including clients that send none of the tested options).
 * Immutable and thread-safe.
 *
 * @param rules the branches in order (at least one)
 * @param otherwise the else branch, or null if there is none
 * @param otherwiseOrigin where the else branch is written, or null
 * @param origin where the chain starts
 */
public record Chain(List<Rule> rules, List<Statement> otherwise, Origin otherwiseOrigin, Origin origin)
        implements Statement {
    /** Validates and copies. */
    public Chain {
        rules = List.copyOf(rules);
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("a chain needs at least one rule");
        }
        otherwise = otherwise == null ? null : List.copyOf(otherwise);
        Objects.requireNonNull(origin, "origin");
        if (otherwise != null && otherwiseOrigin == null) {
            otherwiseOrigin = origin;
        }
    }
}
