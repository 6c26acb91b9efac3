package dev.netboot.rules;

/**
 * One statement in a scope or rule body: an {@link Action} or a first-match {@link Chain}.
 * Statements run in order; a later statement that sets the same field wins.
 */
public sealed interface Statement permits Action, Chain {
    /** Where the statement comes from. */
    Origin origin();
}
