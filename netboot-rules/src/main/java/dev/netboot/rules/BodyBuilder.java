package dev.netboot.rules;

import dev.netboot.dhcp.Ipv4;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects statements for a scope or rule body in the Java API. Every statement gets an
 * {@link Origin#api} origin named after the enclosing scope or rule, shown in provenance.
 * Not thread-safe; used only while building.
 *
 * @param <T> the concrete builder, returned for chaining
 */
public abstract class BodyBuilder<T extends BodyBuilder<T>> {
    final List<Statement> statements = new ArrayList<>();
    final String label;
    private int counter;

    BodyBuilder(String label) {
        this.label = label;
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    Origin next(String what) {
        return Origin.api(label + " #" + (++counter) + " " + what);
    }

    /** Adds any statement. */
    public T statement(Statement s) {
        statements.add(s);
        return self();
    }

    /** {@code next-server ADDRESS;} */
    public T nextServer(String ipv4) {
        return statement(new Action.NextServer(Ipv4.parse(ipv4), next("next-server")));
    }

    /** {@code filename "NAME";} */
    public T filename(String name) {
        return statement(new Action.Filename(name, next("filename")));
    }

    /** {@code server-name "NAME";} */
    public T serverName(String name) {
        return statement(new Action.ServerName(name, next("server-name")));
    }

    /** Sets option {@code code} to raw bytes. */
    public T option(int code, byte[] value) {
        return statement(new Action.SetOption(code, value, Action.Mode.SUPERSEDE, next("option " + code)));
    }

    /** Sets option {@code code} to raw bytes with a combination mode (default, prepend, append). */
    public T option(int code, byte[] value, Action.Mode mode) {
        return statement(new Action.SetOption(code, value, mode, next("option " + code)));
    }

    /** Sets option {@code code} to ASCII text (no terminating NUL). */
    public T optionText(int code, String text) {
        return option(code, Bytes.ascii(text));
    }

    /** Sets option {@code code} to a list of IPv4 addresses. */
    public T optionAddresses(int code, String... ipv4) {
        byte[] v = new byte[4 * ipv4.length];
        for (int i = 0; i < ipv4.length; i++) {
            System.arraycopy(Ipv4.toBytes(Ipv4.parse(ipv4[i])), 0, v, 4 * i, 4);
        }
        return option(code, v);
    }

    /** Removes option {@code code} if an earlier statement set it. */
    public T removeOption(int code) {
        return statement(new Action.RemoveOption(code, next("remove option " + code)));
    }

    /** Adds the client to a class. */
    public T addClass(String className) {
        return statement(new Action.AddClass(className, next("add " + className)));
    }

    /** {@code default-lease-time SECONDS;} */
    public T defaultLeaseTime(long seconds) {
        return statement(new Action.LeaseTime(Action.LeaseTimeKind.DEFAULT, seconds, next("default-lease-time")));
    }

    /** {@code max-lease-time SECONDS;} */
    public T maxLeaseTime(long seconds) {
        return statement(new Action.LeaseTime(Action.LeaseTimeKind.MAX, seconds, next("max-lease-time")));
    }

    /** {@code authoritative;} */
    public T authoritative() {
        return statement(new Action.Authoritative(true, next("authoritative")));
    }

    /** An {@code if / else if / else} chain. */
    public T chain(Consumer<ChainBuilder> chain) {
        ChainBuilder c = new ChainBuilder(label + " #" + (++counter));
        chain.accept(c);
        return statement(c.build());
    }

    /** A single {@code if} without else. */
    public T when(String name, Predicate condition, Consumer<RuleBuilder> body) {
        return chain(c -> c.when(name, condition, body));
    }

    /** Builds the statements of a rule branch. */
    public static final class RuleBuilder extends BodyBuilder<RuleBuilder> {
        RuleBuilder(String label) {
            super(label);
        }
    }

    /** Builds an {@code if / else if / else} chain; branches are tried in the order added. */
    public static final class ChainBuilder {
        private final String label;
        private final List<Rule> rules = new ArrayList<>();
        private List<Statement> otherwise;
        private Origin otherwiseOrigin;

        ChainBuilder(String label) {
            this.label = label;
        }

        /** Adds a branch named {@code name} (shown in provenance and explanations). */
        public ChainBuilder when(String name, Predicate condition, Consumer<RuleBuilder> body) {
            RuleBuilder b = new RuleBuilder(name == null ? label : name);
            body.accept(b);
            rules.add(new Rule(name, condition, b.statements, Origin.api(name == null ? label + " branch " + (rules.size() + 1) : name)));
            return this;
        }

        /** The else branch. */
        public ChainBuilder otherwise(Consumer<RuleBuilder> body) {
            RuleBuilder b = new RuleBuilder(label + " else");
            body.accept(b);
            otherwise = b.statements;
            otherwiseOrigin = Origin.api(label + " else");
            return this;
        }

        Chain build() {
            return new Chain(rules, otherwise, otherwiseOrigin, Origin.api(label));
        }
    }
}
