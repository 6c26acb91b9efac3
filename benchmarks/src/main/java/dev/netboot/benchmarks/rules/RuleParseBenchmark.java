package dev.netboot.benchmarks.rules;

import dev.netboot.rules.isc.DhcpdConf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading the reference configuration (three files, through an include root) into a compiled rule
 * set, lints included: {@link #warm} in a warmed-up JVM; {@link #cold}, the first read in a fresh
 * JVM (one shot per fork, many forks; the reader is created inside the measured call, so the
 * library's class loading and first, interpreted execution are all in); and
 * {@link #coldAfterOtherFile}, the first read of the reference in a fresh JVM that has already read
 * a different configuration, so that its classes are loaded but nothing is compiled yet. Cold
 * minus that is roughly class loading and linking.
 */
@State(Scope.Thread)
public class RuleParseBenchmark {
    private Path root;
    private Path main;

    @Setup(Level.Trial)
    public void setUp() {
        root = Reference.extract();
        main = Reference.main(root);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Reference.delete(root);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public DhcpdConf.Result warm() {
        return DhcpdConf.reader().includeRoot(root).resolver(Reference.resolver()).read(main);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Fork(20)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public DhcpdConf.Result cold() {
        return DhcpdConf.reader().includeRoot(root).resolver(Reference.resolver()).read(main);
    }

    /** Reads {@link Reference#OTHER_CONFIG} from a file first (per fork, not measured). */
    @State(Scope.Thread)
    public static class OtherFileRead {
        @Setup(Level.Trial)
        public void read() throws IOException {
            Path other = Files.createTempFile("nb-rules-bench-other", ".conf");
            try {
                Files.writeString(other, Reference.OTHER_CONFIG);
                DhcpdConf.reader().resolver(Reference.resolver()).read(other);
            } finally {
                Files.delete(other);
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Fork(20)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public DhcpdConf.Result coldAfterOtherFile(OtherFileRead other) {
        return DhcpdConf.reader().includeRoot(root).resolver(Reference.resolver()).read(main);
    }
}
