package dev.netboot.cli;

import dev.netboot.server.demo.NetbootDemo;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code netboot demo}: the reference network on loopback, every MISSION.md client booted. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start DHCP, TFTP and HTTP servers on loopback (no root, ephemeral ports) with the reference",
            "configuration translated to 127.0.0.0/8, run every kind of client through DORA and its download,",
            "and print what each got. Exit status 0 when every client matched the reference configuration."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = {"-v", "--verbose"}, description = "Show the servers' log lines (to stderr).")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        if (!verbose && System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            // slf4j-simple reads this when the first logger is made, which is after this point
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        return new NetbootDemo(spec.commandLine().getOut()).run();
    }
}
