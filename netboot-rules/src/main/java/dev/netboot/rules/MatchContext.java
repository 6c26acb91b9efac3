package dev.netboot.rules;

/**
 * What a {@link Predicate} may look at while a decision is made: the client's facts, whether a
 * host declaration matched it, and its classes so far. Implemented by the engine; one instance is
 * reused for every decision made with the same {@link Decision}, so predicates must not keep it.
 * Not thread-safe.
 */
public interface MatchContext {
    /** The client being decided. */
    ClientFacts facts();

    /** True if a host declaration matched the client (ISC's {@code known}). */
    boolean known();

    /** The name of the matching host declaration, or null. */
    String hostName();

    /** True if the client is already a member of the class (or of a subclass of it). */
    boolean inClass(String name);
}
