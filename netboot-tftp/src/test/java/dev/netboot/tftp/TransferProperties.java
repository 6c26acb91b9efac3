package dev.netboot.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Client and server over a link that drops, duplicates and reorders the first packets as the
 * generated pattern says (a bounded loss pattern), then behaves.
 */
class TransferProperties {
    /** Small budget so that generated patterns can exhaust it: 1 + 2 + 4 + 4 seconds. */
    private static final RetransmitPolicy RETRANSMIT = new RetransmitPolicy(
            Duration.ofSeconds(1), Duration.ofSeconds(4), 3, Duration.ofSeconds(4));
    private static final long BUDGET = Duration.ofSeconds(1 + 2 + 4 + 4).toNanos();

    record Scenario(int size, int blockSize, int windowSize, boolean put, TransferMode mode) {}

    @Provide
    Arbitrary<Scenario> scenarios() {
        return net.jqwik.api.Combinators.combine(
                Arbitraries.integers().between(0, 4000),
                Arbitraries.of(0, 8, 13, 512, 1468),
                Arbitraries.integers().between(0, 8),
                Arbitraries.of(true, false),
                Arbitraries.of(TransferMode.OCTET, TransferMode.OCTET, TransferMode.NETASCII))
                .as(Scenario::new);
    }

    private record Outcome(Simulation.Result result, byte[] file, byte[] received) {}

    private static Outcome run(Scenario s, Simulation.Link link, long seed) {
        byte[] file = s.mode() == TransferMode.NETASCII ? text(seed, s.size()) : Simulation.randomBytes(seed, s.size());
        TftpClientConfig config = TftpClientConfig.DEFAULT.withMode(s.mode()).withBlockSize(s.blockSize())
                .withWindowSize(s.windowSize()).withTransferSize(true).withRetransmit(RETRANSMIT);
        TftpServerPolicy policy = TftpServerPolicy.DEFAULT.withRetransmit(RETRANSMIT);
        Simulation.Collector sink = new Simulation.Collector();
        Simulation sim;
        if (s.put()) {
            TftpTransfer client = TftpClientTransfer.put("f", config, Simulation.source(file), 0);
            sim = new Simulation(link, true, false, client,
                    (r, now) -> TftpServerTransfer.write((TftpPacket.WriteRequest) r, sink, policy, now));
        } else {
            TftpTransfer client = TftpClientTransfer.get("f", config, sink, 0);
            sim = new Simulation(link, true, false, client,
                    (r, now) -> TftpServerTransfer.read((TftpPacket.ReadRequest) r, Simulation.source(file), policy, now));
        }
        return new Outcome(sim.run(1_000_000), file, sink.bytes());
    }

    private static byte[] text(long seed, int size) {
        byte[] b = Simulation.randomBytes(seed, size);
        byte[] alphabet = {'a', '\r', '\n', 0, 'z'};
        for (int i = 0; i < b.length; i++) {
            b[i] = alphabet[(b[i] & 0xFF) % alphabet.length];
        }
        return b;
    }

    @Property(tries = 300)
    void completesWithIdenticalBytesOrTimesOutWithinItsBudget(
            @ForAll("scenarios") Scenario s,
            @ForAll @Size(max = 120) List<Boolean> drops,
            @ForAll @Size(max = 60) List<Boolean> duplicates,
            @ForAll @Size(max = 60) List<@IntRange(min = 1, max = 40) Integer> delaysMs) {
        Outcome o = run(s, Simulation.pattern(drops, duplicates, delaysMs), s.size());
        Simulation.Result r = o.result();
        TftpEvent clientEnd = Simulation.terminal(r.clientEvents());
        assertNotNull(clientEnd, "the client always ends");
        TftpEvent serverEnd = r.serverStarted() ? Simulation.terminal(r.serverEvents()) : null;
        assertTrue(!r.serverStarted() || serverEnd != null, "a started server always ends");
        TftpEvent receiverEnd = s.put() ? serverEnd : clientEnd;
        TftpEvent senderEnd = s.put() ? clientEnd : serverEnd;
        if (receiverEnd instanceof TftpEvent.Completed) {
            assertArrayEquals(o.file(), o.received(), "completed with different bytes");
        }
        if (senderEnd instanceof TftpEvent.Completed) {
            assertTrue(receiverEnd instanceof TftpEvent.Completed, "the sender completed before the receiver");
        }
        checkFailure(clientEnd, r.lastClientInput());
        checkFailure(serverEnd, r.lastServerInput());
        String outcome = receiverEnd instanceof TftpEvent.Completed ? "completed" : "timed out";
        Statistics.label("outcome").collect(outcome);
        Statistics.label("outcome").coverage(c -> {
            c.check("completed").count(n -> n > 0);
            c.check("timed out").count(n -> n > 0);
        });
        Statistics.label("direction").collect(s.put() ? "put" : "get", s.windowSize() > 1 ? "windowed" : "lock-step");
    }

    private static void checkFailure(TftpEvent end, long lastInput) {
        if (end instanceof TftpEvent.Failed f) {
            assertEquals(FailureReason.TIMEOUT, f.reason(), f.detail());
            assertTrue(f.stats().timeouts() >= RETRANSMIT.maxRetransmits() + 1,
                    "gave up after " + f.stats().timeouts() + " timeouts, before its budget");
            long quiet = f.stats().endNanos() - Math.max(lastInput, f.stats().startNanos());
            assertTrue(quiet <= BUDGET, "failed " + quiet + " ns after its last input (budget " + BUDGET + ")");
        }
    }

    @Property(tries = 300)
    void completesWhenNoMoreThanTheRetransmitBudgetIsLost(
            @ForAll("scenarios") Scenario s,
            @ForAll @Size(max = 3) List<@IntRange(min = 0, max = 150) Integer> lost,
            @ForAll @Size(max = 60) List<Boolean> duplicates,
            @ForAll @Size(max = 60) List<@IntRange(min = 1, max = 40) Integer> delaysMs) {
        List<Boolean> drops = new ArrayList<>(Collections.nCopies(151, false));
        for (int i : lost) {
            drops.set(i, true);
        }
        Outcome o = run(s, Simulation.pattern(drops, duplicates, delaysMs), s.size() + 7);
        Simulation.Result r = o.result();
        TftpEvent.Completed client = (TftpEvent.Completed) Simulation.terminal(r.clientEvents());
        TftpEvent.Completed server = (TftpEvent.Completed) Simulation.terminal(r.serverEvents());
        assertNotNull(client);
        assertNotNull(server);
        assertArrayEquals(o.file(), o.received());
        assertEquals(o.file().length, (s.put() ? server : client).stats().bytes());
    }
}
