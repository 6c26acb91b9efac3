package dev.netboot.rules;

/**
 * Which statement set a field of a {@link Decision}: the statement's origin, the scope it ran in,
 * and the rule (if/else branch) it sits in, if any. Instances are created once when a rule set is
 * compiled, so recording provenance allocates nothing. Immutable and thread-safe.
 *
 * @param scope the scope whose statements set the field
 * @param origin the statement that set it ({@code file:line:col} for configuration files)
 * @param rule the branch the statement sits in, or null for an unconditional statement
 */
public record Provenance(ScopeRef scope, Origin origin, Rule rule) {
    @Override
    public String toString() {
        String s = origin + " (" + scope;
        if (rule != null) {
            s += ", rule " + rule.label() + " at " + rule.origin();
        }
        return s + ")";
    }
}
