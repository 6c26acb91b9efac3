package dev.netboot.rules.isc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An include root is a chroot for include paths: {@code ..} never leads out of it. */
class IncludeRootTest {
    @Test
    void dotDotStopsAtTheRootAsInAChroot(@TempDir Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("etc/dhcp"));
        // outside the root, where a lexical resolve of "/../../x.conf" from root/ would land
        Files.writeString(dir.resolve("x.conf"), "filename \"outside\";\n");
        Files.writeString(root.resolve("x.conf"), "filename \"inside\";\n");
        Files.writeString(root.resolve("etc/dhcp/y.conf"), "next-server 10.0.0.9;\n");
        Files.writeString(root.resolve("etc/dhcp/dhcpd.conf"), String.join("\n",
                "include \"/../../x.conf\";",
                "include \"../etc/./dhcp/../dhcp/y.conf\";",
                ""));
        DhcpdConf.Result r = DhcpdConf.reader().includeRoot(root).read(root.resolve("etc/dhcp/dhcpd.conf"));
        assertEquals(java.util.List.of(root.resolve("etc/dhcp/dhcpd.conf"), root.resolve("x.conf"),
                root.resolve("etc/dhcp/y.conf")), r.files(), "the files read, main first: what a server watches");
        var d = r.ruleSet().decide(dev.netboot.rules.ClientFacts.builder().build());
        assertEquals("inside", d.filename(), "/../../x.conf is /x.conf in the chroot");
        assertEquals("10.0.0.9", d.nextServer(), "a relative path is resolved from /, as dhcpd's working directory");
        assertEquals("/../../x.conf:1:1", d.provenance(dev.netboot.rules.Field.FILENAME).origin().toString(),
                "diagnostics name the file as the include statement writes it");
    }

    @Test
    void withoutARootThePathIsAsWritten(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("inc.conf"), "filename \"inc\";\n");
        Files.createDirectories(dir.resolve("sub")); // the operating system resolves "sub/.." itself
        Path main = dir.resolve("main.conf");
        Files.writeString(main, "include \"" + dir.resolve("sub/../inc.conf") + "\";\n");
        assertEquals("inc", DhcpdConf.reader().read(main).ruleSet()
                .decide(dev.netboot.rules.ClientFacts.builder().build()).filename());
    }
}
