package dev.netboot.server.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 active leases (with host names) load in a JVM limited to 64 MiB of heap in under
 * 2 s of CPU; the child reports load time (wall and CPU) and retained heap, printed here.
 */
class LeaseJournalFootprintTest {
    static final int LEASES = 100_000;

    @TempDir
    Path dir;

    /** Writes {@code count} active leases through the store, using the non-blocking path. */
    static void writeJournal(Path file, int count) {
        ManualClock clock = new ManualClock();
        try (LeaseJournal journal = LeaseJournal.builder(file, clock).maxPendingRecords(count + 1).open()) {
            List<CompletableFuture<Lease>> futures = new ArrayList<>(count);
            int base = Ipv4.parse("10.1.0.0");
            for (int i = 0; i < count; i++) {
                ClientKey key = ClientKey.hardware(1, new byte[] {0x52, 0x54, 0, (byte) (i >>> 16), (byte) (i >>> 8),
                        (byte) i});
                futures.add(journal.commit(new Lease(base + i, key, Optional.of("host-" + i), clock.millis(),
                        clock.millis() + Duration.ofDays(1).toMillis(), Lease.State.ACTIVE)));
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void hundredThousandLeasesLoadUnder2sIn64MiB() throws Exception {
        Path file = dir.resolve("leases.journal");
        writeJournal(file, LEASES);
        long started = System.nanoTime();
        try (ChildJvm child = ChildJvm.start(List.of("-Xmx64m"), FootprintChild.class, dir.resolve("child.err"),
                file.toString())) {
            String line = child.awaitLine("LOADED", 60_000);
            long processMillis = (System.nanoTime() - started) / 1_000_000;
            assertNotNull(line,
                    () -> "child did not load the journal within 60 s with -Xmx64m:\n" + child.stderrText());
            child.awaitEnd();
            assertEquals(0, child.process.exitValue(), child::stderrText);
            Matcher m = Pattern.compile("LOADED leases=(\\d+) records=(\\d+) loadMillis=(\\d+) cpuMillis=(\\d+)"
                    + " retainedBytes=(-?\\d+)"
                    + " heapUsedAfterGc=(\\d+) maxHeap=(\\d+)").matcher(line);
            assertTrue(m.matches(), line);
            assertEquals(LEASES, Integer.parseInt(m.group(1)));
            long loadMillis = Long.parseLong(m.group(3));
            long cpuMillis = Long.parseLong(m.group(4));
            long used = Long.parseLong(m.group(6));
            System.out.printf("footprint: %d leases, journal %.1f MiB, load %d ms wall / %d ms CPU (child start to"
                    + " loaded: %d ms), retained %.1f MiB, heap used after GC %.1f MiB of max %.1f MiB%n", LEASES,
                    Files.size(file) / 1048576.0, loadMillis, cpuMillis, processMillis,
                    Long.parseLong(m.group(5)) / 1048576.0, used / 1048576.0, Long.parseLong(m.group(7)) / 1048576.0);
            assertTrue(used < 64L << 20, line);
            // CPU time, not wall time: the build machine may be shared; wall time is reported above.
            assertTrue(cpuMillis < 2000, "load took " + cpuMillis + " ms of CPU: " + line);
        }
    }
}
