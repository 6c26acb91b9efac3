package dev.netboot.server.dhcp.lease;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures group commit on a real disk (run by hand, not a test): commits per second and
 * commits per fsync with N threads that each wait for their commit, then with one thread that
 * keeps up to 1,024 commits in flight (the event-loop path), then the time to compact 100,000
 * leases.
 *
 * <p>Usage: {@code java -cp <test classpath> dev.netboot.server.dhcp.lease.GroupCommitBenchmark <dir> [seconds]}.
 */
final class GroupCommitBenchmark {
    private GroupCommitBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args[0]));
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        System.out.println("threads  commits/s  fsyncs/s  commits/fsync  (blocking: each thread waits for its commit)");
        for (int threads : new int[] {1, 2, 4, 8, 16, 32, 64, 128}) {
            blocking(dir.resolve("bench-" + threads + ".journal"), threads, seconds);
        }
        async(dir.resolve("bench-async.journal"), 1024, seconds);
        compaction(dir.resolve("bench-compact.journal"), 100_000);
    }

    private static Lease lease(int n, long end) {
        ClientKey key = ClientKey.hardware(1,
                new byte[] {0x52, 0x54, 0, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        return new Lease(Ipv4.parse("10.8.0.0") + n, key, Optional.empty(), end - 86_400_000L, end, Lease.State.ACTIVE);
    }

    private static void blocking(Path file, int threads, int seconds) throws Exception {
        Files.deleteIfExists(file);
        try (LeaseJournal journal = LeaseJournal.open(file, InstantSource.system())) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong commits = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                Thread worker = new Thread(() -> {
                    long end = System.currentTimeMillis() + 86_400_000L;
                    while (!stop.get()) {
                        journal.commit(lease(n, end++)).join();
                        commits.incrementAndGet();
                    }
                });
                workers.add(worker);
                worker.start();
            }
            Thread.sleep(500);
            long c0 = commits.get();
            long s0 = journal.syncCount();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long c1 = commits.get();
            long s1 = journal.syncCount();
            double elapsed = (System.nanoTime() - t0) / 1e9;
            stop.set(true);
            for (Thread worker : workers) {
                worker.join(10_000);
            }
            System.out.printf("%7d  %9.0f  %8.0f  %13.1f%n", threads, (c1 - c0) / elapsed, (s1 - s0) / elapsed,
                    (double) (c1 - c0) / Math.max(1, s1 - s0));
        }
    }

    private static void async(Path file, int window, int seconds) throws Exception {
        Files.deleteIfExists(file);
        try (LeaseJournal journal = LeaseJournal.open(file, InstantSource.system())) {
            Semaphore inFlight = new Semaphore(window);
            AtomicLong commits = new AtomicLong();
            long end = System.currentTimeMillis() + 86_400_000L;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long s0 = journal.syncCount();
            long t0 = System.nanoTime();
            int n = 0;
            while (System.nanoTime() < deadline) {
                inFlight.acquire();
                journal.commit(lease(n++ % 4096, end++)).whenComplete((l, e) -> {
                    commits.incrementAndGet();
                    inFlight.release();
                });
            }
            if (!inFlight.tryAcquire(window, 30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("commits did not finish");
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long syncs = journal.syncCount() - s0;
            System.out.printf("async, 1 thread, %d in flight: %.0f commits/s, %.0f fsyncs/s, %.1f commits/fsync%n",
                    window, commits.get() / elapsed, syncs / elapsed, (double) commits.get() / Math.max(1, syncs));
        }
    }

    private static void compaction(Path file, int leases) throws Exception {
        Files.deleteIfExists(file);
        LeaseJournalFootprintTest.writeJournal(file, leases);
        try (LeaseJournal journal = LeaseJournal.open(file, InstantSource.system())) {
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                journal.compact().get(60, TimeUnit.SECONDS);
                System.out.printf("compaction of %d leases (%.1f MiB): %d ms%n", leases, Files.size(file) / 1048576.0,
                        Duration.ofNanos(System.nanoTime() - t0).toMillis());
            }
        }
    }
}
