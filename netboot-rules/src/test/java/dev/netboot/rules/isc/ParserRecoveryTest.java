package dev.netboot.rules.isc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.rules.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader reports every error, like a compiler: it recovers after each and reads on. */
class ParserRecoveryTest {
    static final DhcpdConf.Reader READER = DhcpdConf.reader()
            .resolver(HostResolver.of(Map.of("ntp.example", List.of("10.0.0.5"))));

    static ConfigException fail(DhcpdConf.Reader reader, String text) {
        return assertThrows(ConfigException.class, () -> reader.read(text, "t.conf"));
    }

    static List<String> errors(ConfigException e) {
        return e.errors().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void threeIndependentErrorsOnDifferentLines() {
        ConfigException e = fail(READER, """
                default-lease-time 600;
                frobnicate on;
                subnet 10.0.0.0 netmask 255.255.255.0 {
                  range 10.0.0.10 10.0.0.20;
                  option routers 10.0.0.1 10.0.0.2;
                  option domain-name "ok.example";
                }
                host a { hardware ethernet 01:02:03; fixed-address 10.0.0.30; }
                """);
        assertEquals(List.of(
                "t.conf:2:1: error: unknown statement 'frobnicate'",
                "t.conf:5:27: error: expected ';' after option routers, found '10.0.0.2'",
                "t.conf:8:28: error: an ethernet address has 6 bytes, not 3"), errors(e));
        assertEquals("t.conf:2:1: error: unknown statement 'frobnicate' (and 2 more errors)", e.getMessage());
        assertEquals("t.conf", e.file());
        assertEquals(2, e.line());
        assertEquals(1, e.column());
        assertEquals("unknown statement 'frobnicate'", e.reason());
    }

    @Test
    void errorsInsideBlocksAfterABadHeaderOrConditionAreFound() {
        ConfigException e = fail(READER, """
                subnet 10.0.0.256 netmask 255.255.255.0 {
                  option frob 1;
                }
                if option no-such = "x" {
                  filename foo;
                } elsif exists host-name {
                  next-server;
                } else {
                  server-name 12;
                }
                """);
        assertEquals(List.of(
                "t.conf:1:8: error: invalid IPv4 address '10.0.0.256'",
                "t.conf:2:10: error: unknown option 'frob'",
                "t.conf:4:11: error: unknown option 'no-such'",
                "t.conf:5:12: error: expected a quoted file name after filename, found 'foo'",
                "t.conf:7:14: error: expected an address or host name after next-server, found ';'",
                "t.conf:9:15: error: expected a quoted name after server-name, found '12'"), errors(e));
    }

    @Test
    void aLexicalErrorIsReportedOnceAndDoesNotHideLaterErrors() {
        ConfigException e = fail(READER, """
                filename @;
                option domain-name "unterminated;
                option routers 10.0.0.1;
                if option host-name ~ "a" { }
                frob;
                """);
        assertEquals(List.of(
                "t.conf:1:10: error: unexpected character '@'",
                "t.conf:2:20: error: unterminated string",
                "t.conf:4:21: error: expected '~=' or '~~' after '~'",
                "t.conf:5:1: error: unknown statement 'frob'"), errors(e));
    }

    @Test
    void aBadStringIsOneErrorAtTheProblemAndReadingGoesOn() {
        ConfigException e = fail(READER, "option host-name \"a\\xg\";\noption domain-name \"b\\777\";\n"
                + "option root-path \"\u0100\";\nfrob;\n");
        assertEquals(List.of(
                "t.conf:1:20: error: expected hex digits after '\\x'",
                "t.conf:2:22: error: octal escape out of range",
                "t.conf:3:19: error: character U+0100 in a string is not 8-bit",
                "t.conf:4:1: error: unknown statement 'frob'"), errors(e));
    }

    @Test
    void strayClosingBracesAndUnclosedBlocks() {
        ConfigException e = fail(READER, "}\nhost a {\n  frob;\n}\n}\ngroup {\n  host b {\n");
        assertEquals(List.of(
                "t.conf:1:1: error: unexpected '}' with no open block",
                "t.conf:3:3: error: unknown statement 'frob'",
                "t.conf:5:1: error: unexpected '}' with no open block",
                "t.conf:8:1: error: expected '}' to close the host opened at 7:10, found end of file",
                "t.conf:8:1: error: expected '}' to close the group opened at 6:7, found end of file"), errors(e));
    }

    @Test
    void aBraceEndingASkippedStatementStillClosesItsBlock() {
        ConfigException e = fail(READER, "group {\n  ddns-updates\n}\nfrob;\nddns-updates }\n");
        assertEquals(List.of(
                "t.conf:3:1: error: unexpected '}' in statement",
                "t.conf:4:1: error: unknown statement 'frob'",
                "t.conf:5:14: error: unexpected '}' in statement",
                "t.conf:5:14: error: unexpected '}' with no open block"), errors(e));
    }

    @Test
    void errorsAfterTheEndOfAStatementDoNotSkipTheNextOne() {
        ConfigException e = fail(READER, """
                subnet 10.0.0.0 netmask 255.0.0.0 {
                  range 10.0.0.9 10.0.0.1; range 10.0.0.20 10.0.0.10;
                }
                deny unknown-clients; use-host-decl-names on; allow frobs;
                """);
        assertEquals(List.of(
                "t.conf:2:9: error: range start 10.0.0.9 is after its end 10.0.0.1",
                "t.conf:2:34: error: range start 10.0.0.20 is after its end 10.0.0.10",
                "t.conf:4:1: error: 'deny unknown-clients' is only supported inside a pool",
                "t.conf:4:23: error: use-host-decl-names on is not supported; set option host-name in each host",
                "t.conf:4:53: error: unknown allow keyword 'frobs'"), errors(e));
    }

    @Test
    void warningsAndErrorsKeepTheirOrderAndCheckSortsThem(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/a.inc"), "ddns-updates off;\nfrob;\n");
        Files.writeString(dir.resolve("main.conf"), "log-facility local7;\ninclude \"/etc/a.inc\";\nnext-server x_y;\n"
                + "include \"/etc/missing.inc\";\n");
        DhcpdConf.Reader reader = READER.includeRoot(dir);
        ConfigException e = assertThrows(ConfigException.class, () -> reader.read(dir.resolve("main.conf")));
        assertEquals(List.of(
                "/main.conf:1:1: warning: 'log-facility' ignored: netboot logs through the embedding application",
                "/etc/a.inc:1:1: warning: 'ddns-updates' ignored: dynamic DNS updates are not done by netboot",
                "/etc/a.inc:2:1: error: unknown statement 'frob'",
                "/main.conf:3:13: error: invalid address or host name 'x_y'",
                "/main.conf:4:1: error: cannot open /etc/missing.inc (looked for "
                        + dir.toAbsolutePath().normalize().resolve("etc/missing.inc") + "): no such file"),
                e.diagnostics().stream().map(Diagnostic::toString).toList());
        List<String> checked = reader.check(dir.resolve("main.conf")).stream().map(Diagnostic::toString).toList();
        assertEquals(5, checked.size(), checked.toString());
        assertTrue(checked.get(0).startsWith("/etc/a.inc:1:1: warning"), checked.toString());
        assertTrue(checked.get(4).startsWith("/main.conf:4:1: error: cannot open"), checked.toString());
    }

    @Test
    void ruleModelErrorsAreAllReportedOnceTheSyntaxIsClean() {
        ConfigException e = fail(READER, "add \"a\";\nadd \"b\";\nsubnet 10.0.0.0 netmask 255.0.255.0 { }\n");
        assertEquals(List.of(
                "t.conf:1:1: error: unknown class \"a\"",
                "t.conf:2:1: error: unknown class \"b\"",
                "t.conf:3:1: error: netmask 255.0.255.0 is not contiguous"),
                e.errors().stream().map(Diagnostic::toString).sorted().toList());
        // with a syntax error too, only the syntax error: the model lacks the broken statement
        assertEquals(List.of("t.conf:4:1: error: unknown statement 'frob'"),
                errors(fail(READER, "add \"a\";\nadd \"b\";\nsubnet 10.0.0.0 netmask 255.0.255.0 { }\nfrob;\n")));
    }

    @Test
    void readingStopsAtTheErrorLimit() {
        String text = "frob;\n".repeat(150);
        ConfigException e = fail(READER, text);
        assertEquals(DhcpdConf.Reader.DEFAULT_MAX_ERRORS + 1, e.errors().size());
        assertEquals("t.conf:101:1: error: too many errors: stopped after 100 (raise DhcpdConf.Reader.maxErrors to see more)",
                e.errors().get(100).toString());
        assertEquals("t.conf:1:1: error: unknown statement 'frob' (and 100 more errors)", e.getMessage());

        ConfigException one = fail(READER.maxErrors(1), text);
        assertEquals(List.of("t.conf:1:1: error: unknown statement 'frob'",
                "t.conf:2:1: error: too many errors: stopped after 1 (raise DhcpdConf.Reader.maxErrors to see more)"),
                errors(one));
        assertThrows(IllegalArgumentException.class, () -> READER.maxErrors(0));
    }

    @Test
    void aCorrectConfigurationStillReads() {
        DhcpdConf.Result r = READER.read("ddns-update-style none;\nsubnet 10.0.0.0 netmask 255.0.0.0 { range 10.0.0.1 10.0.0.9; }\n",
                "t.conf");
        assertEquals(1, r.warnings().size());
    }

    @Test
    void anIgnoredEventBlockIsNamedInItsWarning() {
        DhcpdConf.Result r = READER.read("on commit { set x = 1; }\n", "t.conf");
        assertEquals(List.of("t.conf:1:1: warning: 'on commit' event block ignored: lease events are the server's"),
                r.warnings().stream().map(Object::toString).toList());
    }
}
