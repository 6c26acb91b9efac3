package dev.netboot.rules.differential;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A server and a client network namespace joined by a veth pair, made for one test run
 * ({@code ndS<id>}/{@code ndC<id>}, id from the PID and a random suffix). The server side has
 * {@code serverAddress/24}; the client side has no address, only a default route through its
 * link, so that a socket bound to 0.0.0.0 can broadcast from it (source 0.0.0.0, as a DHCP client
 * in INIT). The server namespace gets a private {@code /etc/hosts} ({@code ip netns exec}
 * bind-mounts {@code /etc/netns/NS/hosts}). Processes started here are stopped by PID on
 * {@link #close()}. Needs root. Not thread-safe.
 */
final class NamespacePair implements AutoCloseable {
    final String serverNs;
    final String clientNs;
    final String serverIf;
    final String clientIf;
    private final List<String> created = new ArrayList<>();
    private final List<Child> children = new ArrayList<>();

    private NamespacePair() {
        String id = Long.toString(ProcessHandle.current().pid(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(46656), 36);
        serverNs = "ndS" + id;
        clientNs = "ndC" + id;
        serverIf = "nds" + id; // interface names: at most 15 characters
        clientIf = "ndc" + id;
    }

    static NamespacePair create(String serverAddress, String hostsFile) {
        NamespacePair pair = new NamespacePair();
        try {
            pair.build(serverAddress, hostsFile);
            return pair;
        } catch (RuntimeException e) {
            pair.close();
            throw e;
        }
    }

    private void build(String serverAddress, String hostsFile) {
        for (String ns : List.of(serverNs, clientNs)) {
            command(Duration.ofSeconds(20), "ip", "netns", "add", ns);
            created.add(ns);
        }
        try {
            Path etc = etcDir(serverNs);
            Files.createDirectories(etc);
            Files.writeString(etc.resolve("hosts"), hostsFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Duration t = Duration.ofSeconds(20);
        command(t, "ip", "-n", serverNs, "link", "add", serverIf, "type", "veth", "peer", "name", clientIf);
        command(t, "ip", "-n", serverNs, "link", "set", clientIf, "netns", clientNs);
        command(t, "ip", "-n", serverNs, "addr", "add", serverAddress + "/24", "dev", serverIf);
        command(t, "ip", "-n", serverNs, "link", "set", "lo", "up");
        command(t, "ip", "-n", serverNs, "link", "set", serverIf, "up");
        command(t, "ip", "-n", clientNs, "link", "set", clientIf, "up");
        command(t, "ip", "-n", clientNs, "route", "add", "default", "dev", clientIf);
    }

    private static Path etcDir(String ns) {
        return Path.of("/etc/netns", ns);
    }

    /** Starts {@code command} in the server namespace; its output (stdout and stderr) is collected. */
    Child startInServer(String... command) {
        return start(serverNs, command);
    }

    /** Starts {@code command} in the client namespace; its output (stdout and stderr) is collected. */
    Child startInClient(String... command) {
        return start(clientNs, command);
    }

    private Child start(String ns, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(command));
        Child c = Child.start(cmd);
        children.add(c);
        return c;
    }

    /** Runs {@code command} to completion within {@code limit}; throws with its output unless it exits 0. */
    static String command(Duration limit, String... command) {
        Child c = Child.start(List.of(command));
        try {
            int rc = c.awaitExit(limit);
            if (rc != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": exit " + rc + "\n" + c.output());
            }
            return c.output();
        } finally {
            c.stop(Duration.ofSeconds(5));
        }
    }

    /** Stops every process started here (by PID, newest first), then removes the namespaces. */
    @Override
    public void close() {
        for (int i = children.size() - 1; i >= 0; i--) {
            children.get(i).stop(Duration.ofSeconds(10));
        }
        for (String ns : created) {
            try {
                command(Duration.ofSeconds(20), "ip", "netns", "del", ns);
            } catch (RuntimeException e) {
                // keep removing the rest; a leftover namespace shows in `ip netns list`
            }
            try {
                Files.deleteIfExists(etcDir(ns).resolve("hosts"));
                Files.deleteIfExists(etcDir(ns));
            } catch (IOException e) {
                // as above
            }
        }
    }

    /** A child process whose merged output lines are queued for bounded waits. */
    static final class Child {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuffer output = new StringBuffer();
        private final Thread drain;

        private Child(Process process) {
            this.process = process;
            this.drain = new Thread(this::drain, "drain-" + process.pid());
            drain.setDaemon(true);
            drain.start();
        }

        static Child start(List<String> command) {
            try {
                return new Child(new ProcessBuilder(command).redirectErrorStream(true).start());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void drain() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.ISO_8859_1))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    output.append(line).append('\n');
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process is gone; what was read stays in output
            }
        }

        /** The PID ({@code ip netns exec} execs the command, so this is the command's own PID). */
        long pid() {
            return process.pid();
        }

        /** Everything printed so far. */
        String output() {
            return output.toString();
        }

        /** Waits at most {@code limit} for an output line containing {@code pattern}; false if none came. */
        boolean awaitLine(Pattern pattern, Duration limit) {
            long deadline = System.nanoTime() + limit.toNanos();
            try {
                for (long left = limit.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                    String line = lines.poll(left, TimeUnit.NANOSECONDS);
                    if (line != null && pattern.matcher(line).find()) {
                        return true;
                    }
                    if (line == null) {
                        return false;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        /** Waits at most {@code limit} for the exit (and the last output); the exit code, or -1 if still running. */
        int awaitExit(Duration limit) {
            try {
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    return -1;
                }
                drain.join(TimeUnit.SECONDS.toMillis(10));
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        /** SIGTERM to the PID, then SIGKILL if it is still there after {@code grace}. */
        void stop(Duration grace) {
            // Process signals its own PID and only while it has not been reaped: never another process.
            if (process.isAlive()) {
                process.destroy();
                if (awaitExit(grace) == -1) {
                    process.destroyForcibly();
                    awaitExit(Duration.ofSeconds(10));
                }
            }
        }
    }
}
