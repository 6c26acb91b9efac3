package dev.netboot.rules.isc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.rules.ClientFacts;
import dev.netboot.rules.Diagnostic;
import dev.netboot.rules.Origin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The error paths of the reader (parser and rule-model compiler) that {@link ParserErrorTest} does
 * not cover, one row each: a minimal configuration, and the one error it gives, with its line,
 * column and message.
 */
class ParserErrorPathTest {
    static final DhcpdConf.Reader READER = ParserErrorTest.READER;

    /** Reading {@code config} fails with exactly one error, {@code t.conf:line:column: error: message}. */
    static ConfigException assertOnlyError(DhcpdConf.Reader reader, String config, int line, int column,
            String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> reader.read(config, "t.conf"));
        assertEquals(List.of("t.conf:" + line + ":" + column + ": error: " + message),
                e.errors().stream().map(Diagnostic::toString).toList());
        assertEquals(Origin.of("t.conf", line, column), e.errors().get(0).origin());
        assertEquals("t.conf", e.file());
        assertEquals(line, e.line());
        assertEquals(column, e.column());
        assertEquals(message, e.reason());
        return e;
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`include foo;`|1|9|expected a quoted file name after include, found 'foo'",
        "`subnet 10.0.0.0 netmask 255.0.0.0 ;`|1|35|expected '{', found ';'",
        // names
        "`shared-network { }`|1|16|expected a shared-network name, found '{'",
        "`host { }`|1|6|expected a host name, found '{'",
        "`group ;`|1|7|expected a group name or '{', found ';'",
        "`class { }`|1|7|expected a class name, found '{'",
        "`add ;`|1|5|expected a class name after add, found ';'",
        "`subclass ;`|1|10|expected a class name after subclass, found ';'",
        "`subclass \"c\" ;`|1|14|expected a subclass key (string or colon-separated hex), found ';'",
        "`class \"c\" { match option host-name; } subclass \"c\" 01:zz;`|1|52|expected colon-separated hex bytes, found '01:zz'",
        // statements skipped with a warning
        "`log (`|1|6|expected ';' or '}', found end of file",
        "`group { ddns-updates }`|1|22|unexpected '}' in statement",
        "`elsif exists host-name { }`|1|1|'elsif' without a preceding 'if'",
        // values of statements
        "`default-lease-time ;`|1|20|expected a number of seconds after default-lease-time, found ';'",
        "`server-identifier ;`|1|19|expected an address after server-identifier, found ';'",
        "`use-host-decl-names ;`|1|21|expected on or off, found ';'",
        "`host a { fixed-address ; }`|1|24|expected an address or host name after fixed-address, found ';'",
        "`subnet ;`|1|8|expected a subnet number, found ';'",
        "`subnet 10.0.0.0 netmask ;`|1|25|expected a netmask, found ';'",
        "`subnet 10.0.0.0 netmask 255.0.0 { }`|1|25|invalid IPv4 address '255.0.0'",
        "`subnet 10.0.0.0 netmask 255.0.0.0 { range ; }`|1|43|expected a range start address, found ';'",
        "`subnet 10.0.0.0 netmask 255.0.0.0 { range 10.0.0 10.0.0.9; }`|1|43|invalid IPv4 address '10.0.0'",
        "`subnet 10.0.0.0 netmask 255.0.0.0 { range 10.0.0.1 10.0.0.x; }`|1|52|invalid IPv4 address '10.0.0.x'",
        "`host a { hardware ; }`|1|19|expected a hardware type (ethernet, token-ring, fddi, infiniband), found ';'",
        "`host a { hardware ethernet ; }`|1|28|expected a hardware address, found ';'",
        "`host a { hardware token-ring 01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11; }`|1|30|hardware address must have 1 to 16 bytes",
        // where a statement may be
        "`subnet 10.0.0.0 netmask 255.0.0.0 { shared-network n { } }`|1|37|shared-network is not allowed in a subnet declaration",
        "`pool { }`|1|1|pool is not allowed in a global declaration",
        "`subnet 10.0.0.0 netmask 255.0.0.0 { pool { host a { } } }`|1|44|host is not allowed in a pool declaration",
        "`host a { group { } }`|1|10|group is not allowed in a host declaration",
        "`subnet 10.0.0.0 netmask 255.0.0.0 { class \"c\" { } }`|1|37|class is not allowed in a subnet declaration",
        "`subnet 10.0.0.0 netmask 255.0.0.0 { subclass \"c\" \"k\"; }`|1|37|subclass is not allowed in a subnet declaration",
        "`match if exists host-name;`|1|1|match is not allowed in a global declaration",
        "`lease limit 5;`|1|1|lease limit is not allowed in a global declaration",
        "`fixed-address 10.0.0.1;`|1|1|fixed-address is not allowed in a global declaration",
        "`if exists host-name { host a { } }`|1|23|host is not allowed in an if branch",
    })
    void statementErrors(String config, int line, int column, String message) {
        assertOnlyError(READER, config, line, column, message);
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`include \"x\"`|1|12|expected ';' after include, found end of file",
        "`next-server 10.0.0.1`|1|21|expected ';' after next-server, found end of file",
        "`filename \"a\"`|1|13|expected ';' after filename, found end of file",
        "`server-name \"a\"`|1|16|expected ';' after server-name, found end of file",
        "`default-lease-time 60`|1|22|expected ';' after default-lease-time, found end of file",
        "`not authoritative`|1|18|expected ';' after not authoritative, found end of file",
        "`add \"a\"`|1|8|expected ';' after add, found end of file",
        "`class \"c\" { match option host-name; } subclass \"c\" \"k\"`|1|55|expected ';' after subclass, found end of file",
        "`host a { fixed-address 10.0.0.1 }`|1|33|expected ';' after fixed-address, found '}'",
        "`server-identifier 10.0.0.1`|1|27|expected ';' after server-identifier, found end of file",
        "`use-host-decl-names off`|1|24|expected ';' after use-host-decl-names, found end of file",
        "`subnet 10.0.0.0 netmask 255.0.0.0 { range 10.0.0.1 10.0.0.2 }`|1|61|expected ';' after range, found '}'",
        "`host a { hardware ethernet 01:02:03:04:05:06 }`|1|46|expected ';' after hardware, found '}'",
        "`allow bootp`|1|12|expected ';' after allow bootp, found end of file",
        "`subnet 10.0.0.0 netmask 255.0.0.0 { pool { allow known-clients range 10.0.0.1 10.0.0.2; } }`|1|64|expected ';' after allow known-clients, found 'range'",
        "`class \"c\" { match if exists host-name }`|1|39|expected ';' after match if, found '}'",
        "`class \"c\" { match option host-name }`|1|36|expected ';' after match, found '}'",
        "`option foo code 200 = text`|1|27|expected ';' after option definition, found end of file",
        "`host a { option dhcp-client-identifier 01:02 }`|1|46|expected ';' after option dhcp-client-identifier, found '}'",
        "`option host-name = \"a\"`|1|23|expected ';' after option host-name, found end of file",
    })
    void missingSemicolon(String config, int line, int column, String message) {
        assertOnlyError(READER, config, line, column, message);
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`subnet 10.0.0.0 netmask 255.0.0.0 { pool { allow ; range 10.0.0.1 10.0.0.2; } }`|1|50|expected what to allow, found ';'",
        "`subnet 10.0.0.0 netmask 255.0.0.0 { pool { allow members ; range 10.0.0.1 10.0.0.2; } }`|1|58|expected 'of', found ';'",
        "`subnet 10.0.0.0 netmask 255.0.0.0 { pool { allow members frob \"c\"; range 10.0.0.1 10.0.0.2; } }`|1|58|expected 'of' after 'members', found 'frob'",
        "`subnet 10.0.0.0 netmask 255.0.0.0 { pool { allow members of ; range 10.0.0.1 10.0.0.2; } }`|1|61|expected a class name, found ';'",
        "`subnet 10.0.0.0 netmask 255.0.0.0 { pool { allow all ; range 10.0.0.1 10.0.0.2; } }`|1|54|expected 'clients', found ';'",
        "`subnet 10.0.0.0 netmask 255.0.0.0 { pool { allow all frobs; range 10.0.0.1 10.0.0.2; } }`|1|54|expected 'clients' after 'all', found 'frobs'",
        "`subnet 10.0.0.0 netmask 255.0.0.0 { pool { allow dynamic ; range 10.0.0.1 10.0.0.2; } }`|1|58|expected 'bootp', found ';'",
        "`subnet 10.0.0.0 netmask 255.0.0.0 { pool { allow dynamic bootp ; range 10.0.0.1 10.0.0.2; } }`|1|64|expected 'clients', found ';'",
        "`subnet 10.0.0.0 netmask 255.0.0.0 { pool { allow dynamic bootp frobs; range 10.0.0.1 10.0.0.2; } }`|1|58|expected 'dynamic bootp clients'",
        "`subnet 10.0.0.0 netmask 255.0.0.0 { pool { ignore unknown-clients; range 10.0.0.1 10.0.0.2; } }`|1|44|'ignore' is not a permit; use deny inside a pool",
        "`class \"c\" { } allow members of \"c\";`|1|15|'allow members' is only supported inside a pool",
    })
    void permitErrors(String config, int line, int column, String message) {
        assertOnlyError(READER, config, line, column, message);
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // definitions
        "`option foo code 200 text;`|1|21|expected '=' after the option code, found 'text'",
        "`option \"x\" code 200 = text;`|1|8|expected an option name, found string \"x\"",
        "`option foo code ;`|1|17|expected an option code, found ';'",
        "`option space ;`|1|14|expected an option space name, found ';'",
        "`option foo code 200 = encapsulate nosuch;`|1|23|unknown option space 'nosuch'",
        // assignments
        "`option ;`|1|8|expected an option name, found ';'",
        "`option space s; option s.x code 1 = text; option s.x \"a\";`|1|50|setting options of space 's' is not supported",
        "`option host-name = exists routers;`|1|20|expected a data expression for option host-name",
        "`option space s; option enc code 200 = encapsulate s; option enc 01;`|1|65|option enc encapsulates space 's'; setting it directly is not supported",
        // values
        "`option routers ;`|1|16|expected an address or host name for option routers, found ';'",
        "`option routers no_such.host;`|1|16|invalid address or host name 'no_such.host'",
        "`option v6 code 200 = ip6-address; option v6 ;`|1|45|expected an IPv6 address, found ';'",
        "`option v6 code 200 = ip6-address; option v6 10.0.0.1;`|1|45|invalid IPv6 address '10.0.0.1'",
        "`option v6 code 200 = ip6-address; option v6 1:2:3;`|1|45|invalid IPv6 address '1:2:3'",
        "`option v6 code 200 = ip6-address; option v6 g:1;`|1|45|invalid IPv6 address 'g:1'",
        "`option ip-forwarding ;`|1|22|expected true or false for option ip-forwarding, found ';'",
        "`option interface-mtu ;`|1|22|expected a number for option interface-mtu, found ';'",
        "`option host-name ;`|1|18|expected a string for option host-name, found ';'",
        "`option vendor-encapsulated-options ;`|1|36|expected a string or colon-separated hex for option vendor-encapsulated-options, found ';'",
        "`option vendor-encapsulated-options 01:zz;`|1|36|expected colon-separated hex bytes, found '01:zz'",
        "`option domain-search \"a..b\";`|1|22|invalid domain name 'a..b': labels must have 1 to 63 characters",
    })
    void optionErrors(String config, int line, int column, String message) {
        assertOnlyError(READER, config, line, column, message);
    }

    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`if lcase(option host-name \"a\") = \"a\" { }`|1|27|expected ')', found string \"a\"",
        "`if check { }`|1|10|expected a class name after check, found '{'",
        "`if extract-int(option host-name, ) = 1 { }`|1|34|expected 8, 16 or 32, found ')'",
        "`if extract-int(option host-name, 64) = 1 { }`|1|34|value 64 out of range for integer width (8..32)",
        "`if extract-int(option host-name, x) = 1 { }`|1|34|expected a number, found 'x'",
        "`if substring(option host-name, 99999999999, 1) = \"a\" { }`|1|32|value 99999999999 out of range for a number (-2147483648..4294967295)",
        "`if option host-name = 1zz { }`|1|23|expected colon-separated hex bytes, found '1zz'",
        "`if option host-name ~= known { }`|1|21|'~=' needs data expressions on both sides",
        "`if exists host-name ~~ \"a\" { }`|1|21|'~~' needs data expressions on both sides",
        "`if exists host-name or option host-name { }`|1|21|'or' needs boolean expressions on both sides",
        "`if exists host-name { } elsif option host-name { }`|1|31|expected a boolean expression after 'elsif'",
        "`class \"c\" { match if option host-name; }`|1|22|expected a boolean expression after 'match if'",
        "`class \"c\" { match exists host-name; }`|1|19|expected a data expression after 'match'",
        "`class \"c\" { match ; }`|1|19|expected an expression, found ';'",
    })
    void expressionErrors(String config, int line, int column, String message) {
        assertOnlyError(READER, config, line, column, message);
    }

    /** Errors of the rule-model compiler, reported once the syntax is clean. */
    @ParameterizedTest(name = "{3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`subnet 10.0.0.0 netmask 255.255.255.0 { }\nsubnet 10.0.0.0 netmask 255.255.255.0 { }`|2|1|subnet 10.0.0.0/24 is already declared at t.conf:1:1",
        "`class \"c\" { match option host-name; }\nsubclass \"c\" \"k\";\nsubclass \"c\" \"k\";`|3|1|duplicate subclass \"k\" of class \"c\"",
        "`shared-network n { }`|1|1|shared-network \"n\" has no subnet",
        "`shared-network n {\n  subnet 10.0.0.0 netmask 255.255.255.0 { }\n  group {\n    shared-network m { subnet 10.1.0.0 netmask 255.255.255.0 { } }\n  }\n}`|4|5|shared-network \"m\" inside another network declaration",
        "`subnet 10.0.0.0 netmask 255.0.0.0 {\n  group {\n    subnet 10.1.0.0 netmask 255.255.0.0 { }\n  }\n}`|3|5|subnet 10.1.0.0/16 inside another subnet",
        "`subnet 10.0.0.0 netmask 255.0.0.0 {\n  pool { allow known-clients; }\n}`|2|3|pool has no range",
        "`subnet 10.0.0.0 netmask 255.255.255.0 {\n  pool { range 10.0.1.1 10.0.1.9; }\n}`|2|10|range 10.0.1.1 - 10.0.1.9 is not inside subnet 10.0.0.0/24",
        "`shared-network n {\n  subnet 10.0.0.0 netmask 255.255.255.0 { }\n  pool { range 10.0.1.1 10.0.1.9; }\n}`|3|3|pool range 10.0.1.1 - 10.0.1.9 is not inside any subnet of its network",
    })
    void ruleModelErrors(String config, int line, int column, String message) {
        assertOnlyError(READER, config, line, column, message);
    }

    @Test
    void ruleModelErrorsStopAtTheErrorLimitToo() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> READER.maxErrors(1).read("add \"a\";\n  add \"b\";\nadd \"c\";\n", "t.conf"));
        assertEquals(List.of("t.conf:1:1: error: unknown class \"a\"",
                "t.conf:2:3: error: too many errors: stopped after 1 (raise DhcpdConf.Reader.maxErrors to see more)"),
                e.errors().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void includesNestedTooDeep(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("main.conf"), "include \"/0.inc\";\n");
        for (int i = 0; i < Parser.MAX_INCLUDE_DEPTH + 2; i++) {
            Files.writeString(dir.resolve(i + ".inc"),
                    "# level " + (i + 1) + "\n  include \"/" + (i + 1) + ".inc\";\n");
        }
        ConfigException e = assertThrows(ConfigException.class,
                () -> READER.includeRoot(dir).read(dir.resolve("main.conf")));
        // main.conf and 0.inc .. 14.inc are open: 14.inc's include is the 17th level
        assertEquals(List.of("/14.inc:2:3: error: includes nested deeper than 16"),
                e.errors().stream().map(Diagnostic::toString).toList());
        assertEquals(Origin.of("/14.inc", 2, 3), e.origin());
    }

    @Test
    void anIncludeThatCannotBeReadIsAnErrorAtTheInclude(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("etc/dir.inc"));
        Files.writeString(dir.resolve("main.conf"), "authoritative;\n include \"/etc/dir.inc\";\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> READER.includeRoot(dir).read(dir.resolve("main.conf")));
        assertEquals(1, e.errors().size(), e.errors().toString());
        assertEquals(Origin.of("/main.conf", 2, 2), e.origin());
        // the reason after the colon is the operating system's
        assertTrue(e.reason().startsWith("cannot read /etc/dir.inc: ") && e.reason().length() > 26, e.reason());
        assertTrue(e.getMessage().startsWith("/main.conf:2:2: error: cannot read /etc/dir.inc: "), e.getMessage());
    }

    /** An IPv4-mapped IPv6 address is 16 bytes, though InetAddress parses it as an IPv4 address. */
    @Test
    void anIpv4MappedIpv6AddressIsSixteenBytes() {
        DhcpdConf.Result r = READER.read("option v6 code 200 = ip6-address;\noption v6 ::ffff:10.0.0.1;\n", "t.conf");
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1},
                r.ruleSet().decide(ClientFacts.builder().build()).option(200));
        DhcpdConf.Result plain = READER.read("option v6 code 200 = ip6-address;\noption v6 fe80::1;\n", "t.conf");
        assertArrayEquals(new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
                plain.ruleSet().decide(ClientFacts.builder().build()).option(200));
    }
}
