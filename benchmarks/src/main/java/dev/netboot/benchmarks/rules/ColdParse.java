package dev.netboot.benchmarks.rules;

import dev.netboot.rules.isc.DhcpdConf;
import java.io.IOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Times the first reads of configuration in this (fresh) JVM, outside JMH: {@code reference}
 * reads the reference configuration, then reads it again; {@code other-first} reads a different
 * configuration first, then the reference. Prints one line: the milliseconds and the number of
 * classes loaded during each read. {@code benchmarks/run-rules.sh} runs it in many JVMs.
 * Stateless.
 */
public final class ColdParse {
    private ColdParse() {}

    public static void main(String[] args) throws IOException {
        boolean otherFirst = args.length > 0 && args[0].equals("other-first");
        Path root = Reference.extract();
        Path other = Files.createTempFile("nb-rules-bench-other", ".conf");
        Files.writeString(other, Reference.OTHER_CONFIG);
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        try {
            Path first = otherFirst ? other : Reference.main(root);
            long c0 = classes.getTotalLoadedClassCount();
            long t0 = System.nanoTime();
            DhcpdConf.Result a = DhcpdConf.reader().includeRoot(root).resolver(Reference.resolver()).read(first);
            long t1 = System.nanoTime();
            long c1 = classes.getTotalLoadedClassCount();
            DhcpdConf.Result b = DhcpdConf.reader().includeRoot(root).resolver(Reference.resolver()).read(Reference.main(root));
            long t2 = System.nanoTime();
            long c2 = classes.getTotalLoadedClassCount();
            if (a.ruleSet() == null || b.ruleSet() == null) {
                throw new IllegalStateException("no rule set");
            }
            System.out.printf(Locale.ROOT, "%s first=%.2f ms (%d classes) then-reference=%.2f ms (%d classes)%n",
                    otherFirst ? "other-first" : "reference", (t1 - t0) / 1e6, c1 - c0, (t2 - t1) / 1e6, c2 - c1);
        } finally {
            Files.delete(other);
            Reference.delete(root);
        }
    }
}
