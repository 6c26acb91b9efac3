package dev.netboot.rules.isc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netboot.rules.Diagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;

class LintsTest {
    static List<String> lints(String conf) {
        return DhcpdConf.reader().read(conf, "t.conf").lints().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void unreachableBranches() {
        assertEquals(List.of("t.conf:2:1: warning: unreachable branch: whenever 'exists host-name and exists routers'"
                        + " holds, the earlier branch at 1:1 ('exists host-name') matches first"),
                lints("if exists host-name { filename \"a\"; }\n"
                        + "elsif exists host-name and exists routers { filename \"b\"; }"));
        assertEquals(List.of("t.conf:2:1: warning: unreachable branch: whenever 'option host-name = \"b\"' holds, the"
                        + " earlier branch at 1:1 ('option host-name = \"a\" or option host-name = \"b\"') matches first"),
                lints("if option host-name = \"a\" or option host-name = \"b\" { }\n"
                        + "elsif option host-name = \"b\" { }"));
        assertEquals(List.of(), lints("if exists host-name and exists routers { } elsif exists host-name { }"));
        assertEquals(List.of(), lints("if \"a\" = option host-name { } elsif option domain-name = \"a\" { }"));
        assertEquals(1, lints("if \"a\" = option host-name { } elsif option host-name = \"a\" { }").size(),
                "equality is symmetric");
    }

    @Test
    void exactUBootComparison() {
        assertEquals(List.of("t.conf:1:4: warning: exact comparison with \"U-Boot.armv7\": U-Boot boards send variants"
                        + " such as \"U-boot.armv7.<board>\"; compare a lower-cased prefix, e.g."
                        + " lcase(substring(option vendor-class-identifier, 0, 12)) = \"u-boot.armv7\", or use"
                        + " ~~ \"^u-boot\\\\.armv7\""),
                lints("if option vendor-class-identifier = \"U-Boot.armv7\" { }"));
        // a case-sensitive prefix misses "U-boot.armv7.<board>"; a case-sensitive pattern too
        assertEquals(List.of("t.conf:1:4: warning: case-sensitive comparison with \"U-Boot.armv7\": U-Boot boards send"
                        + " both \"U-Boot\" and \"U-boot\"; compare a lower-cased prefix, e.g."
                        + " lcase(substring(option vendor-class-identifier, 0, 12)) = \"u-boot.armv7\", or use"
                        + " ~~ \"^u-boot\\\\.armv7\""),
                lints("if substring(option vendor-class-identifier, 0, 12) = \"U-Boot.armv7\" { }"));
        assertEquals(List.of("t.conf:1:4: warning: case-sensitive pattern \"^U-Boot\": U-Boot boards send both"
                        + " \"U-Boot\" and \"U-boot\"; use ~~ (case-insensitive) instead of ~="),
                lints("if option vendor-class-identifier ~= \"^U-Boot\" { }"));
        // what the lint suggests is clean
        assertEquals(List.of(), lints("if lcase(substring(option vendor-class-identifier, 0, 12)) = \"u-boot.armv7\" { }"));
        assertEquals(List.of(), lints("if option vendor-class-identifier ~~ \"^u-boot\\\\.armv7\" { }"));
        assertEquals(List.of(), lints("if option vendor-class-identifier ~~ \"^u-boot\" { }"));
    }

    @Test
    void archRulesBeforeTheIpxeLoopBreaker() {
        String arch = "option arch code 93 = unsigned integer 16;\n";
        assertEquals(List.of("t.conf:2:1: warning: architecture rule 'option arch = 00:07' comes before the iPXE check"
                        + " at 2:42: iPXE sends the same architecture, gets the firmware's boot file again and"
                        + " chain-loads in a loop; test for iPXE first"),
                lints(arch + "if option arch = 00:07 { filename \"a\"; } elsif option user-class = \"iPXE\" { filename \"b\"; }"));
        assertEquals(List.of(), lints(arch
                + "if exists user-class and option user-class = \"iPXE\" { } elsif option arch = 00:07 { }"));
        assertEquals(1, lints("option space ipxe;\noption ipxe-encap-opts code 175 = encapsulate ipxe;\n"
                + "option ipxe.http code 19 = unsigned integer 8;\n" + arch
                + "if option arch = 00:07 { } elsif exists ipxe.http { }").size(), "option 175 counts as an iPXE check");
    }

    @Test
    void arch9Versus7() {
        String arch = "option arch code 93 = unsigned integer 16;\n";
        assertEquals(List.of("t.conf:2:1: warning: architecture 9 tested without 7: RFC 4578 listed 9 as EFI x86-64,"
                        + " but per its erratum UEFI x86-64 firmware sends 7 (only old iPXE sends 9); also test 00:07"),
                lints(arch + "if option arch = 00:09 { filename \"shim.efi\"; }"));
        assertEquals(List.of("t.conf:2:1: warning: architectures 9 and 7 get different files (\"a.efi\" and \"b.efi\"),"
                        + " but both are UEFI x86-64 (RFC 4578 erratum)"),
                lints(arch + "if option arch = 00:09 { filename \"a.efi\"; } elsif option arch = 00:07 { filename \"b.efi\"; }"));
        assertEquals(List.of(), lints(arch
                + "if option arch = 00:09 { filename \"a.efi\"; } elsif option arch = 00:07 { filename \"a.efi\"; }"));
    }

    @Test
    void mixedAndOrWithoutParentheses() {
        assertEquals(List.of("t.conf:1:40: warning: 'and' and 'or' mixed without parentheses: ISC gives them the same"
                        + " precedence, so this groups as '(... and ...) or ...'; add parentheses"),
                lints("if exists host-name and exists routers or exists domain-name { }"));
        assertEquals(List.of(), lints("if (exists host-name and exists routers) or exists domain-name { }"));
        assertEquals(List.of(), lints("if exists host-name and exists routers and exists domain-name { }"));
    }

    @Test
    void checkReportsErrorsWarningsAndLintsInOrder() {
        assertEquals(List.of("t.conf:1:1: warning: 'log-facility' ignored: netboot logs through the embedding application"),
                DhcpdConf.reader().read("log-facility local7;", "t.conf").diagnostics().stream()
                        .map(Diagnostic::toString).toList());
    }
}
