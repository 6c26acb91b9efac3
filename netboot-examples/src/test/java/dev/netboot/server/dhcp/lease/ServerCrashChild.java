package dev.netboot.server.dhcp.lease;

import dev.netboot.server.dhcp.BootPolicy;
import dev.netboot.server.dhcp.DhcpServer;
import dev.netboot.server.dhcp.SimplePolicy;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;

/**
 * Child process of {@code DhcpServerCrashTest}: the real {@link DhcpServer} on 127.0.0.1 (port
 * chosen by the kernel), replying to a simulated relay agent, with its leases in a
 * {@link LeaseJournal} that compacts often and reports compaction steps on standard output.
 * Runs until it is killed.
 *
 * <p>Arguments: journal path, relay port, minimum compaction garbage. Output lines:
 * {@code LOADED <leases>}, {@code READY <port>}, {@code EVENT compaction-start|-written|-end}.
 * Lives in the lease package for the journal's event hook.
 */
final class ServerCrashChild {
    private ServerCrashChild() {}

    public static void main(String[] args) throws InterruptedException {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.US_ASCII);
        Path file = Path.of(args[0]);
        int relayPort = Integer.parseInt(args[1]);
        int garbage = Integer.parseInt(args[2]);
        LeaseJournal journal = LeaseJournal.builder(file, InstantSource.system()).minCompactionGarbage(garbage)
                .events(e -> {
                    synchronized (out) {
                        out.println("EVENT " + e);
                    }
                }).open();
        synchronized (out) {
            out.println("LOADED " + journal.leases().size() + " " + journal.loadReport().problems());
        }
        BootPolicy policy = SimplePolicy.builder()
                .subnet("127.0.0.0/8", s -> s.range("127.1.0.1", "127.1.127.254").routers("127.0.0.1"))
                .filename("undionly.kpxe").leaseTimes(3600, 7200).build();
        DhcpServer server = DhcpServer.builder(policy).bindAddress("127.0.0.1").port(0).relayPort(relayPort)
                .leaseStore(journal).start();
        synchronized (out) {
            out.println("READY " + server.localAddresses().get(0).getPort());
        }
        new CountDownLatch(1).await(); // until SIGKILL
    }
}
