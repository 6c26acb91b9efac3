package dev.netboot.rules.isc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.netboot.rules.ClientFacts;
import dev.netboot.rules.Decision;
import dev.netboot.rules.Field;
import dev.netboot.rules.ScopeKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ISC dhcpd semantics of expressions, scopes and statements. */
class ExpressionSemanticsTest {
    static final DhcpdConf.Reader READER = DhcpdConf.reader().resolver(HostResolver.of(Map.of(
            "ntp.example", List.of("10.0.0.5", "10.0.0.6"), "boot.example", List.of("10.0.0.7"))));

    static Decision decide(String conf, ClientFacts facts) {
        return READER.read(conf, "t.conf").ruleSet().decide(facts);
    }

    static String file(String condition, ClientFacts facts) {
        return decide("if " + condition + " { filename \"yes\"; } else { filename \"no\"; }", facts).filename();
    }

    static ClientFacts.Builder client() {
        return ClientFacts.builder().mac("52:54:00:01:02:03");
    }

    @Test
    void andOrHaveEqualPrecedenceAndAnEqualsStartsASubExpression() {
        ClientFacts domainOnly = client().option(15, "x".getBytes()).build();
        // ISC: exists host-name and ((option host-name = "a") or exists domain-name)
        assertEquals("no", file("exists host-name and option host-name = \"a\" or exists domain-name", domainOnly));
        // without '=', left to right: (exists host-name and exists routers) or exists domain-name
        assertEquals("yes", file("exists host-name and exists routers or exists domain-name", domainOnly));
        // (exists domain-name or exists host-name) and exists routers
        assertEquals("no", file("exists domain-name or exists host-name and exists routers", domainOnly));
    }

    @Test
    void nullPropagatesThroughAndAndNot() {
        ClientFacts none = client().build();
        ClientFacts hostOnly = client().option(12, "h".getBytes()).build();
        // and: false on the left makes the whole thing null, and not(null) is null: the else branch
        assertEquals("no", file("not (exists host-name and exists routers)", none));
        assertEquals("yes", file("not (exists host-name and exists routers)", hostOnly));
        assertEquals("yes", file("not exists host-name", none));
        // or is defined if either side is
        assertEquals("yes", file("(exists host-name and exists routers) or not exists routers", none));
    }

    @Test
    void equalityOnAbsentOptions() {
        ClientFacts none = client().build();
        assertEquals("no", file("option host-name = \"a\"", none));
        assertEquals("yes", file("option host-name != \"a\"", none));
        assertEquals("yes", file("option host-name = option domain-name", none), "both null: equal");
        assertEquals("no", file("option host-name = option domain-name", client().option(12, "a".getBytes()).build()));
    }

    @Test
    void userClassComparesTheRawBytes() {
        assertEquals("yes", file("option user-class = \"iPXE\"", client().userClass("iPXE").build()));
        assertEquals("no", file("option user-class = \"iPXE\"", client().userClassRfc3004("iPXE").build()),
                "an RFC 3004 list carries a length prefix, so the raw bytes differ");
        assertEquals("yes", file("option user-class = 04:69:50:58:45", client().userClassRfc3004("iPXE").build()));
    }

    @Test
    void archComparesRawBytesNotAnyElement() {
        assertEquals("yes", file("option pxe-system-type = 00:07", client().arch(7).build()));
        assertEquals("no", file("option pxe-system-type = 00:07", client().arch(7, 9).build()));
        assertEquals("yes", file("option pxe-system-type = 00:07:00:09", client().arch(7, 9).build()));
        assertEquals("yes", file("extract-int(option pxe-system-type, 16) = 7", client().arch(7, 9).build()));
        assertEquals("no", file("extract-int(option pxe-system-type, 16) = 7", client().build()));
    }

    @Test
    void stringFunctions() {
        ClientFacts ovmf = client().vendorClass("PXEClient:Arch:00007:UNDI:003016").option(12, "pc".getBytes()).build();
        assertEquals("yes", file("substring(option vendor-class-identifier, 0, 9) = \"PXEClient\"", ovmf));
        assertEquals("yes", file("substring(option vendor-class-identifier, 15, 5) = \"00007\"", ovmf));
        assertEquals("yes", file("substring(option vendor-class-identifier, 40, 5) = \"\"", ovmf), "offset past the end");
        assertEquals("yes", file("substring(option vendor-class-identifier, 26, 99) = \"003016\"", ovmf), "rest of string");
        assertEquals("yes", file("suffix(option vendor-class-identifier, 6) = \"003016\"", ovmf));
        assertEquals("yes", file("suffix(option host-name, 10) = \"pc\"", ovmf));
        // a negative length makes the result null (not equal to anything), whether the comparison is
        // made in place (option, constants) or by evaluating (the concat forces that)
        for (String f : new String[] {"substring(%s, 5, -1)", "substring(%s, 0, -1)", "suffix(%s, -1)"}) {
            assertEquals("no", file(String.format(f, "option host-name") + " = \"\"", ovmf), f + " in place");
            assertEquals("no", file(String.format(f, "concat(option host-name, \"\")") + " = \"\"", ovmf), f + " evaluated");
        }
        assertEquals("yes", file("lcase(option vendor-class-identifier) = \"pxeclient:arch:00007:undi:003016\"", ovmf));
        assertEquals("yes", file("ucase(option host-name) = \"PC\"", ovmf));
        assertEquals("yes", file("concat(option host-name, \"-\", \"x\") = \"pc-x\"", ovmf));
        assertEquals("no", file("concat(option domain-name, \"x\") = \"x\"", ovmf), "null part makes concat null");
        assertEquals("yes", file("pick-first-value(option domain-name, option host-name) = \"pc\"", ovmf));
        assertEquals("yes", file("binary-to-ascii(16, 8, \":\", substring(hardware, 1, 6)) = \"52:54:0:1:2:3\"", ovmf));
        assertEquals("yes", file("binary-to-ascii(10, 8, \".\", 0a:00:00:01) = \"10.0.0.1\"", ovmf));
        assertEquals("yes", file("hardware = 01:52:54:00:01:02:03", ovmf));
        assertEquals("yes", file("encode-int(258, 16) = 01:02", ovmf));
        assertEquals("yes", file("reverse(1, 01:02:03) = 03:02:01", ovmf));
    }

    @Test
    void regularExpressions() {
        ClientFacts uboot = client().vendorClass("U-boot.armv8.rpi3").build();
        assertEquals("no", file("option vendor-class-identifier ~= \"^U-Boot\\\\.armv8\"", uboot));
        assertEquals("yes", file("option vendor-class-identifier ~~ \"^U-Boot\\\\.armv8\"", uboot));
        assertEquals("yes", file("option vendor-class-identifier ~= \"armv8\"", uboot), "search, not whole match");
        assertEquals("no", file("option host-name ~= \".*\"", uboot), "null left side");
    }

    @Test
    void knownAndHostDeclName() {
        String conf = "host pc1 { hardware ethernet 52:54:00:01:02:03; }\n"
                + "if known { filename = \"k\"; }";
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> READER.read(conf, "t.conf"));
        assertEquals("t.conf:2:21: error: filename = expression is not supported; use a string", e.getMessage());
        Decision d = decide("host pc1 { hardware ethernet 52:54:00:01:02:03; }\n"
                + "if known { option host-name = concat(host-decl-name, \".lan\"); filename \"k\"; } else { filename \"u\"; }",
                client().build());
        assertEquals("k", d.filename());
        assertEquals("pc1.lan", new String(d.option(12)));
        assertEquals("u", decide("host pc1 { hardware ethernet 52:54:00:01:02:04; }\n if known { filename \"k\"; } "
                + "else { filename \"u\"; }", client().build()).filename());
    }

    @Test
    void elsifAndElseIf() {
        String conf = "if exists host-name { filename \"a\"; } elsif exists domain-name { filename \"b\"; }"
                + " else if exists routers { filename \"c\"; } else { filename \"d\"; }";
        assertEquals("b", decide(conf, client().option(15, "x".getBytes()).build()).filename());
        assertEquals("c", decide(conf, client().option(3, new byte[4]).build()).filename());
        assertEquals("d", decide(conf, client().build()).filename());
    }

    static final String SCOPES = """
            option domain-name "global";
            filename "global";
            class "pxe" {
              match if substring(option vendor-class-identifier, 0, 9) = "PXEClient";
              filename "class-pxe";
            }
            class "arm" {
              match if option pxe-system-type = 00:0b;
              filename "class-arm";
              option domain-name "class-arm";
            }
            class "vendor" {
              match option vendor-class-identifier;
            }
            subclass "vendor" "U-Boot.armv8" { filename "subclass-uboot"; }
            subclass "vendor" 55:2d:42:6f:6f:74:2e:61:72:6d:76:37 { filename "subclass-uboot7"; }
            class "added" { option host-name "added"; }
            shared-network lan {
              option domain-name "shared";
              subnet 10.0.0.0 netmask 255.255.255.0 {
                filename "subnet";
                next-server 10.0.0.1;
                add "added";
                pool {
                  allow members of "pxe";
                  range 10.0.0.100 10.0.0.149;
                  filename "pool-pxe";
                }
                pool {
                  deny members of "pxe";
                  range 10.0.0.150 10.0.0.199;
                  default-lease-time 600;
                }
              }
              subnet 10.0.1.0 netmask 255.255.255.0 {
                range 10.0.1.10 10.0.1.20;
              }
            }
            group {
              filename "group";
              host special { hardware ethernet 52:54:00:00:00:99; fixed-address 10.0.0.9; }
              host arm { hardware ethernet 52:54:00:00:00:0b; filename "host-arm"; }
            }
            """;

    Decision scopes(ClientFacts f) {
        return decide(SCOPES, f);
    }

    @Test
    void classBeatsPoolBeatsSubnetAndFirstClassWins() {
        Decision pxe = scopes(client().giaddr("10.0.0.1").vendorClass("PXEClient:Arch:00007:UNDI:003016").build());
        assertEquals(List.of("pxe", "added"), pxe.classes());
        assertEquals("class-pxe", pxe.filename());
        assertEquals("10.0.0.100 - 10.0.0.149", pxe.ranges().get(0).toString());
        assertEquals("shared", new String(pxe.option(15)));
        assertEquals("added", new String(pxe.option(12)), "add in the subnet runs the class's statements");

        Decision both = scopes(client().giaddr("10.0.0.1").arch(0x0b).vendorClass("PXEClient:Arch:00011:UNDI:003000").build());
        assertEquals(List.of("pxe", "arm", "added"), both.classes());
        assertEquals("class-pxe", both.filename(), "the first matching class runs last and wins");
        assertEquals("class-arm", new String(both.option(15)), "field by field: only arm sets domain-name");

        Decision plain = scopes(client().giaddr("10.0.0.1").build());
        assertEquals("subnet", plain.filename());
        assertEquals("10.0.0.150 - 10.0.0.199", plain.ranges().get(0).toString(), "deny members of pxe");
        assertEquals(600, plain.defaultLeaseTime());
        assertEquals(ScopeKind.POOL, plain.provenance(Field.DEFAULT_LEASE_TIME).scope().kind());
    }

    @Test
    void subclassesMatchByRawKey() {
        assertEquals("subclass-uboot", scopes(client().giaddr("10.0.0.1").vendorClass("U-Boot.armv8").build()).filename());
        assertEquals("subclass-uboot7", scopes(client().giaddr("10.0.0.1").vendorClass("U-Boot.armv7").build()).filename());
        assertEquals(List.of("vendor", "added"),
                scopes(client().giaddr("10.0.0.1").vendorClass("U-Boot.armv7").build()).classes());
        assertEquals("subnet", scopes(client().giaddr("10.0.0.1").vendorClass("U-Boot.armv9").build()).filename());
    }

    @Test
    void hostsInGroupsAndSharedNetworks() {
        Decision special = scopes(client().mac("52:54:00:00:00:99").build());
        assertEquals("10.0.0.9", special.fixedAddress());
        assertEquals("group", special.filename(), "the host's group is outside the subnet's scope chain");
        assertEquals("10.0.0.1", special.nextServer());
        assertNull(special.pool());

        Decision arm = scopes(client().mac("52:54:00:00:00:0b").giaddr("10.0.1.1").arch(0x0b).build());
        assertEquals("host-arm", arm.filename(), "host beats class");
        assertEquals("class-arm", new String(arm.option(15)));
        assertEquals("10.0.1.0/24", arm.subnet().cidr());
        assertNull(arm.nextServer(), "next-server is set only in the other subnet");
    }

    @Test
    void optionValuesAndDefinitions() {
        Decision d = decide("""
                option arch code 93 = unsigned integer 16;
                option site-routes code 250 = array of { ip-address, unsigned integer 8 };
                option flag code 251 = boolean;
                option signed code 252 = signed integer 8;
                option arch 7;
                option ntp-servers ntp.example, 10.0.0.9;
                option domain-search "example.com", "lab.example.com";
                option site-routes 10.0.0.1 8, 10.0.0.2 16;
                option flag on;
                option signed -2;
                option dhcp-client-identifier 01:02:03;
                option vendor-class-identifier "v";
                next-server boot.example;
                option routers 10.0.0.1;
                default routers 10.9.9.9;
                default time-offset 3600;
                append domain-name-servers 10.0.0.2;
                prepend domain-name-servers 10.0.0.1;
                """, client().build());
        assertEquals("00:07", ReferenceConfigTest.hex(d.option(93)));
        assertEquals("0a:00:00:05:0a:00:00:06:0a:00:00:09", ReferenceConfigTest.hex(d.option(42)));
        assertEquals("07:65:78:61:6d:70:6c:65:03:63:6f:6d:00:03:6c:61:62:c0:00", ReferenceConfigTest.hex(d.option(119)));
        assertEquals("0a:00:00:01:08:0a:00:00:02:10", ReferenceConfigTest.hex(d.option(250)));
        assertEquals("01", ReferenceConfigTest.hex(d.option(251)));
        assertEquals("fe", ReferenceConfigTest.hex(d.option(252)));
        assertEquals("01:02:03", ReferenceConfigTest.hex(d.option(61)));
        assertEquals("10.0.0.7", d.nextServer());
        assertEquals("0a:00:00:01", ReferenceConfigTest.hex(d.option(3)), "default does not replace");
        assertEquals("00:00:0e:10", ReferenceConfigTest.hex(d.option(2)));
        assertEquals("0a:00:00:01:0a:00:00:02", ReferenceConfigTest.hex(d.option(6)));
    }

    @Test
    void hostMatchedByClientIdentifier() {
        String conf = "host byid { option dhcp-client-identifier 01:aa:bb; filename \"by-id\"; }\n"
                + "host byhw { hardware ethernet 52:54:00:01:02:03; filename \"by-hw\"; }";
        assertEquals("by-id", decide(conf, client().option(61, new byte[] {1, (byte) 0xaa, (byte) 0xbb}).build()).filename());
        assertEquals("by-hw", decide(conf, client().build()).filename());
    }

    @Test
    void encapsulatedOptionSpaces() {
        String conf = """
                option space ipxe;
                option ipxe-encap-opts code 175 = encapsulate ipxe;
                option ipxe.bus-id code 177 = string;
                option ipxe.http code 19 = unsigned integer 8;
                if exists ipxe.http and option ipxe.bus-id = 01:02 { filename "ipxe-http"; } else { filename "other"; }
                """;
        assertEquals("ipxe-http", decide(conf, client().option(175, new byte[] {19, 1, 1, (byte) 177, 2, 1, 2}).build()).filename());
        assertEquals("other", decide(conf, client().option(175, new byte[] {19, 1, 1}).build()).filename());
        assertEquals("other", decide(conf, client().build()).filename());
    }

    @Test
    void keywordsAreCaseInsensitiveAndCommentsAnywhere() {
        assertEquals("yes", file("EXISTS Host-Name # trailing comment\n", client().option(12, "a".getBytes()).build()));
    }
}
