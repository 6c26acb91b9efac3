package dev.netboot.rules.isc;

import dev.netboot.dhcp.Ipv4;
import dev.netboot.rules.Action;
import dev.netboot.rules.AddressRange;
import dev.netboot.rules.Chain;
import dev.netboot.rules.Declaration;
import dev.netboot.rules.Diagnostic;
import dev.netboot.rules.Origin;
import dev.netboot.rules.Permit;
import dev.netboot.rules.Rule;
import dev.netboot.rules.ScopeKind;
import dev.netboot.rules.Statement;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Recursive-descent reader of dhcpd.conf into the rule model. Reports every error it can, like a
 * compiler: after a syntax error it skips to the end of the statement (the next {@code ;} or the
 * end of its block) and reads on; errors that leave the syntax intact are recorded without
 * skipping anything. Stops after {@code maxErrors} errors.
 */
final class Parser {
    static final int MAX_DEPTH = 64;
    static final int MAX_INCLUDE_DEPTH = 16;

    /**
     * A syntax error at a position, thrown to the statement being read, which records it and
     * recovers; or, when {@code fatal}, the error limit, thrown out of the whole read.
     */
    static final class ParseError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Origin origin;
        final boolean fatal;

        ParseError(Origin origin, String message, boolean fatal) {
            super(message, null, false, false);
            this.origin = origin;
            this.fatal = fatal;
        }
    }

    /**
     * Why a statement that changes nothing in netboot's decisions is ignored (with a warning), or
     * null if {@code keyword} is not one of them.
     */
    static String noOpReason(String keyword) {
        return switch (keyword) {
            case "ddns-update-style", "ddns-updates", "ddns-domainname", "ddns-rev-domainname",
                    "ddns-hostname", "ddns-ttl", "update-static-leases", "update-optimization",
                    "update-conflict-detection", "do-forward-updates", "key", "zone" ->
                    "dynamic DNS updates are not done by netboot";
            case "log-facility" -> "netboot logs through the embedding application";
            case "lease-file-name", "db-time-format" -> "the lease store is configured by the server, not dhcpd.conf";
            case "pid-file-name" -> "netboot writes no pid file";
            case "one-lease-per-client", "stash-agent-options", "infinite-is-reserved",
                    "adaptive-lease-time-threshold", "abandon-lease-time" ->
                    "lease bookkeeping is the server's";
            case "ping-check", "ping-timeout", "ping-cltt-secs" -> "conflict detection is the server's";
            case "local-port", "local-address", "remote-port" -> "sockets are configured by the server";
            case "omapi-port", "omapi-key" -> "netboot has no OMAPI";
            case "failover" -> "netboot does no failover";
            case "get-lease-hostnames" -> "no reverse lookups are done for leases";
            case "always-broadcast" -> "reply addressing is the server's";
            case "always-reply-rfc1048", "dynamic-bootp-lease-cutoff", "dynamic-bootp-lease-length" ->
                    "netboot answers DHCP, not BOOTP";
            case "boot-unknown-clients" -> "deprecated; use pools with permits";
            case "log-threshold-high", "log-threshold-low" -> "pool-usage logging is the server's";
            case "dont-use-fsync", "lease-id-format" -> "the lease store is configured by the server";
            case "delayed-ack", "max-ack-delay" -> "reply timing is the server's";
            default -> null;
        };
    }

    private final Path includeRoot;
    private final HostResolver resolver;
    private final int maxErrors;
    /** Warnings and errors in the order they were found. */
    final List<Diagnostic> diagnostics = new ArrayList<>();
    int errors;
    IscOptions table = IscOptions.standard();
    private final Deque<Path> including = new ArrayDeque<>();
    /** Every file this read opened or tried to open, in that order (the main file first). */
    final List<Path> files = new ArrayList<>();

    Parser(Path includeRoot, HostResolver resolver, int maxErrors) {
        this.includeRoot = includeRoot;
        this.resolver = resolver;
        this.maxErrors = maxErrors;
    }

    /** Records an error; past the limit, records that reading stopped and ends the read. */
    void error(Origin at, String message) {
        if (errors == maxErrors) {
            diagnostics.add(Diagnostic.error(at, tooManyErrors(maxErrors)));
            throw new ParseError(at, message, true);
        }
        errors++;
        diagnostics.add(Diagnostic.error(at, message));
    }

    static String tooManyErrors(int maxErrors) {
        return "too many errors: stopped after " + maxErrors + " (raise DhcpdConf.Reader.maxErrors to see more)";
    }

    /** Scope being filled. {@code kind == null} is an if-branch body (executable statements only). */
    static final class Acc {
        final ScopeKind kind;
        final String name;
        final Origin origin;
        final List<Statement> statements = new ArrayList<>();
        final List<Declaration> declarations = new ArrayList<>();
        final List<AddressRange> ranges = new ArrayList<>();
        final List<Permit> permits = new ArrayList<>();
        final List<Integer> fixed = new ArrayList<>();
        int htype;
        byte[] hardware;
        byte[] uid;
        IscCondition matchIf;
        int matchOption = -1;
        IscCondition.Value matchKey;
        int network;
        int netmask;
        String className;
        byte[] subclassKey;

        Acc(ScopeKind kind, String name, Origin origin) {
            this.kind = kind;
            this.name = name;
            this.origin = origin;
        }

        String describe() {
            return kind == null ? "if branch" : kind.label();
        }
    }

    // ------------------------------------------------------------------ files

    /** Reads {@code file} and its includes; check {@link #errors} before using the model. */
    Declaration.Group parseMain(Path file, String display) {
        Acc global = new Acc(ScopeKind.GLOBAL, null, Origin.of(display, 1, 1));
        try {
            parseFile(file, display, global, Origin.of(display, 1, 1));
        } catch (ParseError e) {
            stopped(e);
        }
        return new Declaration.Group(null, global.statements, global.declarations, global.origin);
    }

    /** Reads configuration text; check {@link #errors} before using the model. */
    Declaration.Group parseText(String text, String display) {
        Acc global = new Acc(ScopeKind.GLOBAL, null, Origin.of(display, 1, 1));
        try {
            new FileParser(text, display).statements(global, null, 0);
        } catch (ParseError e) {
            stopped(e);
        }
        return new Declaration.Group(null, global.statements, global.declarations, global.origin);
    }

    /** Statements recover from every other error, so only the error limit gets this far. */
    private static void stopped(ParseError e) {
        if (!e.fatal) {
            throw e; // a bug: a syntax error thrown outside any statement
        }
    }

    /** Parses {@code file} into {@code acc}; problems opening it are errors at {@code at}. */
    private void parseFile(Path file, String display, Acc acc, Origin at) {
        Path norm = file.toAbsolutePath().normalize();
        if (including.contains(norm)) {
            error(at, "include cycle: " + display + " includes itself");
            return;
        }
        if (including.size() >= MAX_INCLUDE_DEPTH) {
            error(at, "includes nested deeper than " + MAX_INCLUDE_DEPTH);
            return;
        }
        String text;
        files.add(file);
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            error(at, "cannot open " + display + (file.toString().equals(display) ? "" : " (looked for " + file + ")")
                    + ": no such file");
            return;
        } catch (IOException e) {
            error(at, "cannot read " + display + ": " + e.getMessage());
            return;
        }
        including.push(norm);
        try {
            new FileParser(text, display).statements(acc, null, 0);
        } finally {
            including.pop();
        }
    }

    /** Colon-separated hex bytes (1 or 2 digits each), or null. */
    static byte[] parseHex(String s) {
        int n = 1;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ':') {
                n++;
            }
        }
        byte[] out = new byte[n];
        int k = 0;
        int v = 0;
        int digits = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : ':';
            int d = Character.digit(c, 16);
            if (c == ':') {
                if (digits == 0) {
                    return null;
                }
                out[k++] = (byte) v;
                v = 0;
                digits = 0;
            } else if (d >= 0 && c < 0x80 && ++digits <= 2) {
                v = v * 16 + d;
            } else {
                return null;
            }
        }
        return out;
    }

    /** Letters, digits and inner hyphens in dot-separated labels, optionally ending with a dot. */
    static boolean isHostName(String s) {
        int label = 0;
        char prev = '.';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (c == '.') {
                if (label == 0 || prev == '-') {
                    return false;
                }
                label = 0;
            } else if (c == '-') {
                if (label == 0) {
                    return false;
                }
                label++;
            } else if (alnum) {
                label++;
            } else {
                return false;
            }
            prev = c;
        }
        return !s.isEmpty() && prev != '-' && !(s.length() == 1 && prev == '.');
    }

    /**
     * The file an {@code include} names. Without an include root, the path as written. With one, as
     * dhcpd sees it in a chroot at that root with {@code /} as its working directory: the path is
     * resolved against {@code /} and normalised there, so that {@code ..} stops at the root (as
     * {@code /..} is {@code /}), then rebased under the root. The confinement is lexical: a symbolic
     * link inside the root is followed as the file system says.
     */
    Path resolveInclude(String written) {
        Path p = Path.of(written);
        if (includeRoot == null) {
            return p;
        }
        Path slash = p.getFileSystem().getRootDirectories().iterator().next();
        Path inChroot = slash.resolve(p).normalize();
        return includeRoot.resolve(slash.relativize(inChroot).toString());
    }

    // ------------------------------------------------------------------ one file

    final class FileParser {
        private final String text;
        private final String file;
        private final List<Token> toks;
        private int p;
        /** Host names that did not resolve in the option value being parsed. */
        private int unresolved;

        FileParser(String text, String file) {
            this.text = text;
            this.file = file;
            this.toks = Lexer.tokenize(text);
        }

        Origin at(Token t) {
            return Origin.of(file, t.line(), t.column());
        }

        /** A syntax error to throw: the statement being read is abandoned and skipped. */
        ParseError err(Token t, String message) {
            return new ParseError(at(t), message, false);
        }

        /** An error that leaves the syntax intact: recorded, and reading goes on. */
        void report(Token t, String message) {
            error(at(t), message);
        }

        Token peek() {
            return toks.get(p);
        }

        Token peek(int ahead) {
            return toks.get(Math.min(p + ahead, toks.size() - 1));
        }

        /** Consumes a token; every token is consumed once, so each lexical error is reported once. */
        Token next() {
            Token t = toks.get(p);
            if (t.kind() != Token.Kind.EOF) {
                p++;
            }
            if (t.kind() == Token.Kind.ERROR) {
                report(t, t.text());
            }
            return t;
        }

        Token expect(Token.Kind k, String what) {
            Token t = peek();
            if (t.kind() != k) {
                throw err(t, "expected " + what + ", found " + t.describe());
            }
            return next();
        }

        void semi(String after) {
            Token t = peek();
            if (t.kind() != Token.Kind.SEMI) {
                throw err(t, "expected ';' after " + after + ", found " + t.describe());
            }
            next();
        }

        Token word(String what) {
            Token t = peek();
            if (t.kind() != Token.Kind.WORD) {
                throw err(t, "expected " + what + ", found " + t.describe());
            }
            return next();
        }

        String nameOrString(String what) {
            Token t = peek();
            if (t.kind() != Token.Kind.WORD && t.kind() != Token.Kind.STRING) {
                throw err(t, "expected " + what + ", found " + t.describe());
            }
            return next().text();
        }

        void warn(Token t, String code, String message) {
            diagnostics.add(Diagnostic.warning(at(t), code, message));
        }

        // -------------------------------------------------------------- statements

        /**
         * Statements up to the '}' closing {@code open} (or the end of the file when null). A
         * statement with a syntax error is reported, skipped, and reading goes on with the next.
         */
        void statements(Acc acc, Token open, int depth) {
            while (true) {
                Token t = peek();
                if (t.kind() == Token.Kind.EOF) {
                    if (open != null) {
                        report(t, "expected '}' to close the " + acc.describe() + " opened at " + open.line() + ":"
                                + open.column() + ", found end of file");
                    }
                    return;
                }
                if (t.kind() == Token.Kind.RBRACE) {
                    next();
                    if (open == null) {
                        report(t, "unexpected '}' with no open block");
                        continue;
                    }
                    return;
                }
                int start = p;
                try {
                    statement(acc, depth);
                } catch (ParseError e) {
                    if (e.fatal) {
                        throw e;
                    }
                    recovered(e, start);
                    skipToStatementEnd();
                }
            }
        }

        /**
         * Records a syntax error found in the tokens from {@code start}, unless they hold a
         * lexical error: that one is reported (when its token is consumed) and explains this one.
         */
        private void recovered(ParseError e, int start) {
            for (int i = start; i <= p; i++) {
                if (toks.get(i).kind() == Token.Kind.ERROR) {
                    return;
                }
            }
            error(e.origin, e.getMessage());
        }

        /**
         * Panic-mode recovery: skips past the next ';' or balanced '{...}' block (with any
         * {@code else} branches) at this level, or up to the '}' that closes the enclosing block.
         */
        private void skipToStatementEnd() {
            int depth = 0;
            while (true) {
                Token t = peek();
                switch (t.kind()) {
                    case EOF -> {
                        return;
                    }
                    case SEMI -> {
                        next();
                        if (depth == 0) {
                            return;
                        }
                    }
                    case LBRACE -> {
                        next();
                        depth++;
                    }
                    case RBRACE -> {
                        if (depth == 0) {
                            return;
                        }
                        next();
                        depth--;
                        if (depth == 0 && !peek().isWord("else") && !peek().isWord("elsif")) {
                            return;
                        }
                    }
                    default -> next();
                }
            }
        }

        private void block(Acc acc, int depth) {
            if (depth >= MAX_DEPTH) {
                throw err(peek(), "blocks nested deeper than " + MAX_DEPTH);
            }
            Token open = expect(Token.Kind.LBRACE, "'{'");
            statements(acc, open, depth + 1);
        }

        private void require(Acc acc, Token t, String what, ScopeKind... kinds) {
            for (ScopeKind k : kinds) {
                if (acc.kind == k) {
                    return;
                }
            }
            throw err(t, what + " is not allowed in " + (acc.kind == null ? "an if branch" : "a " + acc.kind.label()
                    + " declaration"));
        }

        private void statement(Acc acc, int depth) {
            Token t = peek();
            if (t.kind() != Token.Kind.WORD) {
                throw err(t, "expected a statement, found " + t.describe());
            }
            String kw = t.text().toLowerCase(Locale.ROOT);
            switch (kw) {
                case "include" -> include(acc);
                case "option" -> option(acc);
                case "supersede", "default", "prepend", "append" -> {
                    next();
                    Action.Mode mode = switch (kw) {
                        case "default" -> Action.Mode.DEFAULT;
                        case "prepend" -> Action.Mode.PREPEND;
                        case "append" -> Action.Mode.APPEND;
                        default -> Action.Mode.SUPERSEDE;
                    };
                    optionAssignment(acc, t, mode);
                }
                case "next-server" -> {
                    next();
                    long a = resolveAddress(word("an address or host name after next-server"), "next-server is left out");
                    semi("next-server");
                    if (a >= 0) {
                        acc.statements.add(new Action.NextServer((int) a, at(t)));
                    }
                }
                case "filename" -> {
                    next();
                    Token v = peek();
                    if (v.kind() == Token.Kind.EQUAL) {
                        throw err(v, "filename = expression is not supported; use a string");
                    }
                    String f = expect(Token.Kind.STRING, "a quoted file name after filename").text();
                    semi("filename");
                    acc.statements.add(new Action.Filename(f, at(t)));
                }
                case "server-name" -> {
                    next();
                    String f = expect(Token.Kind.STRING, "a quoted name after server-name").text();
                    semi("server-name");
                    acc.statements.add(new Action.ServerName(f, at(t)));
                }
                case "default-lease-time", "max-lease-time", "min-lease-time" -> {
                    next();
                    Token v = word("a number of seconds after " + kw);
                    long s = number(v, 0, 0xffffffffL, "lease time");
                    semi(kw);
                    Action.LeaseTimeKind k = kw.startsWith("default") ? Action.LeaseTimeKind.DEFAULT
                            : kw.startsWith("max") ? Action.LeaseTimeKind.MAX : Action.LeaseTimeKind.MIN;
                    acc.statements.add(new Action.LeaseTime(k, s, at(t)));
                }
                case "authoritative" -> {
                    next();
                    semi("authoritative");
                    acc.statements.add(new Action.Authoritative(true, at(t)));
                }
                case "not" -> {
                    next();
                    Token a = peek();
                    if (!a.isWord("authoritative")) {
                        throw err(a, "expected 'authoritative' after 'not', found " + a.describe());
                    }
                    next();
                    semi("not authoritative");
                    acc.statements.add(new Action.Authoritative(false, at(t)));
                }
                case "if" -> ifStatement(acc, depth);
                case "else", "elsif" -> throw err(t, "'" + t.text() + "' without a preceding 'if'");
                case "add" -> {
                    next();
                    String c = nameOrString("a class name after add");
                    semi("add");
                    acc.statements.add(new Action.AddClass(c, at(t)));
                }
                case "subnet" -> subnet(acc, depth);
                case "shared-network" -> {
                    require(acc, t, "shared-network", ScopeKind.GLOBAL, ScopeKind.GROUP);
                    next();
                    String name = nameOrString("a shared-network name");
                    Acc s = new Acc(ScopeKind.SHARED_NETWORK, name, at(t));
                    block(s, depth);
                    acc.declarations.add(new Declaration.SharedNetwork(name, s.statements, s.declarations, s.origin));
                }
                case "pool" -> {
                    require(acc, t, "pool", ScopeKind.SUBNET, ScopeKind.SHARED_NETWORK);
                    next();
                    Acc s = new Acc(ScopeKind.POOL, null, at(t));
                    block(s, depth);
                    acc.declarations.add(new Declaration.Pool(s.ranges, s.permits, s.statements, s.origin));
                }
                case "range" -> range(acc);
                case "host" -> {
                    require(acc, t, "host", ScopeKind.GLOBAL, ScopeKind.GROUP, ScopeKind.SHARED_NETWORK, ScopeKind.SUBNET);
                    next();
                    String name = nameOrString("a host name");
                    Acc s = new Acc(ScopeKind.HOST, name, at(t));
                    block(s, depth);
                    acc.declarations.add(new Declaration.Host(name, s.hardware == null ? 0 : s.htype, s.hardware, s.uid,
                            s.fixed, s.statements, s.origin));
                }
                case "group" -> {
                    require(acc, t, "group", ScopeKind.GLOBAL, ScopeKind.GROUP, ScopeKind.SHARED_NETWORK, ScopeKind.SUBNET);
                    next();
                    String name = peek().kind() == Token.Kind.LBRACE ? null : nameOrString("a group name or '{'");
                    Acc s = new Acc(ScopeKind.GROUP, name, at(t));
                    block(s, depth);
                    acc.declarations.add(new Declaration.Group(name, s.statements, s.declarations, s.origin));
                }
                case "class" -> {
                    require(acc, t, "class", ScopeKind.GLOBAL, ScopeKind.GROUP);
                    next();
                    String name = nameOrString("a class name");
                    Acc s = new Acc(ScopeKind.CLASS, name, at(t));
                    block(s, depth);
                    acc.declarations.add(new Declaration.ClientClass(name, s.matchIf, s.matchOption, s.matchKey,
                            s.statements, s.origin));
                }
                case "subclass" -> {
                    require(acc, t, "subclass", ScopeKind.GLOBAL, ScopeKind.GROUP);
                    next();
                    String cls = nameOrString("a class name after subclass");
                    Token k = peek();
                    byte[] key;
                    if (k.kind() == Token.Kind.STRING) {
                        key = next().text().getBytes(StandardCharsets.ISO_8859_1);
                    } else if (k.kind() == Token.Kind.WORD) {
                        key = hexBytes(next());
                    } else {
                        throw err(k, "expected a subclass key (string or colon-separated hex), found " + k.describe());
                    }
                    Acc s = new Acc(ScopeKind.CLASS, cls, at(t));
                    if (peek().kind() == Token.Kind.LBRACE) {
                        block(s, depth);
                    } else {
                        semi("subclass");
                    }
                    acc.declarations.add(new Declaration.Subclass(cls, key, s.statements, s.origin));
                }
                case "match" -> match(acc);
                case "spawn" -> throw err(t, "spawning classes (spawn with) are not supported");
                case "lease" -> {
                    require(acc, t, "lease limit", ScopeKind.CLASS);
                    next();
                    skipStatement();
                    warn(t, "no-op", "'lease limit' ignored: lease accounting is the server's");
                }
                case "hardware" -> hardware(acc);
                case "fixed-address" -> {
                    require(acc, t, "fixed-address", ScopeKind.HOST);
                    next();
                    do {
                        long a = resolveAddress(word("an address or host name after fixed-address"),
                                "this address is left out of the host's fixed addresses");
                        if (a >= 0) {
                            acc.fixed.add((int) a);
                        }
                    } while (peek().kind() == Token.Kind.COMMA && next() != null);
                    semi("fixed-address");
                }
                case "allow", "deny", "ignore" -> permit(acc);
                case "log" -> {
                    next();
                    skipStatement();
                    warn(t, "no-op", "'log' ignored: netboot records decisions in explanations instead");
                }
                case "on" -> {
                    next();
                    String event = peek().text();
                    skipStatement();
                    warn(t, "no-op", "'on " + event + "' event block ignored: lease events are the server's");
                }
                case "server-identifier" -> {
                    next();
                    long a = resolveAddress(word("an address after server-identifier"), "server-identifier is left out");
                    semi("server-identifier");
                    if (a >= 0) {
                        acc.statements.add(new Action.SetOption(54, Ipv4.toBytes((int) a), Action.Mode.SUPERSEDE, at(t)));
                    }
                }
                case "use-host-decl-names" -> {
                    next();
                    Token v = word("on or off");
                    semi("use-host-decl-names");
                    if (!v.isWord("off") && !v.isWord("false")) {
                        report(t, "use-host-decl-names on is not supported; set option host-name in each host");
                    } else {
                        warn(t, "no-op", "'use-host-decl-names off' is the default");
                    }
                }
                default -> {
                    String why = noOpReason(kw);
                    if (why == null) {
                        throw err(t, "unknown statement '" + t.text() + "'");
                    }
                    next();
                    skipStatement();
                    warn(t, "no-op", "'" + t.text() + "' ignored: " + why);
                }
            }
        }

        /**
         * Skips to the ';' ending a statement, or past a balanced '{...}' block. A '}' that is not
         * the statement's own is left for the enclosing block, which it closes.
         */
        private void skipStatement() {
            int depth = 0;
            while (true) {
                if (depth == 0 && peek().kind() == Token.Kind.RBRACE) {
                    throw err(peek(), "unexpected '}' in statement");
                }
                Token t = next();
                switch (t.kind()) {
                    case EOF -> throw err(t, "expected ';' or '}', found end of file");
                    case LBRACE -> depth++;
                    case RBRACE -> {
                        depth--;
                        if (depth == 0 && peek().kind() != Token.Kind.SEMI) {
                            return;
                        }
                    }
                    case SEMI -> {
                        if (depth == 0) {
                            return;
                        }
                    }
                    default -> { }
                }
            }
        }

        private void include(Acc acc) {
            Token t = next();
            String written = expect(Token.Kind.STRING, "a quoted file name after include").text();
            semi("include");
            Path path = resolveInclude(written);
            parseFile(path, written, acc, at(t));
        }

        private void subnet(Acc acc, int depth) {
            Token t = peek();
            require(acc, t, "subnet", ScopeKind.GLOBAL, ScopeKind.GROUP, ScopeKind.SHARED_NETWORK);
            next();
            // a bad address is reported without skipping, so that the subnet's body is still checked
            int network = ipLiteralOrReport(word("a subnet number"));
            Token nm = peek();
            if (!nm.isWord("netmask")) {
                throw err(nm, "expected 'netmask', found " + nm.describe());
            }
            next();
            int mask = ipLiteralOrReport(word("a netmask"));
            Acc s = new Acc(ScopeKind.SUBNET, Ipv4.format(network), at(t));
            block(s, depth);
            acc.declarations.add(new Declaration.Subnet(network, mask, s.ranges, s.statements, s.declarations, s.origin));
        }

        private void range(Acc acc) {
            Token t = peek();
            require(acc, t, "range", ScopeKind.SUBNET, ScopeKind.POOL);
            next();
            boolean bootp = false;
            if (peek().isWord("dynamic-bootp")) {
                next();
                bootp = true;
            }
            Token a = word("a range start address");
            int first = ipLiteral(a);
            int last = first;
            if (peek().kind() == Token.Kind.WORD) {
                last = ipLiteral(next());
            }
            semi("range");
            if (Integer.compareUnsigned(first, last) > 0) {
                report(a, "range start " + Ipv4.format(first) + " is after its end " + Ipv4.format(last));
                return;
            }
            acc.ranges.add(new AddressRange(first, last, bootp, at(t)));
        }

        private void hardware(Acc acc) {
            Token t = peek();
            require(acc, t, "hardware", ScopeKind.HOST);
            next();
            Token type = word("a hardware type (ethernet, token-ring, fddi, infiniband)");
            int htype = switch (type.text().toLowerCase(Locale.ROOT)) {
                case "ethernet" -> 1;
                case "token-ring" -> 6;
                case "fddi" -> 8;
                case "infiniband" -> 32;
                default -> throw err(type, "unknown hardware type '" + type.text() + "'");
            };
            Token a = word("a hardware address");
            byte[] hw = hexBytes(a);
            if (hw.length == 0 || hw.length > 16) {
                throw err(a, "hardware address must have 1 to 16 bytes");
            }
            if (htype == 1 && hw.length != 6) {
                throw err(a, "an ethernet address has 6 bytes, not " + hw.length);
            }
            semi("hardware");
            acc.htype = htype;
            acc.hardware = hw;
        }

        private void permit(Acc acc) {
            Token t = next();
            boolean allow = t.isWord("allow");
            Token w = word("what to " + t.text().toLowerCase(Locale.ROOT));
            String what = w.text().toLowerCase(Locale.ROOT);
            Permit.Kind kind = null;
            String cls = null;
            switch (what) {
                case "known-clients", "known" -> kind = Permit.Kind.KNOWN_CLIENTS;
                case "unknown-clients", "unknown" -> kind = Permit.Kind.UNKNOWN_CLIENTS;
                case "members" -> {
                    Token of = word("'of'");
                    if (!of.isWord("of")) {
                        throw err(of, "expected 'of' after 'members', found " + of.describe());
                    }
                    cls = nameOrString("a class name");
                    kind = Permit.Kind.MEMBERS_OF;
                }
                case "all" -> {
                    Token c = word("'clients'");
                    if (!c.isWord("clients")) {
                        throw err(c, "expected 'clients' after 'all', found " + c.describe());
                    }
                    kind = Permit.Kind.ALL_CLIENTS;
                }
                case "dynamic" -> {
                    Token b = word("'bootp'");
                    Token c = word("'clients'");
                    if (!b.isWord("bootp") || !c.isWord("clients")) {
                        throw err(b, "expected 'dynamic bootp clients'");
                    }
                    kind = Permit.Kind.DYNAMIC_BOOTP_CLIENTS;
                }
                case "booting", "bootp", "duplicates", "declines", "client-updates", "leasequery", "unknown-clients-in-pool" -> {
                    semi(t.text() + " " + w.text());
                    boolean changes = (what.equals("booting")) && !allow;
                    if (changes) {
                        report(t, "'" + t.text() + " booting' is not supported: netboot always answers boot requests");
                        return;
                    }
                    warn(t, "no-op", "'" + t.text() + " " + w.text() + "' ignored: "
                            + (what.equals("booting") ? "booting is allowed by default"
                                    : what.equals("bootp") ? "netboot answers DHCP, not BOOTP"
                                            : "this has no effect on boot decisions"));
                    return;
                }
                default -> throw err(w, "unknown " + t.text().toLowerCase(Locale.ROOT) + " keyword '" + w.text() + "'");
            }
            semi(t.text() + " " + w.text());
            if (acc.kind != ScopeKind.POOL) {
                report(t, "'" + t.text() + " " + w.text() + "' is only supported inside a pool");
            } else if (t.isWord("ignore")) {
                report(t, "'ignore' is not a permit; use deny inside a pool");
            } else {
                acc.permits.add(new Permit(allow, kind, cls, at(t)));
            }
        }

        private void match(Acc acc) {
            Token t = peek();
            require(acc, t, "match", ScopeKind.CLASS);
            next();
            if (peek().isWord("if")) {
                next();
                int start = p;
                Expr e = expression(Ctx.BOOL, 0);
                if (!(e instanceof Expr.Bool b)) {
                    throw err(toks.get(start), "expected a boolean expression after 'match if'");
                }
                acc.matchIf = new IscCondition(b, source(start), file);
                semi("match if");
                return;
            }
            int start = p;
            Expr e = expression(Ctx.DATA, 0);
            if (!(e instanceof Expr.Data d)) {
                throw err(toks.get(start), "expected a data expression after 'match'");
            }
            semi("match");
            if (d instanceof Expr.OptionRef o && o.parentCode < 0) {
                acc.matchOption = o.code;
            }
            acc.matchKey = new IscCondition.Value(d, source(start));
        }

        // -------------------------------------------------------------- option statements

        private void option(Acc acc) {
            Token t = next();
            Token n = peek();
            if (n.isWord("space")) {
                next();
                Token name = word("an option space name");
                skipStatement();
                table = table.withSpace(name.text());
                return;
            }
            Token after = peek(1);
            if (after.isWord("code")) {
                definition(t);
                return;
            }
            optionAssignment(acc, t, Action.Mode.SUPERSEDE);
        }

        private void definition(Token t) {
            Token nameTok = word("an option name");
            next(); // code
            Token codeTok = word("an option code");
            String full = nameTok.text().toLowerCase(Locale.ROOT);
            String space = "dhcp";
            String name = full;
            int dot = full.indexOf('.');
            if (dot > 0) {
                space = full.substring(0, dot);
                name = full.substring(dot + 1);
                if (table.space(space) == null && !space.equals("dhcp")) {
                    throw err(nameTok, "unknown option space '" + space + "'; declare it with 'option space " + space + ";'");
                }
            }
            long code = number(codeTok, 1, 254, "option code");
            expect(Token.Kind.EQUAL, "'=' after the option code");
            int typeStart = p;
            while (peek().kind() != Token.Kind.SEMI && peek().kind() != Token.Kind.EOF) {
                next();
            }
            if (p == typeStart) {
                throw err(peek(), "expected an option type, found " + peek().describe());
            }
            String typeText = text.substring(toks.get(typeStart).start(), toks.get(p - 1).end());
            IscType type = IscType.parse(typeText);
            if (type == null) {
                throw err(toks.get(typeStart), "unknown option type '" + typeText.replaceAll("\\s+", " ") + "'");
            }
            if (type.encapsulates() != null && table.space(type.encapsulates()) == null) {
                throw err(toks.get(typeStart), "unknown option space '" + type.encapsulates() + "'");
            }
            semi("option definition");
            table = table.with(new IscOption(space, name, (int) code, type.toString()));
        }

        private void optionAssignment(Acc acc, Token t, Action.Mode mode) {
            Token nameTok = word("an option name");
            IscOption opt = option(nameTok);
            if (!opt.space().equals("dhcp")) {
                throw err(nameTok, "setting options of space '" + opt.space() + "' is not supported");
            }
            if (acc.kind == ScopeKind.HOST && opt.code() == 61 && mode == Action.Mode.SUPERSEDE && peek().kind() != Token.Kind.EQUAL) {
                acc.uid = value(opt, IscType.parse(opt.type()));
                semi("option " + opt.name());
                return;
            }
            if (peek().kind() == Token.Kind.EQUAL) {
                next();
                int start = p;
                Expr e = expression(Ctx.DATA, 0);
                if (!(e instanceof Expr.Data d)) {
                    throw err(toks.get(start), "expected a data expression for option " + opt.name());
                }
                semi("option " + opt.name());
                if (d instanceof Expr.Const c) {
                    acc.statements.add(new Action.SetOption(opt.code(), c.value, mode, at(t)));
                } else {
                    acc.statements.add(new Action.ComputeOption(opt.code(), new IscCondition.Value(d, source(start)), mode, at(t)));
                }
                return;
            }
            IscType type = IscType.parse(opt.type());
            unresolved = 0;
            byte[] v = value(opt, type);
            semi("option " + opt.name());
            if (unresolved > 0 && (v.length == 0 || !"array of ip-address".equals(opt.type()))) {
                warn(t, "unresolved", "option " + opt.name() + " is left out: "
                        + (v.length == 0 ? "none of its host names resolved" : "a host name in it did not resolve"));
                return;
            }
            acc.statements.add(new Action.SetOption(opt.code(), v, mode, at(t)));
        }

        /** Parses an option value written in ISC syntax for {@code type} into wire bytes. */
        private byte[] value(IscOption opt, IscType type) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            if (type.encapsulates() != null) {
                throw err(peek(), "option " + opt.name() + " encapsulates space '" + type.encapsulates()
                        + "'; setting it directly is not supported");
            }
            List<IscType.Atom> fields = type.fields();
            while (true) {
                for (int i = 0; i < fields.size(); i++) {
                    atom(opt, fields.get(i), type.array() != IscType.Repeat.NONE, out);
                    if (i + 1 < fields.size() && peek().kind() == Token.Kind.COMMA) {
                        next(); // tolerate commas between record fields
                    }
                }
                if (type.array() == IscType.Repeat.NONE || peek().kind() != Token.Kind.COMMA) {
                    break;
                }
                next();
            }
            if (out.size() > 255 && opt.code() != 0) {
                warn(peek(), "long-option", "option " + opt.name() + " is " + out.size()
                        + " bytes; it will be split into several options (RFC 3396)");
            }
            return out.toByteArray();
        }

        private void atom(IscOption opt, IscType.Atom a, boolean inArray, java.io.ByteArrayOutputStream out) {
            Token t = peek();
            switch (a) {
                case IP -> {
                    Token w = word("an address or host name for option " + opt.name());
                    long lit = Ipv4.tryParse(w.text());
                    if (lit >= 0) {
                        out.writeBytes(Ipv4.toBytes((int) lit));
                        return;
                    }
                    List<Inet4Address> addrs = lookup(w, "its addresses are left out of option " + opt.name());
                    if (addrs.isEmpty()) {
                        unresolved++;
                    }
                    for (Inet4Address x : inArray ? addrs : addrs.subList(0, Math.min(1, addrs.size()))) {
                        out.writeBytes(x.getAddress());
                    }
                }
                case IP6 -> {
                    Token w = word("an IPv6 address");
                    if (!w.text().contains(":")) {
                        throw err(w, "invalid IPv6 address '" + w.text() + "'");
                    }
                    byte[] v6;
                    try {
                        // brackets: a literal only, never a name lookup
                        v6 = java.net.InetAddress.getByName("[" + w.text() + "]").getAddress();
                    } catch (java.io.IOException | RuntimeException e) {
                        throw err(w, "invalid IPv6 address '" + w.text() + "'");
                    }
                    if (v6.length == 4) { // ::ffff:a.b.c.d, which InetAddress turns into an IPv4 address
                        out.writeBytes(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff});
                    }
                    out.writeBytes(v6);
                }
                case BOOLEAN -> {
                    Token w = word("true or false for option " + opt.name());
                    String v = w.text().toLowerCase(Locale.ROOT);
                    switch (v) {
                        case "true", "on" -> out.write(1);
                        case "false", "off" -> out.write(0);
                        default -> throw err(w, "expected true or false for option " + opt.name() + ", found " + w.describe());
                    }
                }
                case INT8, UINT8, INT16, UINT16, INT32, UINT32 -> {
                    Token w = word("a number for option " + opt.name());
                    int bits = a == IscType.Atom.INT8 || a == IscType.Atom.UINT8 ? 8
                            : a == IscType.Atom.INT16 || a == IscType.Atom.UINT16 ? 16 : 32;
                    boolean signed = a == IscType.Atom.INT8 || a == IscType.Atom.INT16 || a == IscType.Atom.INT32;
                    long min = signed ? -(1L << (bits - 1)) : 0;
                    long max = signed ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
                    long v = number(w, min, max, a.text + " (option " + opt.name() + ")");
                    for (int i = bits / 8 - 1; i >= 0; i--) {
                        out.write((int) (v >>> (8 * i)));
                    }
                }
                case TEXT, DOMAIN_NAME -> {
                    if (t.kind() != Token.Kind.STRING && t.kind() != Token.Kind.WORD) {
                        throw err(t, "expected a string for option " + opt.name() + ", found " + t.describe());
                    }
                    out.writeBytes(next().text().getBytes(StandardCharsets.ISO_8859_1));
                }
                case STRING -> {
                    if (t.kind() == Token.Kind.STRING) {
                        out.writeBytes(next().text().getBytes(StandardCharsets.ISO_8859_1));
                    } else if (t.kind() == Token.Kind.WORD) {
                        out.writeBytes(hexBytes(next()));
                    } else {
                        throw err(t, "expected a string or colon-separated hex for option " + opt.name() + ", found "
                                + t.describe());
                    }
                }
                case DOMAIN_LIST, DOMAIN_LIST_COMPRESSED -> {
                    List<String> names = new ArrayList<>();
                    do {
                        Token s = peek();
                        if (s.kind() != Token.Kind.STRING) {
                            throw err(s, "expected a quoted domain name for option " + opt.name() + ", found " + s.describe());
                        }
                        names.add(next().text());
                    } while (peek().kind() == Token.Kind.COMMA && next() != null);
                    try {
                        out.writeBytes(DomainList.encode(names, a == IscType.Atom.DOMAIN_LIST_COMPRESSED));
                    } catch (IllegalArgumentException e) {
                        throw err(t, e.getMessage());
                    }
                }
                case ZEROLEN -> { }
            }
        }

        /**
         * The addresses of host name {@code w}, resolved now (ISC resolves when it answers; netboot when
         * it reads the configuration). A name that does not resolve is a warning, not an error, as a
         * name ISC cannot resolve leaves the option out of its answers rather than stopping the
         * server: the result is then empty and {@code consequence} says what is left out.
         */
        private List<Inet4Address> lookup(Token w, String consequence) {
            String name = w.text();
            if (!isHostName(name)) {
                throw err(w, "invalid address or host name '" + name + "'");
            }
            List<Inet4Address> addrs;
            String why = "";
            try {
                addrs = resolver.resolve(name);
            } catch (RuntimeException e) {
                addrs = null;
                why = ": " + e.getMessage();
            }
            if (addrs == null || addrs.isEmpty()) {
                warn(w, "unresolved", "cannot resolve host name '" + name + "'" + why + "; " + consequence);
                return List.of();
            }
            return addrs;
        }

        /** An IPv4 literal or resolved host name as an unsigned int, or -1 after warning that it did not resolve. */
        private long resolveAddress(Token w, String consequence) {
            long lit = Ipv4.tryParse(w.text());
            if (lit >= 0) {
                return lit;
            }
            List<Inet4Address> addrs = lookup(w, consequence);
            return addrs.isEmpty() ? -1 : Ipv4.toInt(addrs.get(0)) & 0xFFFFFFFFL;
        }

        int ipLiteral(Token w) {
            long lit = Ipv4.tryParse(w.text());
            if (lit < 0) {
                throw err(w, "invalid IPv4 address '" + w.text() + "'");
            }
            return (int) lit;
        }

        /** An address, or 0 after reporting that {@code w} is not one. */
        private int ipLiteralOrReport(Token w) {
            long lit = Ipv4.tryParse(w.text());
            if (lit < 0) {
                report(w, "invalid IPv4 address '" + w.text() + "'");
                return 0;
            }
            return (int) lit;
        }

        long number(Token w, long min, long max, String what) {
            String s = w.text();
            long v;
            try {
                if (s.startsWith("0x") || s.startsWith("0X")) {
                    v = Long.parseLong(s.substring(2), 16);
                } else {
                    v = Long.parseLong(s);
                }
            } catch (NumberFormatException e) {
                throw err(w, "expected a number, found " + w.describe());
            }
            if (v < min || v > max) {
                throw err(w, "value " + s + " out of range for " + what + " (" + min + ".." + max + ")");
            }
            return v;
        }

        byte[] hexBytes(Token w) {
            byte[] out = parseHex(w.text());
            if (out == null) {
                throw err(w, "expected colon-separated hex bytes, found '" + w.text() + "'");
            }
            return out;
        }

        /** The source text of tokens {@code startTok .. p-1}, comments dropped and blanks collapsed. */
        String source(int startTok) {
            StringBuilder sb = new StringBuilder();
            int last = Math.max(startTok, p - 1);
            for (int i = startTok; i <= last; i++) {
                Token t = toks.get(i);
                if (i > startTok && t.start() > toks.get(i - 1).end() && !(toks.get(i - 1).kind() == Token.Kind.LPAREN)
                        && t.kind() != Token.Kind.RPAREN) {
                    sb.append(' ');
                }
                sb.append(text, t.start(), t.end());
            }
            return sb.toString();
        }

        // -------------------------------------------------------------- if

        private void ifStatement(Acc acc, int depth) {
            if (depth >= MAX_DEPTH) {
                throw err(peek(), "blocks nested deeper than " + MAX_DEPTH);
            }
            Token first = next();
            List<Rule> rules = new ArrayList<>();
            List<Statement> otherwise = null;
            Origin otherwiseOrigin = null;
            Token branch = first;
            while (true) {
                IscCondition condition = condition(branch);
                Acc body = new Acc(null, null, at(branch));
                block(body, depth);
                if (condition != null) {
                    rules.add(new Rule(null, condition, body.statements, at(branch)));
                }
                Token n = peek();
                if (n.isWord("elsif")) {
                    branch = next();
                    continue;
                }
                if (n.isWord("else")) {
                    Token elseTok = next();
                    if (peek().isWord("if")) {
                        branch = next();
                        continue;
                    }
                    Acc body2 = new Acc(null, null, at(elseTok));
                    block(body2, depth);
                    otherwise = body2.statements;
                    otherwiseOrigin = at(elseTok);
                }
                break;
            }
            if (!rules.isEmpty()) { // empty only when every condition had an error, already reported
                acc.statements.add(new Chain(rules, otherwise, otherwiseOrigin, at(first)));
            }
        }

        /**
         * The condition after {@code if} or {@code elsif}; null after reporting an error in it, when
         * its block follows: that block is still read, so that the errors inside it are found too.
         */
        private IscCondition condition(Token branch) {
            int start = p;
            try {
                Expr e = expression(Ctx.BOOL, 0);
                if (!(e instanceof Expr.Bool b)) {
                    throw err(toks.get(start), "expected a boolean expression after '" + branch.text() + "'");
                }
                return new IscCondition(b, source(start), file);
            } catch (ParseError e) {
                if (e.fatal) {
                    throw e;
                }
                Token.Kind k = peek().kind();
                while (k != Token.Kind.LBRACE && k != Token.Kind.SEMI && k != Token.Kind.RBRACE && k != Token.Kind.EOF) {
                    next();
                    k = peek().kind();
                }
                if (k != Token.Kind.LBRACE) {
                    throw e;
                }
                recovered(e, start);
                return null;
            }
        }

        // -------------------------------------------------------------- expressions

        enum Ctx { ANY, BOOL, DATA, NUM }

        private int prec(Token t) {
            return switch (t.kind()) {
                case EQUAL, NOT_EQUAL, REGEX, IREGEX -> 4;
                case WORD -> t.isWord("and") || t.isWord("or") ? 3 : 0;
                default -> 0;
            };
        }

        /**
         * ISC's parse_expression: operators of higher precedence start a sub-expression that runs
         * to the end of the enclosing expression; {@code and} and {@code or} share one precedence.
         */
        Expr expression(Ctx ctx, int depth) {
            return expression(ctx, null, null, depth);
        }

        private Expr expression(Ctx ctx, Expr lhs, Token binop, int depth) {
            if (depth >= MAX_DEPTH) {
                throw err(peek(), "expression nested deeper than " + MAX_DEPTH);
            }
            Ctx context = ctx;
            while (true) {
                Expr rhs = nonBinary(context, depth + 1);
                Token nextOp = peek();
                if (prec(nextOp) == 0) {
                    nextOp = null;
                }
                if (lhs == null) {
                    if (nextOp == null) {
                        return rhs;
                    }
                    lhs = rhs;
                    binop = next();
                    context = operandContext(binop, lhs);
                    continue;
                }
                if (nextOp != null && prec(binop) < prec(nextOp)) {
                    next();
                    rhs = expression(operandContext(nextOp, rhs), rhs, nextOp, depth + 1);
                    nextOp = null;
                }
                Expr combined = combine(binop, lhs, rhs);
                if (nextOp == null) {
                    return combined;
                }
                next();
                lhs = combined;
                binop = nextOp;
                context = operandContext(binop, lhs);
            }
        }

        private Ctx operandContext(Token op, Expr lhs) {
            if (op.kind() == Token.Kind.WORD) {
                return Ctx.BOOL;
            }
            return lhs.type() == Expr.Type.NUM ? Ctx.NUM : Ctx.DATA;
        }

        private Expr combine(Token op, Expr l, Expr r) {
            switch (op.kind()) {
                case EQUAL, NOT_EQUAL -> {
                    if (l.type() == Expr.Type.BOOL || r.type() == Expr.Type.BOOL) {
                        throw err(op, "'" + op.text() + "' compares data or numbers, not boolean expressions");
                    }
                    if (l.type() != r.type()) {
                        throw err(op, "'" + op.text() + "' relates a " + typeName(l) + " to a " + typeName(r) + " expression");
                    }
                    return new Expr.Equal(op, l, r, op.kind() == Token.Kind.NOT_EQUAL);
                }
                case REGEX, IREGEX -> {
                    if (!(l instanceof Expr.Data ld) || !(r instanceof Expr.Data rd)) {
                        throw err(op, "'" + op.text() + "' needs data expressions on both sides");
                    }
                    boolean icase = op.kind() == Token.Kind.IREGEX;
                    java.util.regex.Pattern fixed = null;
                    if (rd instanceof Expr.Const c) {
                        try {
                            fixed = Expr.Regex.compile(c.value, icase);
                        } catch (java.util.regex.PatternSyntaxException e) {
                            throw err(r.at(), "invalid regular expression: " + e.getDescription());
                        }
                    }
                    return new Expr.Regex(op, ld, rd, icase, fixed);
                }
                default -> {
                    if (!(l instanceof Expr.Bool lb) || !(r instanceof Expr.Bool rb)) {
                        throw err(op, "'" + op.text().toLowerCase(Locale.ROOT) + "' needs boolean expressions on both sides");
                    }
                    return op.isWord("and") ? new Expr.And(op, lb, rb) : new Expr.Or(op, lb, rb);
                }
            }
        }

        private String typeName(Expr e) {
            return switch (e.type()) {
                case BOOL -> "boolean";
                case DATA -> "data";
                case NUM -> "numeric";
            };
        }

        private Expr nonBinary(Ctx ctx, int depth) {
            if (depth >= MAX_DEPTH) {
                throw err(peek(), "expression nested deeper than " + MAX_DEPTH);
            }
            Token t = peek();
            switch (t.kind()) {
                case LPAREN -> {
                    next();
                    Expr e = expression(ctx, depth + 1);
                    expect(Token.Kind.RPAREN, "')'");
                    ((Expr.Node) e).paren = true; // every expression is a Node
                    return e;
                }
                case STRING -> {
                    next();
                    return new Expr.Const(t, t.text().getBytes(StandardCharsets.ISO_8859_1));
                }
                case WORD -> {
                    return word(t, ctx, depth);
                }
                default -> throw err(t, "expected an expression, found " + t.describe());
            }
        }

        private Expr word(Token t, Ctx ctx, int depth) {
            String kw = t.text().toLowerCase(Locale.ROOT);
            switch (kw) {
                case "not" -> {
                    next();
                    Expr e = nonBinary(Ctx.BOOL, depth + 1);
                    if (!(e instanceof Expr.Bool b)) {
                        throw err(e.at(), "'not' needs a boolean expression");
                    }
                    return new Expr.Not(t, b);
                }
                case "exists" -> {
                    next();
                    return new Expr.Exists(t, optionRef(t));
                }
                case "known" -> {
                    next();
                    return new Expr.Known(t);
                }
                case "check" -> {
                    next();
                    return new Expr.Check(t, nameOrString("a class name after check"));
                }
                case "option" -> {
                    next();
                    return optionRef(t);
                }
                case "hardware" -> {
                    next();
                    return new Expr.Hardware(t);
                }
                case "null" -> {
                    next();
                    return new Expr.Null(t);
                }
                case "host-decl-name" -> {
                    next();
                    return new Expr.HostDeclName(t);
                }
                case "substring" -> {
                    next();
                    open(t);
                    Expr.Data d = data(depth);
                    comma();
                    Expr.Num off = num(depth);
                    comma();
                    Expr.Num len = num(depth);
                    close();
                    return new Expr.Substring(t, d, off, len);
                }
                case "suffix" -> {
                    next();
                    open(t);
                    Expr.Data d = data(depth);
                    comma();
                    Expr.Num len = num(depth);
                    close();
                    return new Expr.Suffix(t, d, len);
                }
                case "lcase", "ucase" -> {
                    next();
                    open(t);
                    Expr.Data d = data(depth);
                    close();
                    return new Expr.Case(t, d, kw.equals("ucase"));
                }
                case "concat", "pick-first-value", "pick" -> {
                    next();
                    open(t);
                    List<Expr.Data> parts = new ArrayList<>();
                    parts.add(data(depth));
                    while (peek().kind() == Token.Kind.COMMA) {
                        next();
                        parts.add(data(depth));
                    }
                    close();
                    if (kw.equals("concat") && parts.size() < 2) {
                        throw err(t, "concat needs at least two arguments");
                    }
                    if (kw.equals("concat")) {
                        return new Expr.Concat(t, parts);
                    }
                    return new Expr.PickFirst(t, parts);
                }
                case "binary-to-ascii" -> {
                    next();
                    open(t);
                    Expr.Num base = num(depth);
                    comma();
                    Expr.Num width = num(depth);
                    comma();
                    Expr.Data sep = data(depth);
                    comma();
                    Expr.Data d = data(depth);
                    close();
                    return new Expr.BinaryToAscii(t, base, width, sep, d);
                }
                case "encode-int" -> {
                    next();
                    open(t);
                    Expr.Num v = num(depth);
                    comma();
                    int w = width();
                    close();
                    return new Expr.EncodeInt(t, v, w);
                }
                case "extract-int" -> {
                    next();
                    open(t);
                    Expr.Data d = data(depth);
                    comma();
                    int w = width();
                    close();
                    return new Expr.ExtractInt(t, d, w);
                }
                case "reverse" -> {
                    next();
                    open(t);
                    Expr.Num w = num(depth);
                    comma();
                    Expr.Data d = data(depth);
                    close();
                    return new Expr.Reverse(t, w, d);
                }
                case "packet", "config-option", "leased-address", "static", "defined", "gethostname", "filename",
                        "server-name", "client-state", "lease-time", "v6relay", "ddns-fwd-name", "ddns-rev-name",
                        "encapsulate", "gethostbyname", "dns-update", "dns-delete", "ns-update" ->
                    throw err(t, "expression '" + t.text() + "' is not supported");
                default -> {
                    if (!Character.isDigit(kw.charAt(0)) && !(kw.indexOf(':') > 0 && parseHex(kw) != null)
                            && !(kw.length() > 1 && kw.charAt(0) == '-' && Character.isDigit(kw.charAt(1)))) {
                        throw err(t, "expected an expression, found " + t.describe());
                    }
                    next();
                    if (ctx == Ctx.NUM) {
                        return new Expr.NumConst(t, number(t, Integer.MIN_VALUE, 0xffffffffL, "a number"));
                    }
                    return new Expr.Const(t, hexBytes(t));
                }
            }
        }

        private Expr.OptionRef optionRef(Token kwTok) {
            Token n = word("an option name");
            IscOption opt = option(n);
            int parent = -1;
            if (!opt.space().equals("dhcp")) {
                IscOptions.Space s = table.space(opt.space());
                if (s == null || s.encapsulatedIn() < 0) {
                    throw err(n, "option space '" + opt.space() + "' is not encapsulated in any DHCP option");
                }
                parent = s.encapsulatedIn();
            }
            return new Expr.OptionRef(kwTok, n.text().toLowerCase(Locale.ROOT), opt.code(), parent);
        }

        private IscOption option(Token name) {
            IscOption opt = table.byName(name.text()).orElse(null);
            if (opt == null) {
                throw err(name, "unknown option '" + name.text() + "'");
            }
            return opt;
        }

        private void open(Token fn) {
            Token t = peek();
            if (t.kind() != Token.Kind.LPAREN) {
                throw err(t, "expected '(' after " + fn.text() + ", found " + t.describe());
            }
            next();
        }

        private void comma() {
            expect(Token.Kind.COMMA, "','");
        }

        private void close() {
            expect(Token.Kind.RPAREN, "')'");
        }

        private Expr.Data data(int depth) {
            Token t = peek();
            Expr e = expression(Ctx.DATA, depth + 1);
            if (!(e instanceof Expr.Data d)) {
                throw err(t, "expected a data expression, found a " + typeName(e) + " expression");
            }
            return d;
        }

        private Expr.Num num(int depth) {
            Token t = peek();
            Expr e = expression(Ctx.NUM, depth + 1);
            if (!(e instanceof Expr.Num n)) {
                throw err(t, "expected a numeric expression, found a " + typeName(e) + " expression");
            }
            return n;
        }

        private int width() {
            Token w = word("8, 16 or 32");
            long v = number(w, 8, 32, "integer width");
            if (v != 8 && v != 16 && v != 32) {
                throw err(w, "integer width must be 8, 16 or 32, not " + v);
            }
            return (int) v;
        }
    }
}
