package dev.netboot.rules.isc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.rules.ClientFacts;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random token soup never crashes the reader: it reads, or fails with a positioned ConfigException. */
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

    @Property(tries = 500)
    void arbitraryCharactersReadOrFailWithAPosition(@ForAll String text) {
        try {
            READER.read(text, "chars.conf");
        } catch (ConfigException e) {
            assertTrue(e.getMessage().startsWith("chars.conf:"), e.getMessage());
        }
        assertTrue(READER.check(java.nio.file.Path.of("/nonexistent/" + Math.abs(text.hashCode()) + ".conf")).get(0).isError());
    }
}
