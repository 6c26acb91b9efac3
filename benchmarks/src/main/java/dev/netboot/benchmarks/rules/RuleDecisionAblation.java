package dev.netboot.benchmarks.rules;

import dev.netboot.dhcp.DhcpDecoder;
import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.rules.ClientFacts;
import dev.netboot.rules.Decision;
import dev.netboot.rules.RuleSet;
import dev.netboot.rules.isc.DhcpdConf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
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
 * Where a decision's time goes, by ablation (no hardware counters in every environment): the
 * reference decision with facts read in place from a message or owned by the facts (builder), the
 * if / else-if chain alone (no hosts, no global statements), and the chain's raw option tests
 * without the rule engine. One client per trial. Not part of the acceptance figures.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RuleDecisionAblation {
    /** The reference's chain and nothing else, in a subnet holding the interface address. */
    static final String CHAIN_ONLY = """
            option arch code 93 = unsigned integer 16;
            subnet 192.168.2.0 netmask 255.255.255.0 {
                    if (option arch = 00:0b) {
                            filename "a";
                    } else if (option arch = 00:09) {
                            filename "b";
                    } else if (option arch = 00:07) {
                            filename "c";
                    } else if ((exists vendor-class-identifier) and
                               (option vendor-class-identifier = "U-Boot.armv8")) {
                            filename "d";
                    } else if ((exists vendor-class-identifier) and
                               (option vendor-class-identifier = "U-Boot.armv7")) {
                            filename "e";
                    } else if ((exists user-class) and ((option user-class = "iPXE") or
                                                        (option user-class = "gPXE"))) {
                            filename "f";
                    } else {
                            filename "g";
                    }
            }
            """;
    private static final byte[] ARCH_0B = {0, 0x0b};
    private static final byte[] ARCH_09 = {0, 0x09};
    private static final byte[] ARCH_07 = {0, 0x07};
    private static final byte[] ARMV8 = "U-Boot.armv8".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ARMV7 = "U-Boot.armv7".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] IPXE = "iPXE".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GPXE = "gPXE".getBytes(StandardCharsets.US_ASCII);

    @Param({"ipxe-bios"})
    public String client;

    private RuleSet rules;
    private RuleSet chainOnly;
    private RuleSet subnetOnly;
    private ByteBuf buffer;
    private ClientFacts fromMessage;
    private ClientFacts built;
    private Decision decision;

    @Setup(Level.Trial)
    public void setUp() {
        rules = Reference.ruleSet();
        chainOnly = DhcpdConf.reader().read(CHAIN_ONLY, "chain.conf").ruleSet();
        subnetOnly = DhcpdConf.reader().read("subnet 192.168.2.0 netmask 255.255.255.0 { filename \"g\"; }",
                "subnet.conf").ruleSet();
        Reference.Client c = Reference.client(client);
        buffer = PooledByteBufAllocator.DEFAULT.directBuffer(576);
        c.writeDiscover(buffer);
        DhcpMessage m = DhcpDecoder.lenient().newReader().read(buffer); // as the server decodes
        fromMessage = ClientFacts.from(m, Reference.INTERFACE, Reference.INTERFACE_ADDRESS);
        ClientFacts.Builder b = ClientFacts.builder().mac(c.mac()).interfaceName(Reference.INTERFACE)
                .interfaceAddress("192.168.2.254");
        for (int code : fromMessage.optionCodes()) {
            b.option(code, fromMessage.option(code));
        }
        built = b.build();
        decision = rules.newDecision();
        c.check(rules.decide(fromMessage, decision));
        c.check(rules.decide(built, decision));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buffer.release();
    }

    @Benchmark
    public Decision decideMessage() {
        return rules.decide(fromMessage, decision);
    }

    @Benchmark
    public Decision decideBuilt() {
        return rules.decide(built, decision);
    }

    @Benchmark
    public Decision chainOnlyMessage() {
        return chainOnly.decide(fromMessage, decision);
    }

    @Benchmark
    public Decision subnetOnlyMessage() {
        return subnetOnly.decide(fromMessage, decision);
    }

    /** The chain's seven equality tests for ipxe-bios, from arrays so that the JIT cannot share lookups. */
    private final int[] codes = {93, 93, 93, 60, 60, 77, 77};
    private final byte[][] constants = {ARCH_0B, ARCH_09, ARCH_07, ARMV8, ARMV7, IPXE, GPXE};

    @Benchmark
    public int sevenEqualsMessage() {
        return sevenEquals(fromMessage);
    }

    @Benchmark
    public int sevenEqualsBuilt() {
        return sevenEquals(built);
    }

    private int sevenEquals(ClientFacts f) {
        int n = 0;
        for (int i = 0; i < codes.length; i++) {
            if (f.optionEquals(codes[i], constants[i])) {
                n++;
            }
        }
        return n;
    }

    @Benchmark
    public int rawTestsMessage() {
        return rawTests(fromMessage);
    }

    @Benchmark
    public int rawTestsBuilt() {
        return rawTests(built);
    }

    /** The chain's tests as the engine makes them (exists, then equality), without the engine. */
    private static int rawTests(ClientFacts f) {
        if (f.hasOption(93) && f.optionEquals(93, ARCH_0B)) {
            return 1;
        }
        if (f.hasOption(93) && f.optionEquals(93, ARCH_09)) {
            return 2;
        }
        if (f.hasOption(93) && f.optionEquals(93, ARCH_07)) {
            return 3;
        }
        if (f.hasOption(60) && f.hasOption(60) && f.optionEquals(60, ARMV8)) {
            return 4;
        }
        if (f.hasOption(60) && f.hasOption(60) && f.optionEquals(60, ARMV7)) {
            return 5;
        }
        if (f.hasOption(77) && (f.hasOption(77) && f.optionEquals(77, IPXE) || f.hasOption(77) && f.optionEquals(77, GPXE))) {
            return 6;
        }
        return 7;
    }
}
