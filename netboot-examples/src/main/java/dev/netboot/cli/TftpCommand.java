package dev.netboot.cli;

import dev.netboot.server.tftp.IoTransport;
import dev.netboot.server.tftp.PortRange;
import dev.netboot.server.tftp.TftpClient;
import dev.netboot.server.tftp.TftpServer;
import dev.netboot.server.tftp.TftpServerConfig;
import dev.netboot.server.tftp.TftpServerException;
import dev.netboot.server.tftp.TftpTransferException;
import dev.netboot.tftp.TftpClientConfig;
import dev.netboot.tftp.TransferMode;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code netboot tftp serve|get|put}: the reference TFTP server, and a client for reading and
 * writing files, both on netboot's TFTP transfer machines.
 */
@Command(name = "tftp", mixinStandardHelpOptions = true,
        description = "TFTP server and client (RFC 1350, 2347, 2348, 2349, 7440).",
        subcommands = {TftpCommand.Serve.class, TftpCommand.Get.class, TftpCommand.Put.class})
public final class TftpCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code netboot tftp serve}: runs the server until SIGTERM or SIGINT. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Serves files from a directory over TFTP until stopped (SIGTERM/SIGINT).",
                "Read-only unless --allow-write; one log line per transfer."})
    static final class Serve implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--root", required = true, paramLabel = "DIR", description = "Directory to serve.")
        Path root;

        @Option(names = "--address", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
                description = "Local address to listen on (default: ${DEFAULT-VALUE}).")
        String address;

        @Option(names = "--port", defaultValue = "69", description = "Request port (default: ${DEFAULT-VALUE}; 0: any).")
        int port;

        @Option(names = "--port-range", paramLabel = "A-B",
                description = "Answer transfers from these local ports (for firewalls) instead of ephemeral ones.")
        String portRange;

        @Option(names = "--single-port",
                description = "Answer every transfer from the request port (TFTP through NAT without a helper).")
        boolean singlePort;

        @Option(names = "--allow-write", description = "Accept write requests (into a temporary file, renamed when complete).")
        boolean allowWrite;

        @Option(names = "--allow-overwrite", description = "Let write requests replace existing files.")
        boolean allowOverwrite;

        @Option(names = "--max-write-size", paramLabel = "BYTES", defaultValue = "64M",
                description = "Largest upload, e.g. 64M, 1G (default: ${DEFAULT-VALUE}).")
        String maxWriteSize;

        @Option(names = "--map-backslash", description = "Read '\\' in file names as '/' (Windows boot loaders).")
        boolean mapBackslash;

        @Option(names = "--per-client-limit", paramLabel = "N", defaultValue = "16",
                description = "Concurrent transfers per client address (default: ${DEFAULT-VALUE}).")
        int perClientLimit;

        @Option(names = "--max-transfers", paramLabel = "N", defaultValue = "1024",
                description = "Concurrent transfers from all clients together (default: ${DEFAULT-VALUE}).")
        int maxTransfers;

        @Option(names = "--max-blksize", paramLabel = "N", defaultValue = "65464",
                description = "Largest block size granted, 8 to 65464 (default: ${DEFAULT-VALUE}).")
        int maxBlksize;

        @Option(names = "--max-window", paramLabel = "N", defaultValue = "64",
                description = "Largest window size granted (default: ${DEFAULT-VALUE}).")
        int maxWindow;

        @CommandLine.Mixin
        TransportOption transport = new TransportOption();

        @Option(names = "--no-gso", description = "Do not send windows with UDP segmentation offload.")
        boolean noGso;

        @Option(names = "--threads", paramLabel = "N", description = "Event loop threads (default: processors, at most 4).")
        Integer threads;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            try {
                TftpServerConfig.Builder b = TftpServerConfig.builder(root)
                        .bindAddress(InetAddress.getByName(address)).port(port)
                        .singlePort(singlePort).allowWrite(allowWrite).allowOverwrite(allowOverwrite)
                        .maxWriteSize(parseSize(maxWriteSize)).mapBackslash(mapBackslash)
                        .perClientLimit(perClientLimit).maxTransfers(maxTransfers).maxBlockSize(maxBlksize).maxWindowSize(maxWindow)
                        .transport(transport.parse()).gso(!noGso);
                if (portRange != null) {
                    b.portRange(PortRange.parse(portRange));
                }
                if (threads != null) {
                    b.threads(threads);
                }
                TftpServer server = b.start();
                // Ready line for scripts and tests: printed once the request port is bound.
                return Foreground.untilShutdown(server::close, "tftp-serve-shutdown", spec.commandLine().getOut(),
                        "tftp serve: ready " + server.localAddress().getAddress().getHostAddress() + ":"
                                + server.localAddress().getPort()) ? 0 : 1;
            } catch (TftpServerException | IllegalArgumentException | UnknownHostException e) {
                err.println("netboot tftp serve: " + e.getMessage());
                return 1;
            }
        }
    }

    /** The {@code --transport} option of every tftp command (a picocli mixin). */
    static final class TransportOption {
        @Option(names = "--transport", paramLabel = "auto|epoll|nio", defaultValue = "auto",
                description = "Netty transport (default: ${DEFAULT-VALUE}).")
        String name;

        IoTransport parse() {
            try {
                return IoTransport.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("transport '" + name + "' (expected: auto, epoll or nio)", e);
            }
        }
    }

    /** Options shared by get and put. */
    static class ClientOptions {
        @Option(names = "--blksize", paramLabel = "N", description = "Ask for this block size (8 to 65464).")
        int blksize;

        @Option(names = "--windowsize", paramLabel = "N", description = "Ask for this window size (RFC 7440).")
        int windowsize;

        @Option(names = "--tsize", description = "Send the tsize option (the server reports the file size).")
        boolean tsize;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Ask for this retransmission timeout (1 to 255).")
        int timeout;

        @Option(names = "--netascii", description = "Netascii mode instead of octet.")
        boolean netascii;

        @CommandLine.Mixin
        TransportOption transport = new TransportOption();

        TftpClientConfig config() {
            return TftpClientConfig.DEFAULT.withMode(netascii ? TransferMode.NETASCII : TransferMode.OCTET)
                    .withBlockSize(blksize).withWindowSize(windowsize).withTimeoutSeconds(timeout).withTransferSize(tsize);
        }
    }

    /**
     * What get and put share: the server, the client options, and running one transfer with a
     * summary line (exit status 0), or an error line (1: the transfer failed, 2: bad arguments).
     */
    abstract static class ClientCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "HOST[:PORT]", description = "Server (port 69 unless given).")
        String host;

        @CommandLine.Mixin
        ClientOptions options = new ClientOptions();

        /** The transfer, on {@code client} to {@code server}. */
        abstract TftpClient.Result transfer(TftpClient client, InetSocketAddress server);

        /** The first word of the summary line. */
        abstract String verb();

        @Override
        public final Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            String name = "netboot tftp " + spec.name();
            try (TftpClient client = TftpClient.builder().transport(options.transport.parse()).build()) {
                TftpClient.Result r = transfer(client, server(host));
                long nanos = r.stats().elapsedNanos();
                double seconds = nanos / 1e9;
                out.printf(Locale.ROOT, "%s %d bytes in %.3f s (%.1f MiB/s), blksize %d, windowsize %d%s%n", verb(),
                        r.stats().bytes(), seconds, seconds > 0 ? r.stats().bytes() / 1048576.0 / seconds : 0.0,
                        r.parameters().blockSize(), r.parameters().windowSize(),
                        r.parameters().transferSize() >= 0 ? ", tsize " + r.parameters().transferSize() : "");
                out.flush();
                return 0;
            } catch (TftpTransferException e) {
                err.println(name + ": " + e.getMessage());
                return 1;
            } catch (IllegalArgumentException | TftpServerException e) {
                err.println(name + ": " + e.getMessage());
                return 2;
            }
        }
    }

    /** {@code netboot tftp get HOST[:PORT] REMOTE LOCAL}. */
    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Reads REMOTE from a TFTP server into LOCAL (replaced only when the transfer completes).")
    static final class Get extends ClientCommand {
        @Parameters(index = "1", paramLabel = "REMOTE", description = "File name on the server.")
        String remote;

        @Parameters(index = "2", paramLabel = "LOCAL", description = "Local file to write.")
        Path local;

        @Override
        TftpClient.Result transfer(TftpClient client, InetSocketAddress server) {
            return client.download(server, remote, local, options.config());
        }

        @Override
        String verb() {
            return "received";
        }
    }

    /** {@code netboot tftp put HOST[:PORT] LOCAL REMOTE}. */
    @Command(name = "put", mixinStandardHelpOptions = true, description = "Writes LOCAL to REMOTE on a TFTP server.")
    static final class Put extends ClientCommand {
        @Parameters(index = "1", paramLabel = "LOCAL", description = "Local file to send.")
        Path local;

        @Parameters(index = "2", paramLabel = "REMOTE", description = "File name on the server.")
        String remote;

        @Override
        TftpClient.Result transfer(TftpClient client, InetSocketAddress server) {
            return client.upload(server, local, remote, options.config());
        }

        @Override
        String verb() {
            return "sent";
        }
    }

    /** Parses HOST, HOST:PORT, [V6] or [V6]:PORT (port 69 by default). */
    static InetSocketAddress server(String text) {
        String host = text;
        int port = 69;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("server '" + text + "' (expected: HOST[:PORT] or [V6][:PORT])");
            }
            host = text.substring(1, close);
            if (close + 1 < text.length()) {
                if (text.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("server '" + text + "' (expected: [V6]:PORT)");
                }
                port = parsePort(text.substring(close + 2), text);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            int colon = text.indexOf(':');
            host = text.substring(0, colon);
            port = parsePort(text.substring(colon + 1), text);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + host + "'", e);
        }
    }

    private static int parsePort(String s, String whole) {
        try {
            int p = Integer.parseInt(s);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port in '" + whole + "' (expected: 1 to 65535)", e);
        }
    }

    /** Parses a byte count with an optional K, M or G suffix (powers of 1024). */
    static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("K") || t.endsWith("M") || t.endsWith("G")) {
            unit = switch (t.charAt(t.length() - 1)) {
                case 'K' -> 1L << 10;
                case 'M' -> 1L << 20;
                default -> 1L << 30;
            };
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(v, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("size '" + text + "' (expected: bytes, or a number with K, M or G)", e);
        }
    }
}
