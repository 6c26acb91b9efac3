package dev.netboot.cli;

import dev.netboot.rules.Diagnostic;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code netboot check}: errors, warnings and lints of a dhcpd.conf, compiler style. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check a dhcpd.conf: errors, warnings and lints as file:line:col: error|warning: message.",
            "Exit status: 1 on errors (with --strict also on warnings), else 0."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--strict", description = "Fail (exit 1) on warnings too.")
    boolean strict;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Diagnostic> diagnostics = config.reader().check(config.config);
        boolean errors = false;
        boolean warnings = false;
        for (Diagnostic d : diagnostics) {
            out.println(d);
            errors |= d.isError();
            warnings |= !d.isError();
        }
        return errors || (strict && warnings) ? 1 : 0;
    }
}
