package dev.netboot.testlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The network namespaces one test run makes, the links it makes in them and the processes it
 * starts in them, all undone by {@link #close()}: processes stopped by PID (newest first), then
 * whatever else runs in the namespaces killed by PID, then the namespaces deleted, even when an
 * earlier step failed. Only what was created here is deleted, so names of someone else's
 * namespaces are never touched; {@link #id()} keeps the names of parallel runs apart. Requires
 * root. Not thread-safe: one test thread owns it.
 */
public final class Netns implements AutoCloseable {
    private static final int STOP_SECONDS = 5;

    private final String id;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Path> etcFiles = new ArrayList<>();
    private final List<String[]> links = new ArrayList<>();
    private final List<Proc> procs = new ArrayList<>();

    /** Creates nothing yet; draws the run id. */
    public Netns() {
        // PID (this JVM) and three random base-36 digits (this run in it); short, because
        // interface names built from it have at most 15 characters.
        int random = ThreadLocalRandom.current().nextInt(36 * 36 * 36);
        this.id = Long.toString(ProcessHandle.current().pid() % 100_000, 36)
                + Integer.toString(36 * 36 * 36 + random, 36).substring(1);
    }

    /** The per-run id (at most 7 characters) to put in every name. */
    public String id() {
        return id;
    }

    /**
     * Adds namespace {@code name} with loopback up, IPv6 off (no router solicitations or DAD in
     * the captures) and a private empty {@code resolv.conf} (what a DHCP client's hook writes
     * lands there, and name lookups do not reach the host's resolvers). Returns {@code name}.
     */
    public String add(String name) {
        Host.run("ip", "netns", "add", name);
        namespaces.add(name);
        Host.run("ip", "netns", "exec", name, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
                "net.ipv6.conf.default.disable_ipv6=1");
        ip(name, "link", "set", "lo", "up");
        writeEtc(name, "resolv.conf", "");
        return name;
    }

    /** Writes {@code /etc/netns/NS/FILE}, which {@code ip netns exec NS} bind-mounts over {@code /etc/FILE}. */
    public void writeEtc(String ns, String file, String content) {
        if (!namespaces.contains(ns)) {
            throw new IllegalArgumentException("not a namespace of this run: " + ns);
        }
        Path etc = Path.of("/etc/netns", ns);
        Path f = etc.resolve(file);
        try {
            Files.createDirectories(etc);
            Files.writeString(f, content, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        etcFiles.add(f);
    }

    /** Runs {@code ip -n NS ARGS} (bounded, see {@link Host#run}); returns its output. */
    public String ip(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
        cmd.addAll(List.of(args));
        return Host.run(cmd.toArray(String[]::new));
    }

    /** Creates a veth pair in {@code ns}, {@code name} staying there and {@code peerName} moved to {@code peerNs}. */
    public void veth(String ns, String name, String peerNs, String peerName) {
        ip(ns, "link", "add", name, "type", "veth", "peer", "name", peerName);
        ip(ns, "link", "set", peerName, "netns", peerNs);
    }

    /**
     * Creates bridge {@code name} in {@code ns} (down), with STP off and no forwarding delay, or
     * a client's first DISCOVERs are lost while its port learns.
     */
    public void bridge(String ns, String name) {
        ip(ns, "link", "add", name, "type", "bridge", "forward_delay", "0", "stp_state", "0");
        links.add(new String[] {ns, name});
    }

    /** Creates tap {@code name} in {@code ns} (down). */
    public void tap(String ns, String name) {
        Host.run("ip", "netns", "exec", ns, "ip", "tuntap", "add", "dev", name, "mode", "tap");
        links.add(new String[] {ns, name});
    }

    /**
     * Starts {@code command} in {@code ns} with {@code env} added; standard input is a pipe,
     * output is collected. Stopped by {@link #close} unless stopped before.
     */
    public Proc start(String ns, Map<String, String> env, String... command) {
        return track(Proc.start(inNs(ns, command), env, true, null));
    }

    /**
     * Starts {@code command} in {@code ns}; standard input is /dev/null, output goes to
     * {@code outputFile}, or is collected when that is null. Stopped by {@link #close} unless
     * stopped before.
     */
    public Proc startWithoutInput(String ns, Path outputFile, String... command) {
        return track(Proc.start(inNs(ns, command), Map.of(), false, outputFile));
    }

    private static List<String> inNs(String ns, String... command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(List.of(command));
        return cmd;
    }

    private Proc track(Proc p) {
        procs.add(p);
        return p;
    }

    /**
     * Stops every process started here (SIGTERM, then SIGKILL), deletes the bridges and taps made
     * here (deleting the namespace would take them along; explicit is clearer in a failure), kills
     * any other process left in the namespaces (a daemonised client) by PID, and deletes the
     * namespaces and their {@code /etc/netns} files. Best effort past each failure; idempotent.
     */
    @Override
    public void close() {
        for (int i = procs.size() - 1; i >= 0; i--) {
            try {
                procs.get(i).stop(STOP_SECONDS);
            } catch (RuntimeException e) {
                // keep going: the namespaces must go
            }
        }
        procs.clear();
        for (int i = links.size() - 1; i >= 0; i--) {
            String[] link = links.get(i);
            try {
                ip(link[0], "link", "del", link[1]);
            } catch (RuntimeException e) {
                // deleting the namespace removes it
            }
        }
        links.clear();
        for (String ns : namespaces) {
            try {
                for (String pid : Host.run("ip", "netns", "pids", ns).split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (RuntimeException e) {
                // best effort
            }
            try {
                Host.run("ip", "netns", "del", ns);
            } catch (RuntimeException e) {
                // keep removing the rest; a leftover namespace shows in `ip netns list`
            }
        }
        for (Path f : etcFiles) {
            try {
                Files.deleteIfExists(f);
                Files.deleteIfExists(f.getParent());
            } catch (IOException e) {
                // the directory still holds another file of ours: deleted with that one
            }
        }
        etcFiles.clear();
        namespaces.clear();
    }
}
