package dev.netboot.benchmarks.dhcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a JMH JSON result file (run with {@code -prof gc}) as one table per benchmark class and
 * parameter set: operations per second (median of the measurement iterations), bytes allocated
 * per operation, and the ratio to the fastest peer ({@code peer*} methods) and to the minimal
 * baseline on the same kind of buffer ({@code minimalHeap} for {@code *Heap} methods, where it was
 * run, else {@code minimal}). Usage: {@code ResultTable results.json}. Stateless.
 */
public final class ResultTable {
    private ResultTable() {}

    record Row(String group, String method, double median, double bytesPerOp, double error) {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ResultTable <jmh-result.json>");
            System.exit(2);
        }
        Object json = new Json(Files.readString(Path.of(args[0]), StandardCharsets.UTF_8)).value();
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Object o : (List<?>) json) {
            Row r = row((Map<?, ?>) o);
            groups.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(r);
        }
        groups.forEach(ResultTable::print);
    }

    private static Row row(Map<?, ?> result) {
        String benchmark = (String) result.get("benchmark");
        int dot = benchmark.lastIndexOf('.');
        String cls = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
        StringBuilder group = new StringBuilder(cls);
        if (result.get("params") instanceof Map<?, ?> params) {
            params.forEach((k, v) -> group.append(' ').append(k).append('=').append(v));
        }
        Map<?, ?> primary = (Map<?, ?>) result.get("primaryMetric");
        List<Double> iterations = new ArrayList<>();
        for (Object fork : (List<?>) primary.get("rawData")) {
            for (Object v : (List<?>) fork) {
                iterations.add(((Number) v).doubleValue());
            }
        }
        double[] sorted = iterations.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        double bytes = Double.NaN;
        if (result.get("secondaryMetrics") instanceof Map<?, ?> secondary
                && secondary.get("gc.alloc.rate.norm") instanceof Map<?, ?> norm) {
            bytes = ((Number) norm.get("score")).doubleValue();
        }
        double error = primary.get("scoreError") instanceof Number e ? e.doubleValue() : Double.NaN;
        return new Row(group.toString(), benchmark.substring(dot + 1), median, bytes, error);
    }

    private static void print(String group, List<Row> rows) {
        double fastestPeer = rows.stream().filter(r -> r.method().startsWith("peer")).mapToDouble(Row::median)
                .max().orElse(Double.NaN);
        String fastestPeerName = rows.stream().filter(r -> r.method().startsWith("peer") && r.median() == fastestPeer)
                .map(Row::method).findFirst().orElse("-");
        double minimal = median(rows, "minimal");
        double minimalHeap = median(rows, "minimalHeap");
        System.out.println();
        System.out.println(group + "   (fastest peer: " + fastestPeerName + ")");
        System.out.printf(Locale.ROOT, "  %-24s %14s %10s %10s %16s %12s%n", "benchmark", "ops/s median", "+-99.9%",
                "B/op", "x fastest peer", "x minimal");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "  %-24s %,14.0f %9.1f%% %10s %16s %12s%n", r.method(), r.median(),
                    100 * r.error() / r.median(), Double.isNaN(r.bytesPerOp()) ? "-" : String.format(Locale.ROOT, "%.1f", r.bytesPerOp()),
                    ratio(r.median(), fastestPeer),
                    ratio(r.median(), r.method().endsWith("Heap") && !Double.isNaN(minimalHeap) ? minimalHeap : minimal));
        }
    }

    private static double median(List<Row> rows, String method) {
        return rows.stream().filter(r -> r.method().equals(method)).mapToDouble(Row::median).findFirst().orElse(Double.NaN);
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(b) || b == 0 ? "-" : String.format(Locale.ROOT, "%.2f", a / b);
    }

    /** Just enough JSON for JMH's result files (objects, arrays, strings, numbers, literals). */
    static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object value() {
            skip();
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    Map<String, Object> m = new LinkedHashMap<>();
                    i++;
                    skip();
                    if (s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        skip();
                        String k = string();
                        skip();
                        expect(':');
                        m.put(k, value());
                        skip();
                        if (s.charAt(i++) == '}') {
                            return m;
                        }
                    }
                }
                case '[': {
                    List<Object> l = new ArrayList<>();
                    i++;
                    skip();
                    if (s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        skip();
                        if (s.charAt(i++) == ']') {
                            return l;
                        }
                    }
                }
                case '"':
                    return string();
                default:
                    int start = i;
                    while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
                        i++;
                    }
                    String t = s.substring(start, i);
                    return switch (t) {
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        case "null" -> null;
                        case "NaN" -> Double.NaN;
                        default -> Double.parseDouble(t);
                    };
            }
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("JSON: expected '" + c + "' at " + i + ", found '" + s.charAt(i) + "'");
            }
            i++;
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
