package dev.netboot.server.dhcp.lease;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.InstantSource;

/**
 * Child process of {@link LeaseJournalFootprintTest} (also runnable by hand): opens a journal,
 * and prints how long loading took and how much heap the loaded store retains.
 *
 * <p>Argument: journal path. Output: {@code LOADED leases=.. records=.. loadMillis=..
 * cpuMillis=.. retainedBytes=.. heapUsedAfterGc=.. maxHeap=..}, where {@code cpuMillis} is the
 * loading thread's CPU time (wall time depends on what else the machine runs).
 */
final class FootprintChild {
    private FootprintChild() {}

    public static void main(String[] args) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        LeaseJournal journal = LeaseJournal.open(Path.of(args[0]), InstantSource.system());
        long loadMillis = (System.nanoTime() - start) / 1_000_000;
        long cpuMillis = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
        long after = usedAfterGc(memory);
        int leases = journal.leases().size();
        System.out.printf("LOADED leases=%d records=%d loadMillis=%d cpuMillis=%d retainedBytes=%d heapUsedAfterGc=%d"
                + " maxHeap=%d%n", leases, journal.loadReport().records(), loadMillis, cpuMillis, after - before, after,
                Runtime.getRuntime().maxMemory());
        journal.close();
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
