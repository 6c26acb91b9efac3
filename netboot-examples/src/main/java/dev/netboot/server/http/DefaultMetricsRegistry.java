package dev.netboot.server.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/** The {@link MetricsRegistry} implementation: families in registration order, LongAdder series. */
final class DefaultMetricsRegistry implements MetricsRegistry {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private enum Type {
        COUNTER("counter"), GAUGE("gauge");

        final String text;

        Type(String text) {
            this.text = text;
        }
    }

    /** One metric name: its help, type, label names and series. */
    private static final class Family {
        final String name;
        final String help;
        final Type type;
        final List<String> labelNames;
        final ConcurrentHashMap<Map<String, String>, Series> byLabels = new ConcurrentHashMap<>();
        final CopyOnWriteArrayList<Series> inOrder = new CopyOnWriteArrayList<>();

        Family(String name, String help, Type type, List<String> labelNames) {
            this.name = name;
            this.help = help;
            this.type = type;
            this.labelNames = labelNames;
        }
    }

    /** One series; either an adder or a function (the function is volatile so that it can be replaced). */
    private static final class Series implements Counter, Gauge {
        final String labelText;
        final LongAdder adder = new LongAdder();
        volatile LongSupplier function;

        Series(String labelText) {
            this.labelText = labelText;
        }

        @Override
        public void increment() {
            adder.increment();
        }

        @Override
        public void decrement() {
            adder.decrement();
        }

        @Override
        public void add(long amount) {
            adder.add(amount);
        }

        @Override
        public long value() {
            LongSupplier f = function;
            return f != null ? f.getAsLong() : adder.sum();
        }
    }

    /** A counter view that refuses negative amounts (the gauge view does not). */
    private static final class CounterView implements Counter {
        private final Series series;

        CounterView(Series series) {
            this.series = series;
        }

        @Override
        public void increment() {
            series.adder.increment();
        }

        @Override
        public void add(long amount) {
            if (amount < 0) {
                throw new IllegalArgumentException("counter amount: " + amount + " (expected: >= 0)");
            }
            series.adder.add(amount);
        }

        @Override
        public long value() {
            return series.value();
        }
    }

    private final ConcurrentHashMap<String, Family> families = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Family> familyOrder = new CopyOnWriteArrayList<>();
    private final Map<Series, CounterView> counterViews = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name, String help, Map<String, String> labels) {
        Series s = series(name, help, Type.COUNTER, labels, null);
        return counterViews.computeIfAbsent(s, CounterView::new);
    }

    @Override
    public Gauge gauge(String name, String help, Map<String, String> labels) {
        return series(name, help, Type.GAUGE, labels, null);
    }

    @Override
    public void counterFunction(String name, String help, Map<String, String> labels, LongSupplier value) {
        series(name, help, Type.COUNTER, labels, Objects.requireNonNull(value, "value"));
    }

    @Override
    public void gaugeFunction(String name, String help, Map<String, String> labels, LongSupplier value) {
        series(name, help, Type.GAUGE, labels, Objects.requireNonNull(value, "value"));
    }

    private synchronized Series series(String name, String help, Type type, Map<String, String> labels,
            LongSupplier function) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(labels, "labels");
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name: \"" + name + "\" (expected: [a-zA-Z_:][a-zA-Z0-9_:]*)");
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String label = Objects.requireNonNull(e.getKey(), "label name");
            if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                throw new IllegalArgumentException("label name of " + name + ": \"" + label
                        + "\" (expected: [a-zA-Z_][a-zA-Z0-9_]*, not starting with __)");
            }
            sorted.put(label, Objects.requireNonNull(e.getValue(), "value of label " + label));
        }
        List<String> labelNames = List.copyOf(sorted.keySet());
        Family family = families.get(name);
        if (family == null) {
            family = new Family(name, help, type, labelNames);
            families.put(name, family);
            familyOrder.add(family);
        } else if (family.type != type) {
            throw new IllegalArgumentException("metric " + name + ": registered as a " + family.type.text
                    + " (expected: " + type.text + ")");
        } else if (!family.labelNames.equals(labelNames)) {
            throw new IllegalArgumentException("metric " + name + ": label names " + labelNames
                    + " (expected: " + family.labelNames + ", as first registered)");
        }
        Map<String, String> key = Collections.unmodifiableMap(sorted);
        Series s = family.byLabels.get(key);
        if (s == null) {
            s = new Series(labelText(sorted));
            family.byLabels.put(key, s);
            family.inOrder.add(s);
        }
        if (function != null) {
            s.function = function;
        } else if (s.function != null) {
            throw new IllegalArgumentException("metric " + name + key + ": registered as a function");
        }
        return s;
    }

    @Override
    public String scrape() {
        StringBuilder out = new StringBuilder(256 + 64 * familyOrder.size());
        List<String> lines = new ArrayList<>();
        for (Family f : familyOrder) {
            lines.clear();
            for (Series s : f.inOrder) {
                long v;
                try {
                    v = s.value();
                } catch (RuntimeException e) {
                    continue; // a broken function must not break the whole scrape
                }
                lines.add(f.name + s.labelText + ' ' + v + '\n');
            }
            out.append("# HELP ").append(f.name).append(' ');
            escapeHelp(f.help, out);
            out.append('\n').append("# TYPE ").append(f.name).append(' ').append(f.type.text).append('\n');
            lines.forEach(out::append);
        }
        return out.toString();
    }

    private static String labelText(TreeMap<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("{");
        labels.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(k).append("=\"");
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                switch (c) {
                    case '\\' -> sb.append("\\\\");
                    case '"' -> sb.append("\\\"");
                    case '\n' -> sb.append("\\n");
                    default -> sb.append(c);
                }
            }
            sb.append('"');
        });
        return sb.append('}').toString();
    }

    private static void escapeHelp(String help, StringBuilder out) {
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }
}
