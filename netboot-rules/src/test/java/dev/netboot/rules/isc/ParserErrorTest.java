package dev.netboot.rules.isc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.rules.Diagnostic;
import dev.netboot.rules.Origin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every error path of the reader: file, line, column and message, like a compiler. */
class ParserErrorTest {
    static final DhcpdConf.Reader READER = DhcpdConf.reader()
            .resolver(HostResolver.of(Map.of("ntp.example", List.of("10.0.0.5"))));

    static ConfigException fail(String text) {
        return assertThrows(ConfigException.class, () -> READER.read(text, "t.conf"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // lexer
        "`option domain-name \"abc;`|t.conf:1:20: error: unterminated string",
        "`filename @;`|t.conf:1:10: error: unexpected character '@'",
        "`if option x ! \"a\" {}`|t.conf:1:13: error: expected '!=' after '!'",
        "`if option user-class ~ \"a\" {}`|t.conf:1:22: error: expected '~=' or '~~' after '~'",
        // statements
        "`frobnicate 1;`|t.conf:1:1: error: unknown statement 'frobnicate'",
        "`authoritative`|t.conf:1:14: error: expected ';' after authoritative, found end of file",
        "`}`|t.conf:1:1: error: unexpected '}' with no open block",
        "`subnet 10.0.0.0 netmask 255.0.0.0 {\n  range 10.0.0.1 10.0.0.9;\n`|t.conf:3:1: error: expected '}' to close the subnet opened at 1:35, found end of file",
        "`else { }`|t.conf:1:1: error: 'else' without a preceding 'if'",
        "`{`|t.conf:1:1: error: expected a statement, found '{'",
        "`range 10.0.0.1 10.0.0.2;`|t.conf:1:1: error: range is not allowed in a global declaration",
        "`subnet 10.0.0.0 netmask 255.0.0.0 { hardware ethernet 01:02:03:04:05:06; }`|t.conf:1:37: error: hardware is not allowed in a subnet declaration",
        "`if exists user-class { subnet 10.0.0.0 netmask 255.0.0.0 { } }`|t.conf:1:24: error: subnet is not allowed in an if branch",
        "`subnet 10.0.0 netmask 255.0.0.0 { }`|t.conf:1:8: error: invalid IPv4 address '10.0.0'",
        "`subnet 10.0.0.0 mask 255.0.0.0 { }`|t.conf:1:17: error: expected 'netmask', found 'mask'",
        "`subnet 10.0.0.0 netmask 255.0.0.0 { range 10.0.0.9 10.0.0.1; }`|t.conf:1:43: error: range start 10.0.0.9 is after its end 10.0.0.1",
        "`host a { hardware ethernet 01:02:03; }`|t.conf:1:28: error: an ethernet address has 6 bytes, not 3",
        "`host a { hardware tokenring 01:02:03; }`|t.conf:1:19: error: unknown hardware type 'tokenring'",
        "`host a { hardware ethernet 01:02:zz:04:05:06; }`|t.conf:1:28: error: expected colon-separated hex bytes, found '01:02:zz:04:05:06'",
        "`host a { fixed-address no_such.host; }`|t.conf:1:24: error: invalid address or host name 'no_such.host'",
        "`next-server ;`|t.conf:1:13: error: expected an address or host name after next-server, found ';'",
        "`filename foo;`|t.conf:1:10: error: expected a quoted file name after filename, found 'foo'",
        "`filename = concat(\"a\", \"b\");`|t.conf:1:10: error: filename = expression is not supported; use a string",
        "`default-lease-time 5000000000;`|t.conf:1:20: error: value 5000000000 out of range for lease time (0..4294967295)",
        "`max-lease-time soon;`|t.conf:1:16: error: expected a number, found 'soon'",
        "`not authoritive;`|t.conf:1:5: error: expected 'authoritative' after 'not', found 'authoritive'",
        "`allow booting; deny booting;`|t.conf:1:16: error: 'deny booting' is not supported: netboot always answers boot requests",
        "`deny unknown-clients;`|t.conf:1:1: error: 'deny unknown-clients' is only supported inside a pool",
        "`allow frobs;`|t.conf:1:7: error: unknown allow keyword 'frobs'",
        "`class \"c\" { spawn with option agent.circuit-id; }`|t.conf:1:13: error: spawning classes (spawn with) are not supported",
        "`use-host-decl-names on;`|t.conf:1:1: error: use-host-decl-names on is not supported; set option host-name in each host",
        // options
        "`option frob-servers 10.0.0.1;`|t.conf:1:8: error: unknown option 'frob-servers'",
        "`option routers 10.0.0.1 10.0.0.2;`|t.conf:1:25: error: expected ';' after option routers, found '10.0.0.2'",
        "`option interface-mtu 70000;`|t.conf:1:22: error: value 70000 out of range for unsigned integer 16 (option interface-mtu) (0..65535)",
        "`option ip-forwarding maybe;`|t.conf:1:22: error: expected true or false for option ip-forwarding, found 'maybe'",
        "`option arch code 300 = unsigned integer 16;`|t.conf:1:18: error: value 300 out of range for option code (1..254)",
        "`option arch code 93 = unsigned integer 12;`|t.conf:1:23: error: unknown option type 'unsigned integer 12'",
        "`option arch code 93 = ;`|t.conf:1:23: error: expected an option type, found ';'",
        "`option foo.bar code 1 = text;`|t.conf:1:8: error: unknown option space 'foo'; declare it with 'option space foo;'",
        "`option space ipxe; option ipxe.bus-id code 177 = string; if exists ipxe.bus-id { }`|t.conf:1:68: error: option space 'ipxe' is not encapsulated in any DHCP option",
        "`option domain-search foo.com;`|t.conf:1:22: error: expected a quoted domain name for option domain-search, found 'foo.com'",
        "`option vendor-class-identifier = option host-name and exists routers;`|t.conf:1:51: error: 'and' needs boolean expressions on both sides",
        // expressions
        "`if { }`|t.conf:1:4: error: expected an expression, found '{'",
        "`if option { }`|t.conf:1:11: error: expected an option name, found '{'",
        "`if exists no-such-option { }`|t.conf:1:11: error: unknown option 'no-such-option'",
        "`if option host-name = \"a\" and option host-name { }`|t.conf:1:27: error: 'and' needs boolean expressions on both sides",
        "`if option host-name { }`|t.conf:1:4: error: expected a boolean expression after 'if'",
        "`if known = \"a\" { }`|t.conf:1:10: error: '=' compares data or numbers, not boolean expressions",
        "`if extract-int(option host-name, 8) = option host-name { }`|t.conf:1:37: error: '=' relates a numeric to a data expression",
        "`if (exists host-name { }`|t.conf:1:22: error: expected ')', found '{'",
        "`if substring(option host-name, 0) = \"a\" { }`|t.conf:1:33: error: expected ',', found ')'",
        "`if suffix option host-name, 2) = \"a\" { }`|t.conf:1:11: error: expected '(' after suffix, found 'option'",
        "`if extract-int(option host-name, 12) = 1 { }`|t.conf:1:34: error: integer width must be 8, 16 or 32, not 12",
        "`if concat(\"a\") = \"a\" { }`|t.conf:1:4: error: concat needs at least two arguments",
        "`if substring(known, 0, 1) = \"a\" { }`|t.conf:1:14: error: expected a data expression, found a boolean expression",
        "`if substring(option host-name, \"x\", 1) = \"a\" { }`|t.conf:1:32: error: expected a numeric expression, found a data expression",
        "`if option host-name ~= \"(\" { }`|t.conf:1:24: error: invalid regular expression: Unclosed group",
        "`if packet(0, 4) = 01:02:03:04 { }`|t.conf:1:4: error: expression 'packet' is not supported",
        "`if not option host-name { }`|t.conf:1:8: error: 'not' needs a boolean expression",
        "`if frob { }`|t.conf:1:4: error: expected an expression, found 'frob'",
        "`if exists host-name { } elsif { }`|t.conf:1:31: error: expected an expression, found '{'",
        // rule model
        "`add \"nope\";`|t.conf:1:1: error: unknown class \"nope\"",
        "`class \"a\" { } class \"a\" { }`|t.conf:1:15: error: class \"a\" is already declared at t.conf:1:1",
        "`subclass \"x\" \"k\";`|t.conf:1:1: error: subclass of unknown class \"x\"",
        "`class \"a\" { } subclass \"a\" \"k\";`|t.conf:1:15: error: class \"a\" has no match statement, so it cannot have subclasses",
        "`subnet 10.0.0.1 netmask 255.0.0.0 { }`|t.conf:1:1: error: subnet 10.0.0.1 netmask 255.0.0.0: the network address has host bits set",
        "`subnet 10.0.0.0 netmask 255.0.255.0 { }`|t.conf:1:1: error: netmask 255.0.255.0 is not contiguous",
        "`subnet 10.0.0.0 netmask 255.255.255.0 { range 10.0.1.1 10.0.1.9; }`|t.conf:1:41: error: range 10.0.1.1 - 10.0.1.9 is not inside subnet 10.0.0.0/24",
        "`subnet 10.0.0.0 netmask 255.255.255.0 { pool { allow members of \"nope\"; range 10.0.0.5 10.0.0.9; } }`|t.conf:1:48: error: unknown class \"nope\" in permit list",
    })
    void errorPath(String config, String expected) {
        ConfigException e = fail(config);
        assertEquals(expected, e.getMessage());
        Diagnostic last = e.diagnostics().get(e.diagnostics().size() - 1);
        assertTrue(last.isError());
        // the structured fields say the same as the message
        Matcher m = Pattern.compile("t\\.conf:(\\d+):(\\d+): error: (.*)", Pattern.DOTALL).matcher(expected);
        assertTrue(m.matches(), expected);
        assertEquals(List.of(last), e.errors());
        assertEquals(Origin.of("t.conf", Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))), last.origin());
        assertEquals("t.conf", e.file());
        assertEquals(Integer.parseInt(m.group(1)), e.line());
        assertEquals(Integer.parseInt(m.group(2)), e.column());
        assertEquals(m.group(3), e.reason());
    }

    @Test
    void errorCarriesStructuredPosition() {
        ConfigException e = fail("# comment\n\n   frob;\n");
        assertEquals("t.conf", e.file());
        assertEquals(3, e.line());
        assertEquals(4, e.column());
        assertEquals("unknown statement 'frob'", e.reason());
    }

    @Test
    void warningsBeforeTheErrorAreKept() {
        ConfigException e = fail("ddns-update-style none;\nfrob;");
        assertEquals(List.of("t.conf:1:1: warning: 'ddns-update-style' ignored: dynamic DNS updates are not done by netboot",
                "t.conf:2:1: error: unknown statement 'frob'"), e.diagnostics().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void tooDeepNestingIsAnError() {
        // each '(' is two levels (expression, operand): the 33rd, at column 4 + 32, is the 64th level
        String deep = "if " + "(".repeat(200) + "exists host-name" + ")".repeat(200) + " { }";
        assertEquals("t.conf:1:36: error: expression nested deeper than 64", fail(deep).errors().get(0).toString());
        // each 'not' is one level: the 64th is at column 4 + 63 * 4
        String nots = "if " + "not ".repeat(100) + "exists host-name { }";
        assertEquals("t.conf:1:256: error: expression nested deeper than 64", fail(nots).errors().get(0).toString());
        // the 65th block's '{', at column 64 * 8 + 7
        String blocks = "group { ".repeat(100) + "}".repeat(100);
        assertEquals("t.conf:1:519: error: blocks nested deeper than 64", fail(blocks).errors().get(0).toString());
        // the 65th 'if', at column 64 * 22 + 1
        String ifs = "if exists host-name { ".repeat(70) + "}".repeat(70);
        assertEquals("t.conf:1:1409: error: blocks nested deeper than 64", fail(ifs).errors().get(0).toString());
    }

    @Test
    void includeErrors(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("main.conf"), "include \"/etc/missing.inc\";\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> READER.includeRoot(dir).read(dir.resolve("main.conf")));
        assertEquals("/main.conf:1:1: error: cannot open /etc/missing.inc (looked for "
                + dir.toAbsolutePath().normalize().resolve("etc/missing.inc") + "): no such file", e.getMessage());

        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/loop.inc"), "\n  include \"/etc/loop.inc\";\n");
        Files.writeString(dir.resolve("main.conf"), "include \"/etc/loop.inc\";\n");
        ConfigException loop = assertThrows(ConfigException.class,
                () -> READER.includeRoot(dir).read(dir.resolve("main.conf")));
        assertEquals("/etc/loop.inc:2:3: error: include cycle: /etc/loop.inc includes itself", loop.getMessage());

        Files.writeString(dir.resolve("etc/bad.inc"), "host x {\n  frob;\n}\n");
        Files.writeString(dir.resolve("main.conf"), "include \"/etc/bad.inc\";\n");
        ConfigException inner = assertThrows(ConfigException.class,
                () -> READER.includeRoot(dir).read(dir.resolve("main.conf")));
        assertEquals("/etc/bad.inc:2:3: error: unknown statement 'frob'", inner.getMessage());
        assertEquals("/etc/bad.inc:2:3: error: unknown statement 'frob'",
                READER.includeRoot(dir).check(dir.resolve("main.conf")).get(0).toString());

        ConfigException missingMain = assertThrows(ConfigException.class, () -> READER.read(dir.resolve("nope.conf")));
        assertTrue(missingMain.getMessage().endsWith("nope.conf:1:1: error: cannot open " + dir.resolve("nope.conf")
                + ": no such file"), missingMain.getMessage());
    }
}
