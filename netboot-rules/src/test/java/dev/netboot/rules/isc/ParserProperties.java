package dev.netboot.rules.isc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.rules.ClientFacts;
import dev.netboot.rules.Diagnostic;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Random token soup never crashes the reader: it reads, or fails with a positioned ConfigException;
 * recovering from many errors always terminates, within the error limit.
 */
class ParserProperties {
    static final DhcpdConf.Reader READER = DhcpdConf.reader().resolver(name -> List.of());

    static final List<String> VOCABULARY = List.of(
            "{", "}", "(", ")", ";", ",", "=", "!=", "~=", "~~", "\"text\"", "\"U-Boot.armv8\"", "\"\"",
            "option", "arch", "code", "93", "=", "unsigned", "integer", "16", "8", "32", "signed", "array", "of",
            "ip-address", "text", "string", "boolean", "encapsulate", "space", "ipxe", "ipxe.http",
            "subnet", "netmask", "255.255.255.0", "10.0.0.0", "10.0.0.5", "10.0.0.9", "range", "dynamic-bootp",
            "host", "hardware", "ethernet", "52:54:00:01:02:03", "00:0b", "0b", "fixed-address", "next-server",
            "filename", "server-name", "if", "elsif", "else", "and", "or", "not", "exists", "known", "check",
            "substring", "suffix", "concat", "lcase", "ucase", "binary-to-ascii", "pick-first-value", "extract-int",
            "encode-int", "reverse", "hardware", "host-decl-name", "null", "user-class", "vendor-class-identifier",
            "routers", "domain-name", "ntp-servers", "class", "subclass", "match", "add", "pool", "allow", "deny",
            "members", "known-clients", "unknown-clients", "shared-network", "group", "include", "authoritative",
            "default-lease-time", "max-lease-time", "ddns-update-style", "none", "log", "on", "commit", "supersede",
            "default", "append", "prepend", "-1", "0x10", "99999999999", "#", "\n", "ntp.example", "a.b.c.d.e");

    @Provide
    Arbitrary<String> soup() {
        Arbitrary<String> token = Arbitraries.oneOf(Arbitraries.of(VOCABULARY),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(3));
        return token.list().ofMaxSize(60).map(l -> String.join(" ", l));
    }

    @Property(tries = 3000)
    void tokenSoupReadsOrFailsWithAPosition(@ForAll("soup") String text) {
        try {
            DhcpdConf.Result r = READER.read(text, "soup.conf");
            // whatever was read must also decide without failing
            r.ruleSet().decide(ClientFacts.builder().arch(7).vendorClass("PXEClient").userClass("iPXE").build());
            r.ruleSet().explain(ClientFacts.builder().build());
        } catch (ConfigException e) {
            assertTrue(e.getMessage().startsWith("soup.conf:" + e.line() + ":" + e.column() + ": error: "), e.getMessage());
            assertTrue(e.line() >= 1 && e.column() >= 1, e.getMessage());
        }
    }

    /** Lines of soup, each a statement-sized handful of tokens, many of them broken. */
    @Provide
    Arbitrary<String> statements() {
        Arbitrary<String> token = Arbitraries.oneOf(Arbitraries.of(VOCABULARY),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(2));
        Arbitrary<String> statement = token.list().ofMaxSize(8).map(l -> String.join(" ", l) + " ;");
        return statement.list().ofMinSize(1).ofMaxSize(40).map(l -> String.join("\n", l));
    }

    @Property(tries = 1000)
    @StatisticsReport(format = net.jqwik.api.statistics.Histogram.class)
    void recoveryFromManyErrorsTerminatesWithPositionedErrors(@ForAll("statements") String text,
            @ForAll @IntRange(min = 1, max = 40) int maxErrors) {
        long lines = text.lines().count() + 1;
        DhcpdConf.Reader reader = READER.maxErrors(maxErrors);
        // a recovery that loops would hang: bound each read
        ConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try {
                reader.read(text, "soup.conf");
                return null;
            } catch (ConfigException x) {
                return x;
            }
        }, text);
        List<Diagnostic> errors = e == null ? List.of() : e.errors();
        Statistics.collect(errors.size() > maxErrors ? "stopped at the limit" : errors.size() > 1 ? "several errors"
                : errors.size() == 1 ? "one error" : "read");
        Statistics.coverage(c -> {
            c.check("several errors").percentage(pc -> pc >= 10);
            c.check("stopped at the limit").percentage(pc -> pc >= 10);
        });
        if (e == null) {
            return;
        }
        assertTrue(!errors.isEmpty() && errors.size() <= maxErrors + 1, errors.size() + " errors, limit " + maxErrors);
        for (Diagnostic d : errors) {
            assertEquals("soup.conf", d.origin().file(), d.toString());
            assertTrue(d.origin().line() >= 1 && d.origin().line() <= lines && d.origin().column() >= 1, d.toString());
        }
        if (errors.size() == maxErrors + 1) {
            assertTrue(errors.get(maxErrors).message().startsWith("too many errors: stopped after " + maxErrors),
                    errors.toString());
        }
        assertTrue(e.getMessage().startsWith(errors.get(0).toString()), e.getMessage());
        // reading all of it again gives the same first errors: recovery does not depend on the limit
        if (errors.size() <= maxErrors) {
            assertEquals(errors, assertThrows(ConfigException.class, () -> READER.read(text, "soup.conf")).errors());
        }
    }

    @Property(tries = 500)
    void arbitraryCharactersReadOrFailWithAPosition(@ForAll String text) {
        ConfigException e;
        try {
            READER.read(text, "chars.conf");
            return;
        } catch (ConfigException x) {
            e = x;
        }
        // every diagnostic names the file and points into the text, or just past the end of a line
        String[] lines = text.split("\n", -1);
        for (Diagnostic d : e.diagnostics()) {
            assertEquals("chars.conf", d.origin().file(), d.toString());
            int line = d.origin().line();
            assertTrue(line >= 1 && line <= lines.length, d + " in " + lines.length + " lines");
            int column = d.origin().column();
            assertTrue(column >= 1 && column <= lines[line - 1].length() + 1,
                    d + ", line " + line + " has " + lines[line - 1].length() + " characters");
        }
        assertEquals(e.errors().get(0).toString() + (e.errors().size() == 1 ? "" : " (and " + (e.errors().size() - 1)
                + (e.errors().size() == 2 ? " more error)" : " more errors)")), e.getMessage());
    }
}
