package dev.netboot.server.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaseJournalTest {
    static final Duration DAY = Duration.ofDays(1);
    static final int BASE = Ipv4.parse("10.213.0.100");

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock();

    static ClientKey client(int n) {
        return ClientKey.hardware(1, new byte[] {0x52, 0x54, 0, 0, (byte) (n >>> 8), (byte) n});
    }

    Lease active(int address, ClientKey client) {
        return new Lease(address, client, Optional.empty(), clock.millis(), clock.millis() + DAY.toMillis(),
                Lease.State.ACTIVE);
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    static Throwable failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    LeaseJournal open() {
        return LeaseJournal.open(dir.resolve("leases.journal"), clock);
    }

    List<String> lines() throws IOException {
        return Files.readAllLines(dir.resolve("leases.journal"), StandardCharsets.US_ASCII);
    }

    @Test
    void committedLeasesSurviveReopen() {
        Lease a;
        Lease b;
        try (LeaseJournal journal = open()) {
            a = await(journal.commit(active(BASE, client(1))));
            b = await(journal.commit(new Lease(BASE + 1, client(2), Optional.of("pc-2"), clock.millis(),
                    Long.MAX_VALUE, Lease.State.ACTIVE)));
            assertEquals(Optional.of(a), journal.findByClient(client(1)));
            assertEquals(Optional.of(b), journal.findByAddress(BASE + 1));
        }
        try (LeaseJournal journal = open()) {
            assertEquals(List.of(a, b), journal.leases());
            assertEquals(Optional.of(b), journal.findByClient(client(2)));
            assertEquals(new LeaseJournal.LoadReport(dir.resolve("leases.journal").toAbsolutePath(), 2, 2, List.of(),
                    Optional.empty()), journal.loadReport());
        }
    }

    @Test
    void journalIsHumanReadable() throws IOException {
        try (LeaseJournal journal = open()) {
            await(journal.commit(active(BASE, client(1))));
        }
        List<String> lines = lines();
        assertEquals(JournalCodec.HEADER, lines.get(0));
        assertTrue(lines.get(lines.size() - 1).matches("lease 10\\.213\\.0\\.100 client hw:01:52:54:00:00:00:01"
                + " starts 2026-11-25T12:00:00Z ends 2026-11-26T12:00:00Z state active crc32=[0-9a-f]{8}"),
                lines.toString());
    }

    @Test
    void anAddressHeldByOneClientIsRefusedToAnother() {
        try (LeaseJournal journal = open()) {
            Lease a = await(journal.commit(active(BASE, client(1))));
            Throwable conflict = failure(journal.commit(active(BASE, client(2))));
            assertInstanceOf(LeaseConflictException.class, conflict);
            assertEquals(BASE, ((LeaseConflictException) conflict).address());
            assertTrue(conflict.getMessage().contains("bound to hw:01:52:54:00:00:00:01 until 2026-11-26T12:00:00Z"),
                    conflict.getMessage());
            assertEquals(List.of(a), journal.leases());

            clock.advance(DAY);
            Lease b = await(journal.commit(active(BASE, client(2))));
            assertEquals(List.of(b), journal.leases());
            assertEquals(Optional.empty(), journal.findByClient(client(1)));
        }
    }

    @Test
    void renewalAndMoveKeepOneRecordPerClient() {
        try (LeaseJournal journal = open()) {
            await(journal.commit(active(BASE, client(1))));
            clock.advance(Duration.ofHours(1));
            Lease renewed = await(journal.commit(active(BASE, client(1))));
            assertEquals(List.of(renewed), journal.leases());
            Lease moved = await(journal.commit(active(BASE + 5, client(1))));
            assertEquals(List.of(moved), journal.leases());
            assertEquals(Optional.empty(), journal.findByAddress(BASE));
        }
        try (LeaseJournal journal = open()) {
            assertEquals(1, journal.leases().size());
            assertEquals(BASE + 5, journal.findByClient(client(1)).orElseThrow().address());
        }
    }

    @Test
    void releaseFreesTheAddressButRemembersTheClient() {
        try (LeaseJournal journal = open()) {
            await(journal.commit(active(BASE, client(1))));
            assertEquals(Optional.empty(), await(journal.release(client(2), BASE)), "not client 2's lease");
            clock.advance(Duration.ofMinutes(1));
            Lease released = await(journal.release(client(1), BASE)).orElseThrow();
            assertEquals(Lease.State.RELEASED, released.state());
            assertEquals(clock.millis(), released.end());
            assertEquals(Optional.empty(), await(journal.release(client(1), BASE)), "already released");
            assertEquals(Optional.of(released), journal.findByClient(client(1)));
            await(journal.commit(active(BASE, client(2))));
        }
    }

    @Test
    void declinedAddressIsSetAsideForEveryoneForThePeriod() {
        try (LeaseJournal journal = open()) {
            await(journal.commit(active(BASE, client(1))));
            assertEquals(Optional.empty(), await(journal.decline(client(2), BASE, DAY)), "someone else's lease");
            Lease declined = await(journal.decline(client(1), BASE, Duration.ofHours(1))).orElseThrow();
            assertEquals(Lease.State.DECLINED, declined.state());
            assertEquals(Optional.empty(), journal.findByClient(client(1)));
            assertInstanceOf(LeaseConflictException.class, failure(journal.commit(active(BASE, client(1)))));
            assertInstanceOf(LeaseConflictException.class, failure(journal.commit(active(BASE, client(3)))));
        }
        try (LeaseJournal journal = open()) {
            assertInstanceOf(LeaseConflictException.class, failure(journal.commit(active(BASE, client(3)))));
            clock.advance(Duration.ofHours(1));
            await(journal.commit(active(BASE, client(3))));
        }
    }

    @Test
    void expireMarksEndedLeasesAndKeepsThemForTheirClients() {
        try (LeaseJournal journal = open()) {
            Lease a = await(journal.commit(active(BASE, client(1))));
            clock.advance(Duration.ofHours(12));
            Lease b = await(journal.commit(active(BASE + 1, client(2))));
            assertEquals(List.of(), await(journal.expire()));
            clock.advance(Duration.ofHours(12));
            List<Lease> expired = await(journal.expire());
            assertEquals(List.of(a.with(Lease.State.EXPIRED, a.end())), expired);
            assertEquals(Lease.State.EXPIRED, journal.findByClient(client(1)).orElseThrow().state());
            assertEquals(Optional.of(b), journal.findByClient(client(2)));
        }
        try (LeaseJournal journal = open()) {
            assertEquals(Lease.State.EXPIRED, journal.findByAddress(BASE).orElseThrow().state());
        }
    }

    @Test
    void tornLastRecordIsSkippedReportedAndCutOff() throws IOException {
        Path file = dir.resolve("leases.journal");
        Lease a;
        try (LeaseJournal journal = open()) {
            a = await(journal.commit(active(BASE, client(1))));
            await(journal.commit(active(BASE + 1, client(2))));
        }
        byte[] whole = Files.readAllBytes(file);
        int lastLine = lines().size();
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 20));
        long tornSize = Files.size(file);
        try (LeaseJournal journal = open()) {
            LeaseJournal.LoadReport report = journal.loadReport();
            assertEquals(List.of(a), journal.leases());
            assertEquals(1, report.problems().size(), report.toString());
            LeaseJournal.Problem problem = report.problems().get(0);
            assertEquals(LeaseJournal.Problem.Kind.TORN, problem.kind());
            assertEquals(lastLine, problem.line());
            assertTrue(problem.toString().startsWith(file.toAbsolutePath() + ":" + lastLine + ":"), problem.toString());
            assertEquals(Optional.empty(), report.damagedCopy(), "an unterminated tail is expected after a crash");
            assertTrue(Files.size(file) < tornSize);
            await(journal.commit(active(BASE + 2, client(3))));
        }
        try (LeaseJournal journal = open()) {
            assertEquals(List.of(), journal.loadReport().problems());
            assertEquals(2, journal.leases().size());
        }
    }

    @Test
    void corruptedMiddleRecordIsReportedWithItsLineAndTheFileKept() throws IOException {
        Path file = dir.resolve("leases.journal");
        try (LeaseJournal journal = open()) {
            for (int i = 0; i < 4; i++) {
                await(journal.commit(active(BASE + i, client(i))));
            }
        }
        List<String> lines = new ArrayList<>(lines());
        int index = lines.indexOf(lines.stream().filter(l -> l.startsWith("lease 10.213.0.101 ")).findFirst()
                .orElseThrow());
        lines.set(index, lines.get(index).replace("state active", "state activ3"));
        Files.write(file, lines, StandardCharsets.US_ASCII);
        byte[] before = Files.readAllBytes(file);
        try (LeaseJournal journal = open()) {
            LeaseJournal.LoadReport report = journal.loadReport();
            assertEquals(3, journal.leases().size());
            assertEquals(Optional.empty(), journal.findByAddress(BASE + 1));
            assertEquals(1, report.problems().size());
            LeaseJournal.Problem problem = report.problems().get(0);
            assertEquals(LeaseJournal.Problem.Kind.CORRUPT, problem.kind());
            assertEquals(index + 1, problem.line());
            assertTrue(problem.message().startsWith("checksum mismatch"), problem.message());
            Path copy = report.damagedCopy().orElseThrow();
            assertEquals(new String(before, StandardCharsets.US_ASCII),
                    new String(Files.readAllBytes(copy), StandardCharsets.US_ASCII));
            await(journal.compact());
        }
        try (LeaseJournal journal = open()) {
            assertEquals(List.of(), journal.loadReport().problems(), "compaction rewrote the file without it");
            assertEquals(3, journal.leases().size());
        }
    }

    @Test
    void badTrailingCompleteLineIsTornAndCopiedAside() throws IOException {
        Path file = dir.resolve("leases.journal");
        try (LeaseJournal journal = open()) {
            await(journal.commit(active(BASE, client(1))));
        }
        Files.write(file, "lease 10.213.0.1 client hw:01 sta\0\0\0\n".getBytes(StandardCharsets.ISO_8859_1),
                StandardOpenOption.APPEND);
        try (LeaseJournal journal = open()) {
            assertEquals(LeaseJournal.Problem.Kind.TORN, journal.loadReport().problems().get(0).kind());
            assertTrue(journal.loadReport().damagedCopy().isPresent());
            assertEquals(1, journal.leases().size());
        }
        try (LeaseJournal journal = open()) {
            assertEquals(List.of(), journal.loadReport().problems());
        }
    }

    @Test
    void aFileThatIsNotAJournalIsRefusedNotOverwritten() throws IOException {
        Path file = dir.resolve("leases.journal");
        Files.writeString(file, "lease 10.0.0.1 {\n  starts 4 2026/11/25 12:00:00;\n}\n");
        LeaseStoreException e = assertThrows(LeaseStoreException.class, this::open);
        assertEquals(file.toAbsolutePath() + ":1:1: not a netboot lease journal (expected: '"
                + JournalCodec.HEADER + "')", e.getMessage());
        assertTrue(Files.readString(file).startsWith("lease 10.0.0.1 {"));
        Files.writeString(file, "no newline at all but not a header either");
        assertThrows(LeaseStoreException.class, this::open);
    }

    @Test
    void emptyOrTornHeaderStartsAFreshJournal() throws IOException {
        Path file = dir.resolve("leases.journal");
        Files.writeString(file, "# netboot lease");
        try (LeaseJournal journal = open()) {
            assertEquals(List.of(), journal.leases());
            await(journal.commit(active(BASE, client(1))));
        }
        Files.write(file, new byte[0]);
        try (LeaseJournal journal = open()) {
            assertEquals(List.of(), journal.leases());
        }
        assertEquals(JournalCodec.HEADER, lines().get(0));
    }

    @Test
    void compactionKeepsOnlyCurrentRecordsAndForgetsLapsedDeclines() throws IOException {
        Path file = dir.resolve("leases.journal");
        List<Lease> expected;
        try (LeaseJournal journal = open()) {
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 10; i++) {
                    await(journal.commit(active(BASE + i, client(i))));
                }
                clock.advance(Duration.ofMinutes(1));
            }
            await(journal.decline(client(99), BASE + 50, Duration.ofMinutes(1)));
            clock.advance(Duration.ofMinutes(1));
            assertEquals(11, journal.leases().size());
            assertEquals(51, lines().stream().filter(l -> l.startsWith("lease ")).count());
            await(journal.compact());
            expected = journal.leases();
            assertEquals(10, expected.size(), "the lapsed decline is gone");
            assertEquals(10, lines().stream().filter(l -> l.startsWith("lease ")).count());
            assertFalse(Files.exists(dir.resolve("leases.journal.compact")));
            Lease later = await(journal.commit(active(BASE + 20, client(20))));
            expected = new ArrayList<>(expected);
            expected.add(later);
        }
        try (LeaseJournal journal = open()) {
            assertEquals(expected, journal.leases());
            assertEquals(11, journal.loadReport().records());
        }
        assertTrue(Files.readString(file).contains("# compacted at "));
    }

    @Test
    void compactionStartsByItselfWhenGarbageOutgrowsTheLiveRecords() throws IOException {
        try (LeaseJournal journal = LeaseJournal.builder(dir.resolve("leases.journal"), clock)
                .minCompactionGarbage(20).open()) {
            for (int i = 0; i < 200; i++) {
                await(journal.commit(active(BASE + i % 5, client(i % 5))));
            }
            long records = lines().stream().filter(l -> l.startsWith("lease ")).count();
            assertTrue(records <= 5 + 21 + 1, records + " record lines for 5 leases");
        }
    }

    @Test
    void leftoverCompactionFileIsIgnored() throws IOException {
        Lease a;
        try (LeaseJournal journal = open()) {
            a = await(journal.commit(active(BASE, client(1))));
        }
        Files.writeString(dir.resolve("leases.journal.compact"), JournalCodec.HEADER + "\nlease 10.0.0.1 cli");
        try (LeaseJournal journal = open()) {
            assertEquals(List.of(a), journal.leases());
            assertFalse(Files.exists(dir.resolve("leases.journal.compact")));
        }
    }

    @Test
    void concurrentCommitsShareOneFsync() throws Exception {
        CountDownLatch inFirstSync = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        try (LeaseJournal journal = LeaseJournal.builder(dir.resolve("leases.journal"), clock).beforeSync(() -> {
            inFirstSync.countDown();
            try {
                assertTrue(proceed.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }).open()) {
            CompletableFuture<Lease> first = journal.commit(active(BASE, client(0)));
            assertTrue(inFirstSync.await(10, TimeUnit.SECONDS));
            List<CompletableFuture<Lease>> rest = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                rest.add(journal.commit(active(BASE + i, client(i))));
            }
            assertFalse(first.isDone(), "acknowledged before its fsync");
            assertTrue(rest.stream().noneMatch(CompletableFuture::isDone));
            proceed.countDown();
            await(first);
            rest.forEach(LeaseJournalTest::await);
            assertEquals(2, journal.syncCount(), "one fsync for the first commit, one for the 100 queued behind it");
        }
    }

    @Test
    void futuresCompleteInJournalOrder() {
        try (LeaseJournal journal = open()) {
            List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<?>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                futures.add(journal.commit(active(BASE + i, client(i))).thenRun(() -> order.add(n)));
            }
            futures.forEach(LeaseJournalTest::await);
            List<Integer> sorted = new ArrayList<>(order);
            sorted.sort(null);
            assertEquals(sorted, order);
        }
    }

    @Test
    void secondStoreOnTheSameFileIsRefused() {
        try (LeaseJournal journal = open()) {
            assertEquals(List.of(), journal.leases());
            LeaseStoreException e = assertThrows(LeaseStoreException.class, this::open);
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        }
        open().close();
    }

    @Test
    void closedStoreRefusesChangesAndCloseIsIdempotent() {
        LeaseJournal journal = open();
        journal.close();
        journal.close();
        Throwable e = failure(journal.commit(active(BASE, client(1))));
        assertInstanceOf(LeaseStoreException.class, e);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void backlogLimitRefusesInsteadOfGrowing() throws Exception {
        CountDownLatch proceed = new CountDownLatch(1);
        CountDownLatch inSync = new CountDownLatch(1);
        try (LeaseJournal journal = LeaseJournal.builder(dir.resolve("leases.journal"), clock).maxPendingRecords(3)
                .beforeSync(() -> {
                    inSync.countDown();
                    try {
                        assertTrue(proceed.await(10, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }).open()) {
            CompletableFuture<Lease> first = journal.commit(active(BASE, client(0)));
            assertTrue(inSync.await(10, TimeUnit.SECONDS));
            List<CompletableFuture<Lease>> queued = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                queued.add(journal.commit(active(BASE + i, client(i))));
            }
            Throwable refused = failure(journal.commit(active(BASE + 4, client(4))));
            assertTrue(refused.getMessage().contains("maxPendingRecords 3"), refused.getMessage());
            proceed.countDown();
            await(first);
            queued.forEach(LeaseJournalTest::await);
            await(journal.commit(active(BASE + 4, client(4))));
        }
    }

    @Test
    void commitNeedsAnActiveLease() {
        try (LeaseJournal journal = open()) {
            Lease released = active(BASE, client(1)).with(Lease.State.RELEASED, clock.millis());
            assertThrows(IllegalArgumentException.class, () -> journal.commit(released));
        }
    }
}
