package dev.netboot.rules.hosts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.netboot.rules.ClientFacts;
import dev.netboot.rules.Declaration;
import dev.netboot.rules.RuleSet;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostsTableTest {
    static HostsTable reference() throws URISyntaxException {
        return HostsTable.read(Path.of(HostsTableTest.class.getResource("/reference/hosts.csv").toURI()));
    }

    @Test
    void readsTheReferenceTable() throws URISyntaxException {
        HostsTable t = reference();
        assertEquals(4, t.entries().size());
        assertEquals("photosmart,10:60:4b:11:71:34,192.168.2.53", t.entries().get(0).toString());
        assertEquals(5, t.entries().get(3).origin().line());
    }

    @Test
    void generatesTheSameIncludeFormatAsTheReference() throws URISyntaxException {
        String inc = reference().toDhcpdInclude();
        assertEquals(true, inc.contains("host photosmart {\n        hardware ethernet 10:60:4b:11:71:34;\n"
                + "        fixed-address 192.168.2.53;\n}\n"), inc);
    }

    @Test
    void zones() throws URISyntaxException {
        HostsTable t = reference();
        assertEquals("; Generated from the hosts table.\n$ORIGIN home.kraxel.org.\nphotosmart\tIN\tA\t192.168.2.53\n"
                + "rpi3\tIN\tA\t192.168.2.31\nnas\tIN\tA\t192.168.2.14\npi\tIN\tA\t192.168.2.10\n",
                t.toForwardZone("home.kraxel.org"));
        assertEquals("; Generated from the hosts table.\n$ORIGIN 2.168.192.in-addr.arpa.\n"
                + "53\tIN\tPTR\tphotosmart.home.kraxel.org.\n31\tIN\tPTR\trpi3.home.kraxel.org.\n"
                + "14\tIN\tPTR\tnas.home.kraxel.org.\n10\tIN\tPTR\tpi.home.kraxel.org.\n",
                t.toReverseZone("192.168.2.0/24", "home.kraxel.org"));
        assertEquals("; Generated from the hosts table.\n$ORIGIN 168.192.in-addr.arpa.\n53.2\tIN\tPTR\tphotosmart.lan.\n"
                        + "31.2\tIN\tPTR\trpi3.lan.\n14.2\tIN\tPTR\tnas.lan.\n10.2\tIN\tPTR\tpi.lan.\n",
                t.toReverseZone("192.168.0.0/16", "lan."));
    }

    @Test
    void hostsFeedARuleSet() throws URISyntaxException {
        List<dev.netboot.rules.Declaration> decls = new ArrayList<>(reference().toHosts());
        decls.add(new Declaration.Subnet(0xc0a80200, 0xffffff00, List.of(), List.of(), List.of(),
                dev.netboot.rules.Origin.api("subnet")));
        RuleSet rs = RuleSet.compile(new Declaration.Group(null, List.of(), decls, dev.netboot.rules.Origin.api("global")));
        assertEquals("192.168.2.10", rs.decide(ClientFacts.builder().mac("b8:27:eb:00:00:10").build()).fixedAddress());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "''|h.csv:1:1: error: missing header line 'hostname,mac,ip'",
        "name,mac,ip|h.csv:1:1: error: header has no 'hostname' column",
        "hostname,mac,ip\\na,10:60:4b:11:71:34|h.csv:2:20: error: expected 3 fields, found 2",
        "hostname,mac,ip\\nbad_name,10:60:4b:11:71:34,10.0.0.1|h.csv:2:1: error: invalid host name 'bad_name'",
        "hostname,mac,ip\\na,10:60:4b:11:71,10.0.0.1|h.csv:2:3: error: invalid MAC address '10:60:4b:11:71'",
        "hostname,mac,ip\\na,10:60:4b:11:71:34,10.0.0.256|h.csv:2:21: error: invalid IPv4 address '10.0.0.256'",
        "hostname,mac,ip\\na,10:60:4b:11:71:34,10.0.0.1\\nA,10:60:4b:11:71:35,10.0.0.2|h.csv:3:1: error: duplicate host name A (first on line 2)",
        "hostname,mac,ip\\na,10:60:4b:11:71:34,10.0.0.1\\nb,10-60-4B-11-71-34,10.0.0.2|h.csv:3:3: error: duplicate MAC 10:60:4b:11:71:34 (first on line 2)",
        "hostname,mac,ip\\n# c\\n\\na,10:60:4b:11:71:34,10.0.0.1\\nb,10:60:4b:11:71:35,10.0.0.1|h.csv:5:21: error: duplicate address 10.0.0.1 (first on line 4)",
    })
    void errors(String text, String expected) {
        HostsTableException e = assertThrows(HostsTableException.class,
                () -> HostsTable.parse(text.replace("\\n", "\n"), "h.csv"));
        assertEquals(expected, e.getMessage());
    }
}
