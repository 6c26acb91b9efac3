package dev.netboot.rules;

/** Placeholder until the rule engine lands. */
final class Placeholder {
    private Placeholder() {}
}
