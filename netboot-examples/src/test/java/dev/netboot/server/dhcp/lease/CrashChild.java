package dev.netboot.server.dhcp.lease;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Child process of {@link LeaseJournalCrashTest}: commits, renews and releases leases in a loop
 * until it is killed, printing each change only after its future completed (that is, after the
 * journal made it durable), exactly as a server sends DHCPACK. Four threads wait for each
 * change; two use the non-blocking path with up to 64 changes in flight.
 *
 * <p>Each thread owns a fixed set of client slots and mostly renews them, so that the journal
 * accumulates superseded lines and compacts often. Arguments: journal path, iteration number.
 * Output lines: {@code READY n}, {@code EVENT compaction-...},
 * {@code ACK <address> <client> <end> <state>}, {@code ERR ...}.
 */
final class CrashChild {
    private static final long DAY = 86_400_000L;

    private final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
            StandardCharsets.US_ASCII);
    private final AtomicInteger next = new AtomicInteger();
    private final int iteration;
    private final LeaseJournal journal;
    private final InstantSource clock = InstantSource.system();

    private CrashChild(Path file, int iteration) {
        this.iteration = iteration;
        this.journal = LeaseJournal.builder(file, clock).minCompactionGarbage(3000).events(this::event).open();
    }

    public static void main(String[] args) {
        CrashChild child = new CrashChild(Path.of(args[0]), Integer.parseInt(args[1]));
        child.print("READY " + child.journal.leases().size());
        for (int t = 0; t < 6; t++) {
            int thread = t;
            new Thread(() -> child.loop(thread, thread >= 4), "committer-" + t).start();
        }
    }

    private void event(String name) {
        print("EVENT " + name);
    }

    private synchronized void print(String line) {
        out.println(line);
    }

    private void acked(Lease lease) {
        print("ACK " + Ipv4.format(lease.address()) + " " + lease.client() + " " + lease.end() + " "
                + lease.state().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** One client slot's latest lease as issued by its thread (journal order per client is program order). */
    private Lease fresh(int thread) {
        int n = next.getAndIncrement();
        ClientKey key = ClientKey.hardware(1, new byte[] {(byte) iteration, (byte) thread, (byte) (n >>> 24),
                (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        long now = clock.millis();
        // 10.0.0.0/8, 2^18 addresses per iteration.
        return new Lease((10 << 24) | (iteration << 18) | n, key, Optional.of("host-" + n), now, now + DAY,
                Lease.State.ACTIVE);
    }

    private void loop(int thread, boolean async) {
        Random random = new Random(thread);
        Lease[] slots = new Lease[async ? 2048 : 512];
        Semaphore window = new Semaphore(64);
        try {
            while (true) {
                int slot = random.nextInt(slots.length);
                Lease previous = slots[slot];
                if (previous != null && !async && random.nextInt(10) == 0) {
                    slots[slot] = null;
                    acked(journal.release(previous.client(), previous.address()).join().orElseThrow());
                    continue;
                }
                Lease lease = previous == null ? fresh(thread) : new Lease(previous.address(), previous.client(),
                        previous.hostname(), clock.millis(), previous.end() + 1, Lease.State.ACTIVE);
                slots[slot] = lease;
                if (async) {
                    window.acquire();
                    journal.commit(lease).whenComplete((done, error) -> {
                        if (error != null) {
                            print("ERR " + error);
                        } else {
                            acked(done);
                        }
                        window.release();
                    });
                } else {
                    acked(journal.commit(lease).join());
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            print("ERR " + e);
        }
    }
}
