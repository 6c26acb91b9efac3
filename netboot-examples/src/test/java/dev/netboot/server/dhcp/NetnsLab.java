package dev.netboot.server.dhcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two network namespaces made for one test class ({@code nbs-<id>} with the server side of a
 * veth pair at 10.213.0.1/24, {@code nbc-<id>} with the unconfigured client side), processes
 * started in them (tracked and stopped by PID), and a hook script for DHCP clients. The veth
 * pair is created inside the server namespace, so the default namespace never sees it.
 * Requires root; not thread-safe.
 */
final class NetnsLab implements AutoCloseable {
    static final String SERVER_IP = "10.213.0.1";

    final String id;
    final String serverNs;
    final String clientNs;
    final String serverIf;
    final String clientIf;
    final Path dir;
    private final List<Proc> procs = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();

    private final boolean bridged;
    private int peers;

    private NetnsLab(Path dir, boolean bridged) {
        this.bridged = bridged;
        this.id = Long.toString(ProcessHandle.current().pid() % 100_000, 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);
        this.serverNs = "nbs-" + id;
        this.clientNs = "nbc-" + id;
        this.serverIf = "nbs" + id;
        this.clientIf = "nbc" + id;
        this.dir = dir;
    }

    /** Whether this JVM runs as root (namespaces need it). */
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

    /** Whether {@code command} is on the PATH (or an absolute path to an executable). */
    static boolean hasCommand(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        for (String d : new String[] {"/usr/sbin", "/sbin"}) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }

    /** Creates the namespaces and the veth pair. */
    static NetnsLab create(Path dir) {
        return create(dir, false);
    }

    /**
     * Creates a LAN: in the server namespace a bridge ({@link #serverIf}, 10.213.0.1/24: the
     * "router" of the segment), the client namespace on it through a veth pair, and room for more
     * hosts on the same segment ({@link #addHost}).
     */
    static NetnsLab createLan(Path dir) {
        return create(dir, true);
    }

    private static NetnsLab create(Path dir, boolean bridged) {
        NetnsLab lab = new NetnsLab(dir, bridged);
        try {
            lab.setUp();
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void setUp() {
        for (String ns : List.of(serverNs, clientNs)) {
            run("ip", "netns", "add", ns);
            namespaces.add(ns);
            run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
                    "net.ipv6.conf.default.disable_ipv6=1");
            run("ip", "-n", ns, "link", "set", "lo", "up");
            try {
                // A client hook writing /etc/resolv.conf inside the namespace hits this private file.
                Path etc = Path.of("/etc/netns", ns);
                Files.createDirectories(etc);
                Files.writeString(etc.resolve("resolv.conf"), "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (bridged) {
            run("ip", "-n", serverNs, "link", "add", serverIf, "type", "bridge", "forward_delay", "0", "stp_state",
                    "0");
            run("ip", "-n", serverNs, "addr", "add", SERVER_IP + "/24", "dev", serverIf);
            run("ip", "-n", serverNs, "link", "set", serverIf, "up");
            attach(clientNs, clientIf, "02:13:00:00:00:c1", null);
            return;
        }
        run("ip", "-n", serverNs, "link", "add", serverIf, "type", "veth", "peer", "name", clientIf);
        run("ip", "-n", serverNs, "link", "set", clientIf, "netns", clientNs);
        run("ip", "-n", clientNs, "link", "set", clientIf, "address", "02:13:00:00:00:c1");
        run("ip", "-n", serverNs, "addr", "add", SERVER_IP + "/24", "dev", serverIf);
        run("ip", "-n", serverNs, "link", "set", serverIf, "up");
        run("ip", "-n", clientNs, "link", "set", clientIf, "up");
    }

    /** Connects {@code ns} to the bridge through a new veth pair whose end in {@code ns} is {@code ifName}. */
    private void attach(String ns, String ifName, String mac, String addressCidr) {
        String port = "nbp" + (peers++) + id;
        run("ip", "-n", serverNs, "link", "add", port, "type", "veth", "peer", "name", ifName);
        run("ip", "-n", serverNs, "link", "set", ifName, "netns", ns);
        run("ip", "-n", serverNs, "link", "set", port, "master", serverIf);
        run("ip", "-n", serverNs, "link", "set", port, "up");
        run("ip", "-n", ns, "link", "set", ifName, "address", mac);
        if (addressCidr != null) {
            run("ip", "-n", ns, "addr", "add", addressCidr, "dev", ifName);
        }
        run("ip", "-n", ns, "link", "set", ifName, "up");
    }

    /**
     * Adds another host to the LAN of {@link #createLan}: a namespace {@code nb<role>-<id>} whose
     * interface {@code nb<role><id>} has {@code addressCidr}. Returns the namespace name.
     */
    String addHost(char role, String mac, String addressCidr) {
        if (!bridged) {
            throw new IllegalStateException("addHost needs a lab made with createLan");
        }
        String ns = "nb" + role + "-" + id;
        run("ip", "netns", "add", ns);
        namespaces.add(ns);
        run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
                "net.ipv6.conf.default.disable_ipv6=1");
        run("ip", "-n", ns, "link", "set", "lo", "up");
        attach(ns, hostIf(role), mac, addressCidr);
        return ns;
    }

    /** The interface name of the host added with {@code role}. */
    String hostIf(char role) {
        return "nb" + role + id;
    }

    /** A hook script for client {@code name}: records each call in {@code hook-NAME.env}. */
    Path hook(String name) {
        Path hook = dir.resolve("hook-" + name + ".sh");
        String script = "#!/bin/sh\n"
                + "# records what the DHCP client hands to its script; configures the address like a real client\n"
                + "ev=\"${reason:-${1:-}}\"\n"
                + "addr=\"${new_ip_address:-${ip:-}}\"\n"
                + "mask=\"${new_subnet_mask:-${subnet:-}}\"\n"
                + "ifc=\"${interface:-" + clientIf + "}\"\n"
                + "case \"$ev\" in\n"
                + "  BOUND|RENEW|REBIND|REBOOT|bound|renew) [ -n \"$addr\" ] && [ -n \"$mask\" ] && ip addr replace \"$addr/$mask\" dev \"$ifc\" ;;\n"
                + "  PREINIT|deconfig) ip link set \"$ifc\" up; ip addr flush dev \"$ifc\" scope global ;;\n"
                + "  EXPIRE|FAIL|RELEASE|STOP|NOCARRIER|leasefail) ip addr flush dev \"$ifc\" scope global ;;\n"
                + "esac\n"
                + "{ echo \"---- $*\"; echo \"hook_event=$ev\"; env | LC_ALL=C sort; } >> \"" + dir + "/hook-" + name + ".env\"\n"
                // Tells the test (which reads the client's output) that the call is recorded.
                + "echo \"NBHOOK " + name + " $ev\"\n"
                + "exit 0\n";
        try {
            Files.writeString(hook, script);
            hook.toFile().setExecutable(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hook;
    }

    /** Runs a command to completion (60 s at most); returns its output; throws on a non-zero exit. */
    static String run(String... command) {
        Proc p = Proc.start(List.of(command), Map.of());
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

    /** Runs a command in the client namespace to completion, returning its exit code. */
    int runInClient(int timeoutSeconds, Map<String, String> env, String... command) {
        Proc p = startIn(clientNs, env, command);
        int rc = p.waitForExit(timeoutSeconds);
        p.kill();
        return rc;
    }

    /** Starts a process in the client namespace. */
    Proc startInClient(Map<String, String> env, String... command) {
        return startIn(clientNs, env, command);
    }

    /** Starts {@code netboot dhcp-serve ARGS} in a child JVM in the server namespace and waits until it is ready. */
    Proc startServer(List<String> args) {
        return startServerIn(serverNs, args);
    }

    /** Starts {@code netboot dhcp-serve ARGS} in a child JVM in namespace {@code ns} and waits until it is ready. */
    Proc startServerIn(String ns, List<String> args) {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.addAll(List.of("dev.netboot.cli.Netboot", "dhcp-serve"));
        cmd.addAll(args);
        Proc p = startIn(ns, Map.of(), cmd.toArray(String[]::new));
        try {
            p.await(Pattern.compile("dhcp-serve: ready|netboot dhcp-serve: "), 60);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("server did not start: " + p.output(), e);
        }
        if (!p.output().contains("dhcp-serve: ready")) {
            throw new IllegalStateException("server did not start: " + p.output());
        }
        return p;
    }

    /** {@code java} with the test class path and small-heap, quick-start options. */
    static List<String> javaCommand() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", classpath);
    }

    /** Starts the main class {@code mainClass} of the test class path in a child JVM in namespace {@code ns}. */
    Proc startJava(String ns, Class<?> mainClass, String... args) {
        List<String> cmd = new ArrayList<>(javaCommand());
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        return startIn(ns, Map.of(), cmd.toArray(String[]::new));
    }

    /** Starts a process in namespace {@code ns} (tracked, stopped by {@link #close}). */
    Proc startIn(String ns, Map<String, String> env, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(command));
        Proc p = Proc.start(cmd, env);
        procs.add(p);
        return p;
    }

    /** Sets the client interface's MAC (a new client, as far as DHCP goes). */
    void clientMac(String mac) {
        run("ip", "-n", clientNs, "addr", "flush", "dev", clientIf);
        run("ip", "-n", clientNs, "link", "set", clientIf, "address", mac);
    }

    /** Waits (bounded) until client {@code proc} has run hook {@code name} for {@code event}. */
    static void awaitHook(Proc proc, String name, String event) {
        proc.await(Pattern.compile("NBHOOK " + Pattern.quote(name) + " " + Pattern.quote(event) + "$"), 45);
    }

    /** The variables of the last hook call whose event matches {@code event}, from hook file {@code name}. */
    Map<String, String> hookCall(String name, String event) {
        Path f = dir.resolve("hook-" + name + ".env");
        Map<String, String> found = new LinkedHashMap<>();
        Map<String, String> current = null;
        try {
            if (!Files.exists(f)) {
                return found;
            }
            for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("---- ")) {
                    current = new LinkedHashMap<>();
                    continue;
                }
                int eq = line.indexOf('=');
                if (current == null || eq <= 0) {
                    continue;
                }
                current.put(line.substring(0, eq), line.substring(eq + 1));
                if (line.equals("hook_event=" + event)) {
                    found = current;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    /** Stops every process started here (SIGTERM, then SIGKILL), and deletes the namespaces. */
    @Override
    public void close() {
        for (int i = procs.size() - 1; i >= 0; i--) {
            procs.get(i).stop(5);
        }
        for (String ns : namespaces) {
            try {
                // Any process a client left behind in the namespace (a daemonised dhclient) by PID.
                for (String pid : run("ip", "netns", "pids", ns).split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (RuntimeException e) {
                // best effort
            }
            try {
                run("ip", "netns", "del", ns);
            } catch (RuntimeException e) {
                // best effort: reported by the next run if it matters
            }
            try {
                Path etc = Path.of("/etc/netns", ns);
                Files.deleteIfExists(etc.resolve("resolv.conf"));
                Files.deleteIfExists(etc);
            } catch (IOException e) {
                // best effort
            }
        }
    }

    /** A started process: output collected by a reader thread; waits are bounded. */
    static final class Proc {
        private final Process process;
        private final StringBuffer output = new StringBuffer();
        private final List<Object[]> waiters = new ArrayList<>();

        private Proc(Process process) {
            this.process = process;
            Thread reader = new Thread(this::pump, "proc-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        static Proc start(List<String> command, Map<String, String> env) {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().putAll(env);
            try {
                return new Proc(pb.start());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void pump() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.ISO_8859_1))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    output.append(line).append('\n');
                    synchronized (waiters) {
                        for (Object[] w : waiters) {
                            Matcher m = ((Pattern) w[0]).matcher(line);
                            if (m.find()) {
                                @SuppressWarnings("unchecked")
                                CompletableFuture<Matcher> f = (CompletableFuture<Matcher>) w[1];
                                f.complete(m);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // process gone
            } finally {
                synchronized (waiters) {
                    for (Object[] w : waiters) {
                        ((CompletableFuture<?>) w[1]).completeExceptionally(new IllegalStateException("process ended"));
                    }
                }
            }
        }

        long pid() {
            return process.pid();
        }

        /** Writes one line to the process's standard input. */
        void writeLine(String line) {
            try {
                var in = process.getOutputStream();
                in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
                in.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to process " + process.pid() + ": " + output, e);
            }
        }

        /** Closes the process's standard input. */
        void closeInput() {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                // gone already
            }
        }

        String output() {
            return output.toString();
        }

        /**
         * Waits (at most {@code seconds}) for an output line matching {@code pattern}, including
         * lines already printed; returns the match.
         */
        Matcher await(Pattern pattern, int seconds) {
            CompletableFuture<Matcher> f = new CompletableFuture<>();
            synchronized (waiters) {
                for (String line : output.toString().split("\n")) {
                    Matcher m = pattern.matcher(line);
                    if (m.find()) {
                        return m;
                    }
                }
                if (!process.isAlive() && output.length() > 0) {
                    // the pump may still be draining; register anyway
                }
                waiters.add(new Object[] {pattern, f});
            }
            try {
                return f.get(seconds, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw new IllegalStateException("no line matching /" + pattern + "/ within " + seconds + " s; output:\n"
                        + output, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Waits (bounded) for the exit code; -1 if still running after the bound. */
        int waitForExit(int seconds) {
            try {
                return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        /** SIGTERM, wait up to {@code seconds}, then SIGKILL. */
        void stop(int seconds) {
            if (process.isAlive()) {
                process.destroy();
                if (waitForExit(seconds) == -1 && process.isAlive()) {
                    kill();
                }
            }
        }

        /** SIGKILL, and wait (bounded) until it is gone. */
        void kill() {
            if (process.isAlive()) {
                process.destroyForcibly();
                waitForExit(10);
            }
        }
    }
}
