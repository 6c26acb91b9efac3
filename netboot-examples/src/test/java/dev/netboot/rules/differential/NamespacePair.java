package dev.netboot.rules.differential;

import dev.netboot.testlab.Netns;
import dev.netboot.testlab.Proc;
import java.util.Map;

/**
 * A server and a client network namespace joined by a veth pair, made for one test run
 * ({@code ndS<id>}/{@code ndC<id>}, id from the PID and a random suffix). The server side has
 * {@code serverAddress/24}; the client side has no address, only a default route through its
 * link, so that a socket bound to 0.0.0.0 can broadcast from it (source 0.0.0.0, as a DHCP client
 * in INIT). The server namespace gets a private {@code /etc/hosts} ({@code ip netns exec}
 * bind-mounts {@code /etc/netns/NS/hosts}). Processes started here are stopped by PID on
 * {@link #close()}; the plumbing is {@link Netns}'s. Needs root. Not thread-safe.
 */
final class NamespacePair implements AutoCloseable {
    final String serverNs;
    final String clientNs;
    final String serverIf;
    final String clientIf;
    private final Netns netns = new Netns();

    private NamespacePair() {
        String id = netns.id();
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
        netns.add(serverNs);
        netns.add(clientNs);
        netns.writeEtc(serverNs, "hosts", hostsFile);
        netns.veth(serverNs, serverIf, clientNs, clientIf);
        netns.ip(serverNs, "addr", "add", serverAddress + "/24", "dev", serverIf);
        netns.ip(serverNs, "link", "set", serverIf, "up");
        netns.ip(clientNs, "link", "set", clientIf, "up");
        netns.ip(clientNs, "route", "add", "default", "dev", clientIf);
    }

    /** Starts {@code command} in the server namespace; its output (stdout and stderr) is collected. */
    Proc startInServer(String... command) {
        return netns.start(serverNs, Map.of(), command);
    }

    /** Starts {@code command} in the client namespace; its output (stdout and stderr) is collected. */
    Proc startInClient(String... command) {
        return netns.start(clientNs, Map.of(), command);
    }

    /** Stops every process started here (by PID, newest first), then removes the namespaces. */
    @Override
    public void close() {
        netns.close();
    }
}
