package dev.netboot.server.dhcp;

import dev.netboot.testlab.Host;
import dev.netboot.testlab.Netns;
import dev.netboot.testlab.Proc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Two network namespaces made for one test class ({@code nbs-<id>} with the server side of a
 * veth pair at 10.213.0.1/24, {@code nbc-<id>} with the unconfigured client side), processes
 * started in them (tracked and stopped by PID), and a hook script for DHCP clients. The veth
 * pair is created inside the server namespace, so the default namespace never sees it. The
 * plumbing is {@link Netns}'s. Requires root; not thread-safe.
 */
final class NetnsLab implements AutoCloseable {
    static final String SERVER_IP = "10.213.0.1";

    final String id;
    final String serverNs;
    final String clientNs;
    final String serverIf;
    final String clientIf;
    final Path dir;
    private final Netns netns = new Netns();

    private final boolean bridged;
    private int peers;

    private NetnsLab(Path dir, boolean bridged) {
        this.bridged = bridged;
        this.id = netns.id();
        this.serverNs = "nbs-" + id;
        this.clientNs = "nbc-" + id;
        this.serverIf = "nbs" + id;
        this.clientIf = "nbc" + id;
        this.dir = dir;
    }

    /** Whether this JVM runs as root (namespaces need it). */
    static boolean isRoot() {
        return Host.isRoot();
    }

    /** Whether {@code command} is on the PATH, in /usr/sbin or /sbin (or an absolute path to an executable). */
    static boolean hasCommand(String command) {
        return Host.hasCommand(command);
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
        netns.add(serverNs);
        netns.add(clientNs);
        if (bridged) {
            netns.bridge(serverNs, serverIf);
            netns.ip(serverNs, "addr", "add", SERVER_IP + "/24", "dev", serverIf);
            netns.ip(serverNs, "link", "set", serverIf, "up");
            attach(clientNs, clientIf, "02:13:00:00:00:c1", null);
            return;
        }
        netns.veth(serverNs, serverIf, clientNs, clientIf);
        netns.ip(clientNs, "link", "set", clientIf, "address", "02:13:00:00:00:c1");
        netns.ip(serverNs, "addr", "add", SERVER_IP + "/24", "dev", serverIf);
        netns.ip(serverNs, "link", "set", serverIf, "up");
        netns.ip(clientNs, "link", "set", clientIf, "up");
    }

    /** Connects {@code ns} to the bridge through a new veth pair whose end in {@code ns} is {@code ifName}. */
    private void attach(String ns, String ifName, String mac, String addressCidr) {
        String port = "nbp" + (peers++) + id;
        netns.veth(serverNs, port, ns, ifName);
        netns.ip(serverNs, "link", "set", port, "master", serverIf);
        netns.ip(serverNs, "link", "set", port, "up");
        netns.ip(ns, "link", "set", ifName, "address", mac);
        if (addressCidr != null) {
            netns.ip(ns, "addr", "add", addressCidr, "dev", ifName);
        }
        netns.ip(ns, "link", "set", ifName, "up");
    }

    /**
     * Adds another host to the LAN of {@link #createLan}: a namespace {@code nb<role>-<id>} whose
     * interface {@code nb<role><id>} has {@code addressCidr}. Returns the namespace name.
     */
    String addHost(char role, String mac, String addressCidr) {
        if (!bridged) {
            throw new IllegalStateException("addHost needs a lab made with createLan");
        }
        String ns = netns.add("nb" + role + "-" + id);
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
        return Host.run(command);
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
        return Host.javaCommand();
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
        return netns.start(ns, env, command);
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
        netns.close();
    }
}
