package dev.netboot.benchmarks.rules;

import dev.netboot.dhcp.DhcpDecoder;
import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.rules.ClientFacts;
import dev.netboot.rules.Decision;
import dev.netboot.rules.RuleSet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Decisions for MISSION.md's clients on the verbatim reference configuration, explanations off: {@link #decide} on facts extracted once (the target: 5 M/s per core, 0 B/op), and
 * {@link #factsAndDecide}, which also extracts the facts from the decoded DISCOVER each time, as a
 * server does per message. {@code client=mixed} cycles through all clients, one per operation,
 * so that the JIT sees every branch taken, as in a server (a single client lets it specialise on
 * one path). The DISCOVERs sit in pooled direct buffers, as a Netty datagram channel hands them
 * over, and are decoded by a {@link dev.netboot.dhcp.DhcpMessageReader} as the DHCP server decodes
 * them; the decision holder is reused. Setup checks the decision against
 * MISSION.md, so a broken rule path is never measured.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RuleDecisionBenchmark {
    /** Every client in turn, one per operation: the branch profile a real server sees. */
    static final String MIXED = "mixed";

    @Param({"mixed", "uefi-arm64", "ipxe-efi-arch9", "ovmf-arch7", "uboot-armv8-0x0100", "uboot-armv8-0x0016",
            "uboot-armv7", "ipxe-bios", "gpxe-bios", "bios-pxe", "plain-dhclient", "host-photosmart", "host-rpi3"})
    public String client;

    private RuleSet rules;
    private ByteBuf[] buffers;
    private DhcpMessage[] messages;
    private ClientFacts[] facts;
    private Decision decision;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        rules = Reference.ruleSet();
        List<Reference.Client> selected = client.equals(MIXED) ? List.copyOf(Reference.CLIENTS.values())
                : List.of(Reference.client(client));
        int n = selected.size();
        buffers = new ByteBuf[n];
        messages = new DhcpMessage[n];
        facts = new ClientFacts[n];
        decision = rules.newDecision();
        for (int i = 0; i < n; i++) {
            Reference.Client c = selected.get(i);
            buffers[i] = PooledByteBufAllocator.DEFAULT.directBuffer(576);
            c.writeDiscover(buffers[i]);
            // one reader per DISCOVER: each view stays valid, decoded as DhcpEngine decodes (a reader's view)
            messages[i] = DhcpDecoder.lenient().newReader().read(buffers[i]);
            facts[i] = ClientFacts.from(messages[i], Reference.INTERFACE, Reference.INTERFACE_ADDRESS);
            c.check(rules.decide(facts[i], decision));
            c.check(rules.decide(ClientFacts.from(messages[i], Reference.INTERFACE, Reference.INTERFACE_ADDRESS),
                    decision));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (ByteBuf b : buffers) {
            b.release();
        }
    }

    private int nextIndex() {
        int i = next;
        next = i + 1 == facts.length ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public Decision decide() {
        return rules.decide(facts[nextIndex()], decision);
    }

    @Benchmark
    public Decision factsAndDecide() {
        return rules.decide(ClientFacts.from(messages[nextIndex()], Reference.INTERFACE, Reference.INTERFACE_ADDRESS),
                decision);
    }
}
