package dev.netboot.benchmarks.rules;

import dev.netboot.dhcp.DhcpDecoder;
import dev.netboot.rules.ClientFacts;
import dev.netboot.rules.Decision;
import dev.netboot.rules.RuleSet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Decisions per second of the measuring thread's own CPU time: a figure that stays meaningful when
 * the machine is shared (JMH's ops/s counts wall time, which falls when other processes take the
 * core). {@code DecisionCpuRate CLIENT} (a {@link RuleDecisionBenchmark} client name, or
 * {@code mixed}) does the work of {@link RuleDecisionBenchmark#decide()}: after a warm-up, five
 * rounds of at least 0.5 s CPU each; prints the median and the bytes allocated per decision (the
 * thread's allocation counter). Run it in a fresh JVM per client, as JMH forks. Supplementary to
 * JMH, not a replacement. Stateless.
 */
public final class DecisionCpuRate {
    private static volatile int sink;

    private DecisionCpuRate() {}

    public static void main(String[] args) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        String name = args[0];
        RuleSet rules = Reference.ruleSet();
        List<Reference.Client> selected = name.equals(RuleDecisionBenchmark.MIXED)
                ? List.copyOf(Reference.CLIENTS.values()) : List.of(Reference.client(name));
        ByteBuf[] buffers = new ByteBuf[selected.size()];
        ClientFacts[] facts = new ClientFacts[selected.size()];
        Decision d = rules.newDecision();
        try {
            for (int i = 0; i < facts.length; i++) {
                buffers[i] = PooledByteBufAllocator.DEFAULT.directBuffer(576);
                selected.get(i).writeDiscover(buffers[i]);
                // one reader per DISCOVER, as the DHCP server decodes (each view stays valid)
                facts[i] = ClientFacts.from(DhcpDecoder.lenient().newReader().read(buffers[i]), Reference.INTERFACE,
                        Reference.INTERFACE_ADDRESS);
                selected.get(i).check(rules.decide(facts[i], d));
            }
            run(rules, facts, d, 3_000_000); // warm-up
            long tid = Thread.currentThread().getId();
            double[] rates = new double[5];
            long ops = 0;
            long bytes0 = threads.getThreadAllocatedBytes(tid);
            for (int r = 0; r < rates.length; r++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long n = 0;
                long cpu;
                do {
                    run(rules, facts, d, 200_000);
                    n += 200_000;
                    cpu = threads.getCurrentThreadCpuTime() - cpu0;
                } while (cpu < 500_000_000L);
                rates[r] = n * 1e9 / cpu;
                ops += n;
            }
            long bytes = threads.getThreadAllocatedBytes(tid) - bytes0;
            Arrays.sort(rates);
            System.out.printf(Locale.ROOT, "%-20s %,16.0f %8.3f%n", name, rates[2], (double) bytes / ops);
        } finally {
            for (ByteBuf b : buffers) {
                if (b != null) {
                    b.release();
                }
            }
        }
    }

    private static void run(RuleSet rules, ClientFacts[] facts, Decision d, int n) {
        int acc = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            acc += rules.decide(facts[k], d).nextServerAddress();
            k = k + 1 == facts.length ? 0 : k + 1;
        }
        sink = acc;
    }
}
