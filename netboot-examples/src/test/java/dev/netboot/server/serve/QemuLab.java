package dev.netboot.server.serve;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A network segment for booting a QEMU guest, made for one test: a server namespace
 * ({@code nbqs-<id>}, its veth end {@code nbqs<id>} carrying {@code serverCidr}) and a client
 * namespace ({@code nbqc-<id>}) holding the segment's switch, a bridge {@code nbqb<id>} joining
 * the server's veth peer {@code nbqc<id>} and the guest's tap {@code nbqt<id>}. {@link #addRouter}
 * puts a third host on the switch. Everything is created inside the namespaces, so the default
 * namespace never sees an interface of ours; {@link #close()} stops every process started here by
 * PID, deletes tap, bridge and namespaces. Names carry a per-run id (PID and random). Requires
 * root; not thread-safe.
 */
final class QemuLab implements AutoCloseable {
    final String id;
    final String serverNs;
    final String clientNs;
    final String serverIf;
    final String clientIf;
    final String bridge;
    final String tap;
    private String routerNs;
    private String routerIf;
    private final List<Proc> procs = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();

    private QemuLab() {
        this.id = Long.toString(ProcessHandle.current().pid() % 100_000, 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
        this.serverNs = "nbqs-" + id;
        this.clientNs = "nbqc-" + id;
        this.serverIf = "nbqs" + id;
        this.clientIf = "nbqc" + id;
        this.bridge = "nbqb" + id;
        this.tap = "nbqt" + id;
    }

    /** Whether this JVM runs as root. */
    static boolean isRoot() {
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && out.equals("0");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether {@code command} is an executable on the PATH or in /usr/sbin, /sbin. */
    static boolean hasCommand(String command) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin"));
        return dirs.stream().anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    /** Creates the two namespaces, the veth pair, the bridge and the tap. */
    static QemuLab create(String serverCidr) {
        QemuLab lab = new QemuLab();
        try {
            lab.setUp(serverCidr);
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void setUp(String serverCidr) {
        addNamespace(serverNs);
        addNamespace(clientNs);
        run("ip", "-n", serverNs, "link", "add", serverIf, "type", "veth", "peer", "name", clientIf);
        run("ip", "-n", serverNs, "link", "set", clientIf, "netns", clientNs);
        run("ip", "-n", serverNs, "addr", "add", serverCidr, "dev", serverIf);
        run("ip", "-n", serverNs, "link", "set", serverIf, "up");
        // The switch: STP off and no forwarding delay, or the guest's first DISCOVERs are lost.
        run("ip", "-n", clientNs, "link", "add", bridge, "type", "bridge", "forward_delay", "0", "stp_state", "0");
        run("ip", "netns", "exec", clientNs, "ip", "tuntap", "add", "dev", tap, "mode", "tap");
        run("ip", "-n", clientNs, "link", "set", clientIf, "master", bridge);
        run("ip", "-n", clientNs, "link", "set", tap, "master", bridge);
        for (String dev : List.of(clientIf, tap, bridge)) {
            run("ip", "-n", clientNs, "link", "set", dev, "up");
        }
    }

    private void addNamespace(String ns) {
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
                "net.ipv6.conf.default.disable_ipv6=1");
        run("ip", "-n", ns, "link", "set", "lo", "up");
        try {
            // Name lookups inside the namespace read this private, empty file, not the host's.
            Path etc = Path.of("/etc/netns", ns);
            Files.createDirectories(etc);
            Files.writeString(etc.resolve("resolv.conf"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a third host ({@code nbqr-<id>}, interface {@code nbqr<id>} with {@code cidr}) to the switch. */
    String addRouter(String cidr) {
        routerNs = "nbqr-" + id;
        routerIf = "nbqr" + id;
        String port = "nbqp" + id;
        addNamespace(routerNs);
        run("ip", "-n", routerNs, "link", "add", routerIf, "type", "veth", "peer", "name", port);
        run("ip", "-n", routerNs, "link", "set", port, "netns", clientNs);
        run("ip", "-n", clientNs, "link", "set", port, "master", bridge);
        run("ip", "-n", clientNs, "link", "set", port, "up");
        run("ip", "-n", routerNs, "addr", "add", cidr, "dev", routerIf);
        run("ip", "-n", routerNs, "link", "set", routerIf, "up");
        return routerNs;
    }

    String routerIf() {
        return routerIf;
    }

    /** Runs a command to completion (60 s at most); returns its output; throws on a non-zero exit. */
    static String run(String... command) {
        Proc p = Proc.start(List.of(command), null);
        try {
            int rc = p.waitForExit(60);
            if (rc != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + rc + ": " + p.output());
            }
            return p.output();
        } finally {
            p.kill();
        }
    }

    /**
     * Starts {@code command} in namespace {@code ns} under {@code timeout} (a guard that ends it
     * even if this JVM dies before {@link #close}); output to {@code outputFile}, or collected
     * when that is null. Tracked and stopped by {@link #close}.
     */
    Proc start(String ns, int guardSeconds, Path outputFile, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "timeout", "--kill-after=5",
                Integer.toString(guardSeconds)));
        cmd.addAll(List.of(command));
        Proc p = Proc.start(cmd, outputFile);
        procs.add(p);
        return p;
    }

    /** {@code java} with the test class path and small-heap, quick-start options. */
    static List<String> javaCommand() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", classpath);
    }

    /** Stops every process started here, then deletes tap, bridge and namespaces. */
    @Override
    public void close() {
        for (int i = procs.size() - 1; i >= 0; i--) {
            procs.get(i).stop(5);
        }
        if (namespaces.contains(clientNs)) {
            // Explicit, although deleting the namespace would take them along.
            tryRun("ip", "-n", clientNs, "link", "del", tap);
            tryRun("ip", "-n", clientNs, "link", "del", bridge);
        }
        for (String ns : namespaces) {
            try {
                // Anything left in the namespace that we did not start directly, by PID.
                for (String pid : run("ip", "netns", "pids", ns).split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (RuntimeException e) {
                // best effort
            }
            tryRun("ip", "netns", "del", ns);
            try {
                Path etc = Path.of("/etc/netns", ns);
                Files.deleteIfExists(etc.resolve("resolv.conf"));
                Files.deleteIfExists(etc);
            } catch (IOException e) {
                // best effort
            }
        }
    }

    private static void tryRun(String... command) {
        try {
            run(command);
        } catch (RuntimeException e) {
            // best effort: the next step (namespace deletion) removes what is left
        }
    }

    /** A started process; output collected by a reader thread or written to a file; waits are bounded. */
    static final class Proc {
        private final Process process;
        private final StringBuffer output = new StringBuffer();
        private final Thread reader;

        private Proc(Process process, boolean pump) {
            this.process = process;
            if (pump) {
                reader = new Thread(this::pump, "proc-" + process.pid());
                reader.setDaemon(true);
                reader.start();
            } else {
                reader = null;
            }
        }

        static Proc start(List<String> command, Path outputFile) {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (outputFile != null) {
                pb.redirectOutput(outputFile.toFile());
            }
            try {
                return new Proc(pb.start(), outputFile == null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void pump() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.ISO_8859_1))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                // process gone
            }
        }

        long pid() {
            return process.pid();
        }

        boolean isAlive() {
            return process.isAlive();
        }

        /** The output collected so far (empty when it goes to a file). */
        String output() {
            return output.toString();
        }

        /**
         * Polls (every 100 ms, at most {@code seconds}) until the output has a line matching
         * {@code pattern}; throws with the output if it does not, or if the process ends first.
         */
        void await(Pattern pattern, int seconds) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                if (pattern.matcher(output).find()) {
                    return;
                }
                if (!process.isAlive() && (reader == null || !reader.isAlive())) {
                    break;
                }
                pause(100);
            }
            if (!pattern.matcher(output).find()) {
                throw new IllegalStateException("no output matching /" + pattern + "/ within " + seconds
                        + " s (alive: " + process.isAlive() + "); output:\n" + output);
            }
        }

        /** Waits (bounded) for the exit code; -1 if still running after the bound. */
        int waitForExit(int seconds) {
            try {
                if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                    return -1;
                }
                if (reader != null) {
                    reader.join(TimeUnit.SECONDS.toMillis(5));
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        /**
         * SIGTERM (the {@code timeout} guard passes it on), wait up to {@code seconds}, then
         * SIGKILL for the process and what it started, each by PID.
         */
        void stop(int seconds) {
            if (process.isAlive()) {
                process.destroy();
                if (waitForExit(seconds) == -1) {
                    kill();
                }
            }
        }

        /** SIGKILL for the process's descendants and the process, by PID; waits (bounded) until it is gone. */
        void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            if (process.isAlive()) {
                process.destroyForcibly();
                waitForExit(10);
            }
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
