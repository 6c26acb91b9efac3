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
 * {@code file:line:col: error: message}. Readers are immutable and thread-safe.
 */
public final class DhcpdConf {
    private DhcpdConf() {}

    /** A reader with no include root and the system resolver. */
    public static Reader reader() {
        return new Reader(null, HostResolver.system());
    }

    /**
     * What was read: the rule set, warnings (ignored statements) and lints.
     *
     * @param ruleSet the compiled rules
     * @param model the rule model the rules were compiled from
     * @param options the option names known at the end of the file (standard plus site definitions),
     *     e.g. to {@linkplain IscOptions#format format} decided option values
     * @param warnings statements that were ignored, in source order
     * @param lints likely mistakes found by {@code netboot check}
     */
    public record Result(RuleSet ruleSet, Declaration.Group model, IscOptions options, List<Diagnostic> warnings,
            List<Diagnostic> lints) {
        /** Copies. */
        public Result {
            warnings = List.copyOf(warnings);
            lints = List.copyOf(lints);
        }

        /** Warnings and lints together, by file, line and column. */
        public List<Diagnostic> diagnostics() {
            List<Diagnostic> all = new ArrayList<>(warnings);
            all.addAll(lints);
            all.sort(ORDER);
            return List.copyOf(all);
        }
    }

    static final Comparator<Diagnostic> ORDER = new SourceOrder();

    /** By file name, line, column. */
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
        private final Path includeRoot;
        private final HostResolver resolver;

        private Reader(Path includeRoot, HostResolver resolver) {
            this.includeRoot = includeRoot;
            this.resolver = resolver;
        }

        /** Rebases absolute include paths (and the main file's name in diagnostics) under {@code root}. */
        public Reader includeRoot(Path root) {
            return new Reader(root == null ? null : root.toAbsolutePath().normalize(), resolver);
        }

        /** Resolves host names through {@code r} instead of the system resolver. */
        public Reader resolver(HostResolver r) {
            return new Reader(includeRoot, Objects.requireNonNull(r, "resolver"));
        }

        /**
         * Reads and compiles {@code file}.
         *
         * @throws ConfigException at the first error, with file, line and column
         */
        public Result read(Path file) {
            Parser p = new Parser(includeRoot, resolver);
            Declaration.Group model;
            try {
                model = p.parseMain(file, display(file));
            } catch (Parser.ParseError e) {
                throw failure(e, p.warnings);
            }
            return compile(model, p);
        }

        /**
         * Reads configuration text; {@code fileName} is used in diagnostics.
         *
         * @throws ConfigException at the first error
         */
        public Result read(String text, String fileName) {
            Parser p = new Parser(includeRoot, resolver);
            Declaration.Group model;
            try {
                model = p.parseText(text, fileName);
            } catch (Parser.ParseError e) {
                throw failure(e, p.warnings);
            }
            return compile(model, p);
        }

        /**
         * Everything {@code netboot check} reports for {@code file}: the error if reading fails,
         * warnings and lints, in source order. Never throws for problems in the configuration.
         */
        public List<Diagnostic> check(Path file) {
            try {
                return read(file).diagnostics();
            } catch (ConfigException e) {
                List<Diagnostic> d = new ArrayList<>(e.diagnostics());
                d.sort(ORDER);
                return List.copyOf(d);
            }
        }

        private Result compile(Declaration.Group model, Parser p) {
            List<Diagnostic> warnings = p.warnings;
            RuleSet rs;
            try {
                rs = RuleSet.compile(model);
            } catch (RuleSetException e) {
                Diagnostic first = e.diagnostics().stream().filter(Diagnostic::isError).findFirst().orElseThrow();
                List<Diagnostic> all = new ArrayList<>(warnings);
                all.addAll(e.diagnostics());
                throw new ConfigException(first.origin(), first.message(), all);
            }
            return new Result(rs, model, p.table, warnings, Lints.run(model));
        }

        private static ConfigException failure(Parser.ParseError e, List<Diagnostic> warnings) {
            List<Diagnostic> all = new ArrayList<>(warnings);
            all.add(Diagnostic.error(e.origin, e.getMessage()));
            return new ConfigException(e.origin, e.getMessage(), all);
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
