package dev.netboot.cli;

import dev.netboot.rules.isc.DhcpdConf;
import dev.netboot.rules.isc.HostResolver;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that reads a dhcpd.conf shares (a picocli mixin). */
final class ConfigOptions {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "ISC dhcpd.conf to read.")
    Path config;

    @Option(names = "--include-root", paramLabel = "DIR",
            description = "Rebase absolute include paths under DIR (as in a chroot).")
    Path includeRoot;

    @Option(names = "--resolve", paramLabel = "NAME=IP",
            description = "Resolve host name NAME to IP when the configuration names it (repeatable); "
                    + "other names go to the system resolver.")
    Map<String, String> resolve = new LinkedHashMap<>();

    @Option(names = "--no-dns",
            description = "Resolve only the names given with --resolve: other host names do not resolve (a warning;"
                    + " what names them is left out), and no DNS query is sent.")
    boolean noDns;

    DhcpdConf.Reader reader() {
        Map<String, List<String>> table = new LinkedHashMap<>();
        resolve.forEach((name, ip) -> table.computeIfAbsent(name, k -> new ArrayList<>()).add(ip));
        HostResolver fixed = HostResolver.of(table);
        HostResolver system = noDns ? name -> List.of() : HostResolver.system();
        HostResolver resolver = name -> {
            List<Inet4Address> a = fixed.resolve(name);
            return a.isEmpty() ? system.resolve(name) : a;
        };
        DhcpdConf.Reader r = DhcpdConf.reader().resolver(resolver);
        return includeRoot != null ? r.includeRoot(includeRoot) : r;
    }
}
