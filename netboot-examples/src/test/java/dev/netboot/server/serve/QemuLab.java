package dev.netboot.server.serve;

import dev.netboot.testlab.Host;
import dev.netboot.testlab.Netns;
import dev.netboot.testlab.Proc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A network segment for booting a QEMU guest, made for one test: a server namespace
 * ({@code nbqs-<id>}, its veth end {@code nbqs<id>} carrying {@code serverCidr}) and a client
 * namespace ({@code nbqc-<id>}) holding the segment's switch, a bridge {@code nbqb<id>} joining
 * the server's veth peer {@code nbqc<id>} and the guest's tap {@code nbqt<id>}. {@link #addRouter}
 * puts a third host on the switch. Everything is created inside the namespaces, so the default
 * namespace never sees an interface of ours; {@link #close()} stops every process started here by
 * PID, deletes tap, bridge and namespaces. Names carry a per-run id (PID and random); the
 * plumbing is {@link Netns}'s. Requires root; not thread-safe.
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
    private final Netns netns = new Netns();

    private QemuLab() {
        this.id = netns.id();
        this.serverNs = "nbqs-" + id;
        this.clientNs = "nbqc-" + id;
        this.serverIf = "nbqs" + id;
        this.clientIf = "nbqc" + id;
        this.bridge = "nbqb" + id;
        this.tap = "nbqt" + id;
    }

    /** Whether this JVM runs as root. */
    static boolean isRoot() {
        return Host.isRoot();
    }

    /** Whether {@code command} is an executable on the PATH or in /usr/sbin, /sbin. */
    static boolean hasCommand(String command) {
        return Host.hasCommand(command);
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
        netns.add(serverNs);
        netns.add(clientNs);
        netns.veth(serverNs, serverIf, clientNs, clientIf);
        netns.ip(serverNs, "addr", "add", serverCidr, "dev", serverIf);
        netns.ip(serverNs, "link", "set", serverIf, "up");
        netns.bridge(clientNs, bridge);
        netns.tap(clientNs, tap);
        netns.ip(clientNs, "link", "set", clientIf, "master", bridge);
        netns.ip(clientNs, "link", "set", tap, "master", bridge);
        for (String dev : List.of(clientIf, tap, bridge)) {
            netns.ip(clientNs, "link", "set", dev, "up");
        }
    }

    /** Adds a third host ({@code nbqr-<id>}, interface {@code nbqr<id>} with {@code cidr}) to the switch. */
    String addRouter(String cidr) {
        routerNs = "nbqr-" + id;
        routerIf = "nbqr" + id;
        String port = "nbqp" + id;
        netns.add(routerNs);
        netns.veth(routerNs, routerIf, clientNs, port);
        netns.ip(clientNs, "link", "set", port, "master", bridge);
        netns.ip(clientNs, "link", "set", port, "up");
        netns.ip(routerNs, "addr", "add", cidr, "dev", routerIf);
        netns.ip(routerNs, "link", "set", routerIf, "up");
        return routerNs;
    }

    String routerIf() {
        return routerIf;
    }

    /**
     * Starts {@code command} in namespace {@code ns} under {@code timeout} (a guard that ends it
     * even if this JVM dies before {@link #close}); standard input /dev/null, output to
     * {@code outputFile}, or collected when that is null. Tracked and stopped by {@link #close}.
     */
    Proc start(String ns, int guardSeconds, Path outputFile, String... command) {
        List<String> cmd = new ArrayList<>(List.of("timeout", "--kill-after=5", Integer.toString(guardSeconds)));
        cmd.addAll(List.of(command));
        return netns.startWithoutInput(ns, outputFile, cmd.toArray(String[]::new));
    }

    /** {@code java} with the test class path and small-heap, quick-start options. */
    static List<String> javaCommand() {
        return Host.javaCommand();
    }

    /** Stops every process started here, then deletes tap, bridge and namespaces. */
    @Override
    public void close() {
        netns.close();
    }
}
