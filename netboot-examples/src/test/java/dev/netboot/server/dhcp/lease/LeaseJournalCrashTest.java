package dev.netboot.server.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a process that commits leases at random moments (some of them during compaction),
 * then reloads its journal: every lease the process acknowledged must be there, at its address,
 * at least as new as acknowledged, and no address may be bound to two clients.
 */
class LeaseJournalCrashTest {
    private static final int ITERATIONS = 12;

    @TempDir
    Path dir;

    record Acked(int address, long end, boolean released) {}

    @Test
    void everyAcknowledgedLeaseSurvivesSigkill() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path file = dir.resolve("leases.journal");
        Map<ClientKey, Acked> acked = new HashMap<>();
        int killedInCompaction = 0;
        long totalAcks = 0;
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            boolean aimAtCompaction = iteration % 3 == 2;
            String where = "iteration " + iteration + " (seed " + seed + ")";
            try (ChildJvm child = ChildJvm.start(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), CrashChild.class,
                    dir.resolve("child-" + iteration + ".err"), file.toString(), Integer.toString(iteration))) {
                assertNotNull(child.awaitLine("READY", 30_000), () -> "child did not start: " + where + "\n"
                        + child.stderrText());
                if (aimAtCompaction) {
                    assertNotNull(child.awaitLine("EVENT compaction-start", 60_000),
                            () -> "no compaction within 60 s: " + where + "\n" + child.stderrText());
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextInt(3_000)));
                } else {
                    assertNotNull(child.awaitLine("ACK", 30_000), () -> "no ACK: " + where + "\n" + child.stderrText());
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50 + random.nextInt(1000)));
                }
                child.kill();
                List<String> lines = child.lines();
                String lastEvent = null;
                for (String line : lines) {
                    assertTrue(!line.startsWith("ERR"), () -> line + ": " + where + "\n" + child.stderrText());
                    if (line.startsWith("EVENT ")) {
                        lastEvent = line;
                    } else if (line.startsWith("ACK ")) {
                        String[] f = line.split(" ");
                        acked.put(ClientKey.parse(f[2]),
                                new Acked(Ipv4.parse(f[1]), Long.parseLong(f[3]), f[4].equals("released")));
                        totalAcks++;
                    }
                }
                if (lastEvent != null && !lastEvent.equals("EVENT compaction-end")) {
                    killedInCompaction++;
                }
            }
            verify(file, acked, where);
        }
        assertTrue(killedInCompaction >= 1, "no kill landed inside a compaction (seed " + seed + ")");
        assertTrue(totalAcks > 1000, "only " + totalAcks + " acknowledged changes");
        System.out.printf("crash test: %d kills (%d during compaction), %d acknowledged changes, %d clients%n",
                ITERATIONS, killedInCompaction, totalAcks, acked.size());
    }

    private static void verify(Path file, Map<ClientKey, Acked> acked, String where) {
        try (LeaseJournal journal = LeaseJournal.open(file, new ManualClock())) {
            for (LeaseJournal.Problem problem : journal.loadReport().problems()) {
                assertEquals(LeaseJournal.Problem.Kind.TORN, problem.kind(), problem + ": " + where);
            }
            for (Map.Entry<ClientKey, Acked> e : acked.entrySet()) {
                Acked expected = e.getValue();
                Lease lease = journal.findByClient(e.getKey()).orElse(null);
                assertNotNull(lease, () -> "acknowledged lease of " + e.getKey() + " lost: " + where);
                assertEquals(expected.address(), lease.address(), () -> lease + ": " + where);
                if (expected.released()) {
                    assertEquals(Lease.State.RELEASED, lease.state(), () -> lease + ": " + where);
                } else if (lease.state() == Lease.State.ACTIVE) {
                    assertTrue(lease.end() >= expected.end(), () -> lease + " older than acknowledged: " + where);
                } else {
                    assertEquals(Lease.State.RELEASED, lease.state(), () -> lease + ": " + where);
                }
            }
            Set<Integer> addresses = new HashSet<>();
            Set<ClientKey> clients = new HashSet<>();
            for (Lease lease : journal.leases()) {
                assertTrue(addresses.add(lease.address()), () -> "address twice: " + lease + ": " + where);
                assertTrue(clients.add(lease.client()), () -> "client twice: " + lease + ": " + where);
            }
        }
    }
}
