package dev.netboot.server.dhcp.lease;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded {@link LeaseStore}: leases in memory, every change appended to a human-readable
 * journal file (one line per record, each with its CRC-32) and fsync'd before its future
 * completes.
 *
 * <p><b>Group commit.</b> Changes are applied in memory and queued by the calling thread, which
 * never blocks on I/O; one writer thread appends whatever has queued since its last fsync and
 * fsyncs once for all of it, so concurrent commits share an fsync. Futures complete on that
 * writer thread, in journal order.
 *
 * <p><b>Compaction.</b> When more than half of the journal's lines are superseded records (and
 * at least {@link Builder#minCompactionGarbage}), or on {@link #compact()}, the writer writes
 * every current record to {@code <file>.compact}, fsyncs it, renames it over the journal and
 * fsyncs the directory: a crash leaves the old or the new file, never neither.
 *
 * <p><b>Loading.</b> {@link #open} replays the journal. An unterminated or bad trailing record
 * (a write torn by a crash; never acknowledged) is skipped, reported and cut off; a bad record
 * followed by good ones is skipped and reported with its line number, and the file is first
 * copied to {@code <file>.damaged-<epoch ms>} so that nothing is lost silently. See
 * {@link #loadReport()}. A {@code <file>.lock} file prevents two stores on one journal.
 *
 * <p>Thread-safe. Linux semantics are assumed for fsync of a directory.
 */
public final class LeaseJournal implements LeaseStore {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseJournal.class);
    private static final Comparator<Lease> BY_ADDRESS = (a, b) -> Ipv4.compare(a.address(), b.address());
    private static final long CLOSE_TIMEOUT_SECONDS = 30;

    private final Path file;
    private final Path directory;
    private final Path compactFile;
    private final InstantSource clock;
    private final int minCompactionGarbage;
    private final int maxPendingRecords;
    private final Runnable beforeSync;
    private final Consumer<String> events;
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    private final LoadReport loadReport;
    private final AtomicLong syncs = new AtomicLong();
    private final Thread writer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    // Guarded by lock.
    private final LeaseTable table = new LeaseTable();
    private Batch pending = new Batch();
    private Batch spare = new Batch();
    private List<CompletableFuture<Void>> compactWaiters = new ArrayList<>();
    private boolean compactRequested;
    private boolean closing;
    private Throwable failure;
    /** Record lines in the file, written or queued. */
    private long journalLines;

    /** Writer thread only (and the constructor before it starts). */
    private FileChannel channel;

    private LeaseJournal(Builder builder) {
        this.file = builder.file.toAbsolutePath();
        this.directory = file.getParent();
        this.compactFile = file.resolveSibling(file.getFileName() + ".compact");
        this.clock = builder.clock;
        this.minCompactionGarbage = builder.minCompactionGarbage;
        this.maxPendingRecords = builder.maxPendingRecords;
        this.beforeSync = builder.beforeSync;
        this.events = builder.events;
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        FileChannel lockCh = null;
        try {
            Files.createDirectories(directory);
            lockCh = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock acquired;
            try {
                acquired = lockCh.tryLock();
            } catch (OverlappingFileLockException e) {
                acquired = null;
            }
            if (acquired == null) {
                throw new LeaseStoreException(file + ": in use by another lease store (" + lockFile + " is locked)");
            }
            this.lockChannel = lockCh;
            this.fileLock = acquired;
            this.loadReport = load();
            this.channel = openAppend();
        } catch (IOException | RuntimeException e) {
            closeQuietly(lockCh);
            if (e instanceof LeaseStoreException) {
                throw (LeaseStoreException) e;
            }
            throw new LeaseStoreException(file + ": cannot open lease journal: " + e, e);
        }
        this.journalLines = loadReport.records();
        boolean corrupt = loadReport.problems().stream().anyMatch(p -> p.kind() == Problem.Kind.CORRUPT);
        this.compactRequested = corrupt || compactionDue();
        this.writer = new Thread(this::runWriter, "lease-journal-writer " + file.getFileName());
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Opens (or creates) the journal at {@code file} with default settings.
     *
     * @param clock the source of "now" for availability checks, releases, declines and expiry
     * @throws LeaseStoreException when the file is not a journal, is locked, or cannot be read
     */
    public static LeaseJournal open(Path file, InstantSource clock) {
        return builder(file, clock).open();
    }

    /** A builder for a journal at {@code file} using {@code clock} for "now". */
    public static Builder builder(Path file, InstantSource clock) {
        return new Builder(file, clock);
    }

    /** Settings of a {@link LeaseJournal}; not thread-safe. */
    public static final class Builder {
        /** Default of {@link #minCompactionGarbage(int)}. */
        public static final int DEFAULT_MIN_COMPACTION_GARBAGE = 10_000;
        /** Default of {@link #maxPendingRecords(int)}. */
        public static final int DEFAULT_MAX_PENDING_RECORDS = 100_000;

        private final Path file;
        private final InstantSource clock;
        private int minCompactionGarbage = DEFAULT_MIN_COMPACTION_GARBAGE;
        private int maxPendingRecords = DEFAULT_MAX_PENDING_RECORDS;
        private Runnable beforeSync = () -> { };
        private Consumer<String> events = e -> { };

        private Builder(Path file, InstantSource clock) {
            this.file = Objects.requireNonNull(file, "file");
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /**
         * Superseded lines the journal may accumulate before it is compacted, at least; the
         * journal is compacted when superseded lines exceed both this and the live records.
         */
        public Builder minCompactionGarbage(int lines) {
            if (lines < 0) {
                throw new IllegalArgumentException("minCompactionGarbage: " + lines + " (expected: >= 0)");
            }
            this.minCompactionGarbage = lines;
            return this;
        }

        /**
         * Changes that may wait for the disk before further changes are refused with
         * {@link LeaseStoreException} (a stalled disk must not exhaust the heap).
         */
        public Builder maxPendingRecords(int records) {
            if (records < 1) {
                throw new IllegalArgumentException("maxPendingRecords: " + records + " (expected: >= 1)");
            }
            this.maxPendingRecords = records;
            return this;
        }

        /** Test hook: runs on the writer thread before each fsync of appended records. */
        Builder beforeSync(Runnable hook) {
            this.beforeSync = Objects.requireNonNull(hook);
            return this;
        }

        /** Test hook: receives "compaction-start", "compaction-written" and "compaction-end". */
        Builder events(Consumer<String> sink) {
            this.events = Objects.requireNonNull(sink);
            return this;
        }

        /**
         * Opens (or creates) the journal and starts its writer thread.
         *
         * @throws LeaseStoreException when the file is not a journal, is locked, or cannot be read
         */
        public LeaseJournal open() {
            return new LeaseJournal(this);
        }
    }

    /**
     * What loading the journal found. Immutable.
     *
     * @param file the journal
     * @param records valid record lines replayed
     * @param leases records in the store after replay (one per address)
     * @param problems skipped lines, in line order
     * @param damagedCopy where the damaged file was copied before it was repaired, if it was
     */
    public record LoadReport(Path file, int records, int leases, List<Problem> problems, Optional<Path> damagedCopy) {
        /** Copies the problem list. */
        public LoadReport {
            problems = List.copyOf(problems);
        }
    }

    /**
     * A journal line that was skipped when loading. Immutable.
     *
     * @param file the journal
     * @param line 1-based line number
     * @param column 1-based column of the fault
     * @param kind torn tail or corrupted record
     * @param message what is wrong
     */
    public record Problem(Path file, int line, int column, Kind kind, String message) {
        /** Where in the file a bad line sits. */
        public enum Kind {
            /** After the last good line: a write cut short by a crash, never acknowledged. */
            TORN,
            /** Followed by good lines: damaged after it was written. */
            CORRUPT
        }

        /** {@code file:line:column: kind: message}. */
        @Override
        public String toString() {
            return file + ":" + line + ":" + column + ": " + (kind == Kind.TORN ? "torn record skipped: "
                    : "corrupted record skipped: ") + message;
        }
    }

    /** What {@link #open} found in the journal. */
    public LoadReport loadReport() {
        return loadReport;
    }

    private LoadReport load() throws IOException {
        Files.deleteIfExists(compactFile);
        if (!Files.exists(file)) {
            writeSnapshot(new ArrayList<>());
            return new LoadReport(file, 0, 0, List.of(), Optional.empty());
        }
        JournalReader reader = JournalReader.read(file, table);
        Optional<Path> copy = Optional.empty();
        if (!reader.hasHeader) {
            // Empty, or a crash while the header was written: nothing was ever recorded.
            writeSnapshot(new ArrayList<>());
        } else {
            if (reader.damagedLines) {
                Path target = file.resolveSibling(file.getFileName() + ".damaged-" + clock.millis());
                Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                copy = Optional.of(target);
            }
            if (reader.validEnd < Files.size(file)) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    ch.truncate(reader.validEnd);
                    ch.force(true);
                }
            }
        }
        for (Problem problem : reader.problems()) {
            LOG.warn("{}", problem);
        }
        copy.ifPresent(path -> LOG.warn("{}: damaged journal copied to {}", file, path));
        return new LoadReport(file, reader.records, table.size(), reader.problems(), copy);
    }

    private FileChannel openAppend() throws IOException {
        return FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public Optional<Lease> findByClient(ClientKey client) {
        Objects.requireNonNull(client, "client");
        lock.lock();
        try {
            return Optional.ofNullable(table.byClient(client));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Lease> findByAddress(int address) {
        lock.lock();
        try {
            return Optional.ofNullable(table.byAddress(address));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CompletableFuture<Lease> commit(Lease lease) {
        Objects.requireNonNull(lease, "lease");
        if (lease.state() != Lease.State.ACTIVE) {
            throw new IllegalArgumentException("commit needs an active lease, not " + lease.state().text);
        }
        lock.lock();
        try {
            LeaseStoreException refused = refusal(1);
            if (refused != null) {
                return CompletableFuture.failedFuture(refused);
            }
            long now = clock.millis();
            Lease current = table.byAddress(lease.address());
            if (current != null && !current.isAvailableTo(lease.client(), now)) {
                return CompletableFuture.failedFuture(new LeaseConflictException(lease.address(),
                        (current.state() == Lease.State.DECLINED ? "declined by " : "bound to ") + current.client()
                                + " until " + JournalCodec.timeText(current.end())));
            }
            return append(lease, lease);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CompletableFuture<Optional<Lease>> release(ClientKey client, int address) {
        Objects.requireNonNull(client, "client");
        lock.lock();
        try {
            LeaseStoreException refused = refusal(1);
            if (refused != null) {
                return CompletableFuture.failedFuture(refused);
            }
            Lease current = table.byAddress(address);
            if (current == null || current.state() != Lease.State.ACTIVE || !current.client().equals(client)) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            Lease released = current.with(Lease.State.RELEASED, Math.min(current.end(), clock.millis()));
            return append(released, Optional.of(released));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public CompletableFuture<Optional<Lease>> decline(ClientKey client, int address, Duration period) {
        Objects.requireNonNull(client, "client");
        if (period.isNegative()) {
            throw new IllegalArgumentException("decline period: " + period + " (expected: >= 0)");
        }
        lock.lock();
        try {
            LeaseStoreException refused = refusal(1);
            if (refused != null) {
                return CompletableFuture.failedFuture(refused);
            }
            long now = clock.millis();
            Lease current = table.byAddress(address);
            if (current != null && !current.isAvailableTo(client, now)) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            Lease declined = new Lease(address, client, Optional.empty(), now, saturatedEnd(now, period),
                    Lease.State.DECLINED);
            return append(declined, Optional.of(declined));
        } finally {
            lock.unlock();
        }
    }

    static long saturatedEnd(long now, Duration span) {
        long millis;
        try {
            millis = span.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
        long end = now + millis;
        return ((now ^ end) & (millis ^ end)) < 0 ? Long.MAX_VALUE : end;
    }

    @Override
    public CompletableFuture<List<Lease>> expire() {
        lock.lock();
        try {
            List<Lease> expiring = table.expiring(clock.millis());
            if (expiring.isEmpty()) {
                return CompletableFuture.completedFuture(List.of());
            }
            LeaseStoreException refused = refusal(expiring.size());
            if (refused != null) {
                return CompletableFuture.failedFuture(refused);
            }
            List<Lease> expired = new ArrayList<>(expiring.size());
            CompletableFuture<List<Lease>> future = new CompletableFuture<>();
            for (Lease lease : expiring) {
                Lease record = lease.with(Lease.State.EXPIRED, lease.end());
                expired.add(record);
                queue(record);
            }
            enqueue(future, List.copyOf(expired));
            return future;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Lease> leases() {
        ArrayList<Lease> all;
        lock.lock();
        try {
            all = table.snapshot();
        } finally {
            lock.unlock();
        }
        all.sort(BY_ADDRESS);
        return List.copyOf(all);
    }

    /**
     * Rewrites the journal with only the current records now, instead of waiting for the
     * threshold.
     *
     * @return completes when the compacted journal is in place and durable
     */
    public CompletableFuture<Void> compact() {
        lock.lock();
        try {
            LeaseStoreException refused = refusal(0);
            if (refused != null) {
                return CompletableFuture.failedFuture(refused);
            }
            CompletableFuture<Void> future = new CompletableFuture<>();
            compactWaiters.add(future);
            compactRequested = true;
            wake.signal();
            return future;
        } finally {
            lock.unlock();
        }
    }

    /** Number of fsyncs of appended records so far (diagnostics and tests). */
    long syncCount() {
        return syncs.get();
    }

    /**
     * Writes and fsyncs everything queued, stops the writer thread (waiting at most 30 s) and
     * unlocks the journal. Changes submitted afterwards fail with {@link LeaseStoreException}.
     *
     * @throws LeaseStoreException when the writer does not finish in time
     * @throws IllegalStateException when called on the writer thread (from a continuation)
     */
    @Override
    public void close() {
        if (Thread.currentThread() == writer) {
            throw new IllegalStateException("close() called from a continuation on the journal's writer thread;"
                    + " use an *Async continuation");
        }
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            wake.signal();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        long deadline = System.nanoTime() + CLOSE_TIMEOUT_SECONDS * 1_000_000_000L;
        while (writer.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                writer.join(Math.max(1, left / 1_000_000L));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            throw new LeaseStoreException(file + ": writer did not finish within " + CLOSE_TIMEOUT_SECONDS + " s");
        }
        try {
            fileLock.release();
        } catch (IOException e) {
            LOG.debug("{}: releasing lock", file, e);
        }
        closeQuietly(lockChannel);
    }

    // --- producers (lock held) ---

    private LeaseStoreException refusal(int records) {
        if (closing) {
            return new LeaseStoreException(file + ": lease journal is closed");
        }
        if (failure != null) {
            return new LeaseStoreException(file + ": lease journal failed earlier and refuses changes until reopened: "
                    + failure, failure);
        }
        if (pending.records + records > maxPendingRecords && pending.records > 0) {
            return new LeaseStoreException(file + ": " + pending.records
                    + " changes are waiting for the disk (limit: maxPendingRecords " + maxPendingRecords + ")");
        }
        return null;
    }

    private <T> CompletableFuture<T> append(Lease record, T result) {
        CompletableFuture<T> future = new CompletableFuture<>();
        queue(record);
        enqueue(future, result);
        return future;
    }

    private void queue(Lease record) {
        table.apply(record);
        JournalCodec.appendRecord(pending.bytes, record);
        pending.records++;
        journalLines++;
    }

    @SuppressWarnings("unchecked")
    private void enqueue(CompletableFuture<?> future, Object result) {
        pending.futures.add((CompletableFuture<Object>) future);
        pending.results.add(result);
        wake.signal();
    }

    private boolean compactionDue() {
        long live = table.size();
        return journalLines - live > Math.max(minCompactionGarbage, live);
    }

    // --- writer thread ---

    /** Records queued since the last write, with the futures waiting for them. */
    private static final class Batch {
        final LineBuffer bytes = new LineBuffer(8192);
        final ArrayList<CompletableFuture<Object>> futures = new ArrayList<>();
        final ArrayList<Object> results = new ArrayList<>();
        int records;

        boolean isEmpty() {
            return records == 0 && futures.isEmpty();
        }

        void reset() {
            bytes.clear();
            futures.clear();
            results.clear();
            records = 0;
        }
    }

    private void runWriter() {
        while (true) {
            Batch batch;
            ArrayList<Lease> snapshot = null;
            List<CompletableFuture<Void>> waiters = List.of();
            Throwable failed;
            lock.lock();
            try {
                while (pending.isEmpty() && !compactRequested && !closing) {
                    wake.awaitUninterruptibly();
                }
                if (pending.isEmpty() && !compactRequested && closing) {
                    break;
                }
                batch = pending;
                pending = spare;
                spare = null;
                failed = failure;
                if (failed == null && (compactRequested || compactionDue())) {
                    table.purgeDeclined(clock.millis());
                    snapshot = table.snapshot();
                    journalLines = snapshot.size();
                    waiters = compactWaiters;
                    compactWaiters = new ArrayList<>();
                } else if (failed != null) {
                    waiters = compactWaiters;
                    compactWaiters = new ArrayList<>();
                }
                compactRequested = false;
            } finally {
                lock.unlock();
            }
            if (failed == null) {
                try {
                    if (snapshot != null) {
                        // The snapshot already contains this batch's records.
                        writeSnapshot(snapshot);
                        channel.close();
                        channel = openAppend();
                    } else {
                        write(channel, batch.bytes);
                        beforeSync.run();
                        channel.force(false);
                        syncs.incrementAndGet();
                    }
                } catch (IOException | RuntimeException | Error e) {
                    failed = e;
                    LOG.error("{}: journal write failed; refusing further changes", file, e);
                    lock.lock();
                    try {
                        failure = e;
                    } finally {
                        lock.unlock();
                    }
                }
            }
            if (failed == null) {
                for (int i = 0; i < batch.futures.size(); i++) {
                    batch.futures.get(i).complete(batch.results.get(i));
                }
                waiters.forEach(w -> w.complete(null));
            } else {
                LeaseStoreException error = new LeaseStoreException(file + ": journal write failed: " + failed, failed);
                batch.futures.forEach(f -> f.completeExceptionally(error));
                waiters.forEach(w -> w.completeExceptionally(error));
            }
            batch.reset();
            lock.lock();
            try {
                spare = batch;
            } finally {
                lock.unlock();
            }
        }
        closeQuietly(channel);
    }

    private static void write(FileChannel out, LineBuffer bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes.array(), 0, bytes.length());
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    /** Replaces the journal with {@code records}: write aside, fsync, rename, fsync directory. */
    private void writeSnapshot(ArrayList<Lease> records) throws IOException {
        events.accept("compaction-start");
        records.sort(BY_ADDRESS);
        try (FileChannel out = FileChannel.open(compactFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            LineBuffer buffer = new LineBuffer(1 << 16);
            buffer.appendAscii(JournalCodec.HEADER);
            buffer.append('\n');
            buffer.appendAscii("# compacted at ");
            JournalCodec.appendTime(buffer, clock.millis());
            buffer.appendAscii(", " + records.size() + " records; format: lease <address> client <key> starts <time>"
                    + " ends <time> state <state> [hostname <name>] crc32=<hex of the line before ' crc32='>\n");
            for (Lease lease : records) {
                JournalCodec.appendRecord(buffer, lease);
                if (buffer.length() > (1 << 16) - JournalCodec.MAX_LINE) {
                    write(out, buffer);
                    buffer.clear();
                }
            }
            write(out, buffer);
            out.force(true);
        }
        events.accept("compaction-written");
        Files.move(compactFile, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
        events.accept("compaction-end");
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("close failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return "LeaseJournal[" + file + "]";
    }
}
