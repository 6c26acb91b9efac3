package dev.netboot.rules.isc;

import dev.netboot.rules.Declaration;
import dev.netboot.rules.Diagnostic;
import dev.netboot.rules.RuleSet;
import dev.netboot.rules.RuleSetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Reads ISC dhcpd.conf into a {@link RuleSet}: {@code DhcpdConf.reader().includeRoot(root).read(file)}.
 *
 * <p>Supported: option definitions ({@code option NAME code N = TYPE;}, option spaces with
 * {@code encapsulate}), {@code option}/{@code supersede}/{@code default}/{@code prepend}/{@code append}
 * with ISC value syntax or {@code = expression}, {@code next-server}, {@code filename},
 * {@code server-name}, lease times, {@code authoritative}, {@code subnet}, {@code shared-network},
 * {@code pool} with permits, {@code range}, {@code host} (hardware, fixed-address, client identifier),
 * {@code group}, {@code class} with {@code match if} or {@code match}, {@code subclass}, {@code add},
 * {@code if / elsif / else if / else}, and the expressions {@code exists}, {@code known},
 * {@code check}, {@code option}, {@code hardware}, {@code substring}, {@code suffix},
 * {@code lcase}, {@code ucase}, {@code concat}, {@code binary-to-ascii}, {@code pick-first-value},
 * {@code encode-int}, {@code extract-int}, {@code reverse}, {@code host-decl-name}, {@code null},
 * {@code =}, {@code !=}, {@code ~=}, {@code ~~}, {@code and}, {@code or}, {@code not}, with ISC's
 * precedence and null semantics.
 *
 * <p>{@code include "PATH";} opens PATH as written; with an include root, absolute paths are rebased
 * under it (as in a chroot) and relative ones resolved against it. Host names where an address is
 * expected are resolved when the file is read, through the {@link HostResolver}.
 *
 * <p>Statements that change nothing in netboot's decisions (ddns-*, log-facility, lease-file-name,
 * pid-file-name, ping-check, omapi-*, failover, key, zone, log(), on commit/release/expiry,
 * allow/deny bootp, allow booting...) produce warnings; anything else unknown is an error
 * {@code file:line:col: error: message}. Like a compiler, a read reports every error it can: after
 * a syntax error it skips to the end of that statement (the next {@code ;}, or past its block) and
 * reads on, up to {@link Reader#maxErrors(int) a limit}; errors of the rule model (unknown class,
 * range outside its subnet...) are checked once the syntax is free of errors. Readers are immutable
 * and thread-safe.
 */
public final class DhcpdConf {
    private DhcpdConf() {}

    /** A reader with no include root and the system resolver. */
    public static Reader reader() {
        return new Reader(null, null, Reader.DEFAULT_MAX_ERRORS);
    }

    /**
     * What was read: the rule set, and warnings (ignored statements); {@link #lints()} finds likely
     * mistakes on demand.
     *
     * @param ruleSet the compiled rules
     * @param model the rule model the rules were compiled from
     * @param options the option names known at the end of the file (standard plus site definitions),
     *     e.g. to {@linkplain IscOptions#format format} decided option values
     * @param warnings statements that were ignored, in source order
     * @param files the files read, as opened (include root applied): the main file first (none when
     *     text was read), then each include in the order read; what a server watches to reload
     */
    public record Result(RuleSet ruleSet, Declaration.Group model, IscOptions options, List<Diagnostic> warnings,
            List<Path> files) {
        /** Copies. */
        public Result {
            warnings = List.copyOf(warnings);
            files = List.copyOf(files);
        }

        /**
         * Likely mistakes found by {@code netboot check}, computed from the model on each call (a
         * server that only reads its configuration does not pay for them).
         */
        public List<Diagnostic> lints() {
            return List.copyOf(Lints.run(model));
        }

        /** Warnings and lints together, by file, line and column. */
        public List<Diagnostic> diagnostics() {
            List<Diagnostic> all = new ArrayList<>(warnings);
            all.addAll(Lints.run(model));
            all.sort(new SourceOrder());
            return List.copyOf(all);
        }
    }

    /** By file name, line, column. Created where used: reading a configuration never sorts. */
    private static final class SourceOrder implements Comparator<Diagnostic> {
        @Override
        public int compare(Diagnostic a, Diagnostic b) {
            int c = String.valueOf(a.origin().file()).compareTo(String.valueOf(b.origin().file()));
            if (c == 0) {
                c = Integer.compare(a.origin().line(), b.origin().line());
            }
            return c != 0 ? c : Integer.compare(a.origin().column(), b.origin().column());
        }
    }

    /** Reads dhcpd.conf files with fixed settings. Immutable and thread-safe. */
    public static final class Reader {
        /** How many errors a read reports before it stops, unless {@link #maxErrors(int)} says otherwise. */
        public static final int DEFAULT_MAX_ERRORS = 100;

        private final Path includeRoot;
        /** Null until {@link #resolver(HostResolver)}: the system resolver, created only when a read needs one. */
        private final HostResolver resolver;
        private final int maxErrors;

        private Reader(Path includeRoot, HostResolver resolver, int maxErrors) {
            this.includeRoot = includeRoot;
            this.resolver = resolver;
            this.maxErrors = maxErrors;
        }

        /** Rebases absolute include paths (and the main file's name in diagnostics) under {@code root}. */
        public Reader includeRoot(Path root) {
            return new Reader(root == null ? null : root.toAbsolutePath().normalize(), resolver, maxErrors);
        }

        /** Resolves host names through {@code r} instead of the system resolver. */
        public Reader resolver(HostResolver r) {
            return new Reader(includeRoot, Objects.requireNonNull(r, "resolver"), maxErrors);
        }

        private HostResolver resolverOrSystem() {
            return resolver != null ? resolver : HostResolver.system();
        }

        /**
         * Stops a read after {@code n} errors (default {@value #DEFAULT_MAX_ERRORS}); the next error
         * is replaced by a note that reading stopped. {@code maxErrors(1)} stops at the first error.
         */
        public Reader maxErrors(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxErrors must be at least 1, not " + n);
            }
            return new Reader(includeRoot, resolver, n);
        }

        /**
         * Reads and compiles {@code file}.
         *
         * @throws ConfigException listing every error found, each with file, line and column
         */
        public Result read(Path file) {
            Parser p = new Parser(includeRoot, resolverOrSystem(), maxErrors);
            return compile(p.parseMain(file, display(file)), p);
        }

        /**
         * Reads configuration text; {@code fileName} is used in diagnostics.
         *
         * @throws ConfigException listing every error found
         */
        public Result read(String text, String fileName) {
            Parser p = new Parser(includeRoot, resolverOrSystem(), maxErrors);
            return compile(p.parseText(text, fileName), p);
        }

        /**
         * Everything {@code netboot check} reports for {@code file}: every error if reading fails,
         * else warnings and lints; by file, line and column. Never throws for problems in the
         * configuration.
         */
        public List<Diagnostic> check(Path file) {
            try {
                return read(file).diagnostics();
            } catch (ConfigException e) {
                List<Diagnostic> d = new ArrayList<>(e.diagnostics());
                d.sort(new SourceOrder());
                return List.copyOf(d);
            }
        }

        /**
         * Compiles a model read without errors. A model read with errors is not compiled: it lacks
         * the statements that had errors, so its rule-model errors would be misleading.
         */
        private Result compile(Declaration.Group model, Parser p) {
            if (p.errors > 0) {
                throw new ConfigException(p.diagnostics);
            }
            RuleSet rs;
            try {
                rs = RuleSet.compile(model);
            } catch (RuleSetException e) {
                List<Diagnostic> all = new ArrayList<>(p.diagnostics);
                int errors = 0;
                for (Diagnostic d : e.diagnostics()) {
                    if (d.isError() && errors++ == maxErrors) {
                        all.add(Diagnostic.error(d.origin(), Parser.tooManyErrors(maxErrors)));
                        break;
                    }
                    all.add(d);
                }
                throw new ConfigException(all);
            }
            return new Result(rs, model, p.table, p.diagnostics, p.files);
        }

        private String display(Path file) {
            if (includeRoot != null) {
                Path abs = file.toAbsolutePath().normalize();
                if (abs.startsWith(includeRoot)) {
                    return "/" + includeRoot.relativize(abs).toString().replace('\\', '/');
                }
            }
            return file.toString();
        }
    }
}
