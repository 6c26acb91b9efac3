package dev.netboot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code netboot} command line: entry point of the runnable jar. */
@Command(name = "netboot", mixinStandardHelpOptions = true, version = "netboot 0.1.0-SNAPSHOT",
        description = "Network boot toolkit: DHCPv4 and TFTP codecs, rules, and reference servers.",
        subcommands = {CommandLine.HelpCommand.class, DecodeCommand.class, ExplainCommand.class, CheckCommand.class, HostsCommand.class, DemoCommand.class, ServeCommand.class, DhcpServeCommand.class, TftpCommand.class})
public final class Netboot implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The command line with every subcommand registered (for tests and embedding). */
    public static CommandLine newCommandLine() {
        return new CommandLine(new Netboot());
    }
}
