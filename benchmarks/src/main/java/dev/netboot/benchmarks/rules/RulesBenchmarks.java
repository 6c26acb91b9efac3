package dev.netboot.benchmarks.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs JMH with the given command line (as {@code java -jar benchmarks.jar} takes it) and prints the
 * results as a table: per benchmark and client, the median of all measurement iterations of all
 * forks (ops/s, or ms for single shots), the 99.9% error JMH reports, the minimum and maximum
 * iteration, and bytes allocated per operation ({@code -prof gc}). Used by
 * {@code benchmarks/run-rules.sh}. Stateless.
 */
public final class RulesBenchmarks {
    private RulesBenchmarks() {}

    /** {@code [--table=FILE] JMH-ARGS...}: also writes the table to FILE. */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
        Path tableFile = null;
        if (args.length > 0 && args[0].startsWith("--table=")) {
            tableFile = Path.of(args[0].substring("--table=".length()));
            args = Arrays.copyOfRange(args, 1, args.length);
        }
        Collection<RunResult> results = new Runner(new OptionsBuilder().parent(new CommandLineOptions(args)).build()).run();
        String table = table(results);
        System.out.println();
        System.out.println(table);
        if (tableFile != null) {
            Files.writeString(tableFile, table);
        }
    }

    static String table(Collection<RunResult> results) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-46s %-20s %14s %8s %14s %14s %10s%n", "benchmark", "client", "median",
                "+-99.9%", "min", "max", "B/op"));
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            String name = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.', p.getBenchmark().lastIndexOf('.') - 1) + 1);
            String client = p.getParamsKeys().contains("client") ? p.getParam("client") : "-";
            List<Double> scores = new ArrayList<>();
            for (BenchmarkResult fork : r.getBenchmarkResults()) {
                for (IterationResult it : fork.getIterationResults()) {
                    scores.add(it.getPrimaryResult().getScore());
                }
            }
            double[] s = scores.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2]
                    : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
            Result<?> primary = r.getPrimaryResult();
            double error = primary.getScoreError() / primary.getScore() * 100;
            String unit = primary.getScoreUnit();
            out.append(String.format(Locale.ROOT, "%-46s %-20s %14s %7.1f%% %14s %14s %10s%n", name + " (" + unit + ")",
                    client, number(median), Double.isNaN(error) ? 0.0 : error, number(s.length == 0 ? Double.NaN : s[0]),
                    number(s.length == 0 ? Double.NaN : s[s.length - 1]), bytesPerOp(r)));
        }
        return out.toString();
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "-" : v >= 1000 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String bytesPerOp(RunResult r) {
        for (Map.Entry<String, Result> e : r.getAggregatedResult().getSecondaryResults().entrySet()) {
            if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                return String.format(Locale.ROOT, "%.1f", e.getValue().getScore());
            }
        }
        return "-";
    }
}
