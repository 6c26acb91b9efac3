package dev.netboot.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Why a client got its decision: every host lookup, class match, network choice and condition
 * tried (with the values it saw), every field set and every earlier value it replaced, and the
 * branches that were shadowed because an earlier branch of the same chain matched. Immutable and
 * thread-safe.
 *
 * @param decision a snapshot of the decision explained
 * @param steps what happened, in order
 */
public record Explanation(Decision decision, List<Step> steps) {

    /** What kind of event a step records. */
    public enum Kind {
        /** A host declaration matched, or none did. */
        HOST,
        /** The client became a member of a class. */
        CLASS,
        /** The subnet, shared network or pool chosen. */
        NETWORK,
        /** A condition was evaluated. */
        TEST,
        /** A field or option was set. */
        SET,
        /** A field or option set earlier was replaced (the earlier statement lost). */
        OVERRIDE,
        /** An option was removed. */
        REMOVE,
        /** A branch was not tried because an earlier branch of its chain matched. */
        SHADOWED
    }

    /**
     * One event.
     *
     * @param kind what happened
     * @param scope the scope it happened in, or null
     * @param origin the statement or declaration involved
     * @param text a human-readable description including the values seen
     */
    public record Step(Kind kind, ScopeRef scope, Origin origin, String text) {
        /** Validates. */
        public Step {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String toString() {
            return (origin == null ? "-" : origin.toString()) + ": " + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + (scope == null ? "" : " [" + scope + "]") + ": " + text;
        }
    }

    /** Copies. */
    public Explanation {
        Objects.requireNonNull(decision, "decision");
        steps = List.copyOf(steps);
    }

    /** The steps of one kind. */
    public List<Step> steps(Kind kind) {
        List<Step> out = new ArrayList<>();
        for (Step s : steps) {
            if (s.kind == kind) {
                out.add(s);
            }
        }
        return out;
    }

    /** The summary line followed by one line per step. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(decision.summary()).append('\n');
        for (Step s : steps) {
            sb.append("  ").append(s).append('\n');
        }
        return sb.toString();
    }
}
