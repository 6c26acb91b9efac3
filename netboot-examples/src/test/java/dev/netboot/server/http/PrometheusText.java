package dev.netboot.server.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Test-only strict reader of the Prometheus text exposition format 0.0.4, to check that what
 * {@code /metrics} serves is well formed: HELP and TYPE at most once per metric and before its
 * samples, valid names, escaped label values, numeric values, a final newline.
 */
final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    record Sample(String name, Map<String, String> labels, double value) {}

    final Map<String, String> types = new LinkedHashMap<>();
    final Map<String, String> helps = new HashMap<>();
    final List<Sample> samples = new ArrayList<>();

    static PrometheusText parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("exposition does not end with a newline");
        }
        PrometheusText p = new PrometheusText();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + " \"" + line + "\": ";
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ")) {
                String[] parts = line.substring(7).split(" ", 2);
                check(NAME.matcher(parts[0]).matches(), where + "bad name");
                check(p.helps.put(parts[0], parts.length > 1 ? unescapeHelp(parts[1]) : "") == null,
                        where + "second HELP");
                check(p.samples.stream().noneMatch(s -> s.name.equals(parts[0])), where + "HELP after samples");
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                check(parts.length == 2 && NAME.matcher(parts[0]).matches(), where + "bad TYPE line");
                check(List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[1]),
                        where + "bad type");
                check(p.types.put(parts[0], parts[1]) == null, where + "second TYPE");
                check(p.samples.stream().noneMatch(s -> s.name.equals(parts[0])), where + "TYPE after samples");
            } else if (line.startsWith("#")) {
                continue; // comment
            } else {
                p.samples.add(sample(line, where));
            }
        }
        for (Sample s : p.samples) {
            check(p.types.containsKey(s.name), "sample " + s.name + " without TYPE");
        }
        return p;
    }

    private static Sample sample(String line, String where) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        check(NAME.matcher(name).matches(), where + "bad metric name");
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                check(LABEL.matcher(label).matches(), where + "bad label name " + label);
                check(line.charAt(eq + 1) == '"', where + "label value not quoted");
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                for (;; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char e = line.charAt(++j);
                        v.append(switch (e) {
                            case 'n' -> '\n';
                            case '\\' -> '\\';
                            case '"' -> '"';
                            default -> throw new AssertionError(where + "bad escape \\" + e);
                        });
                    } else if (c == '"') {
                        break;
                    } else {
                        v.append(c);
                    }
                }
                check(labels.put(label, v.toString()) == null, where + "duplicate label");
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        check(i < line.length() && line.charAt(i) == ' ', where + "no space before value");
        String[] rest = line.substring(i + 1).split(" ");
        check(rest.length == 1 || rest.length == 2, where + "bad value/timestamp");
        double value = Double.parseDouble(rest[0]);
        return new Sample(name, labels, value);
    }

    private static String unescapeHelp(String s) {
        return s.replace("\\n", "\n").replace("\\\\", "\\");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }

    /** The value of the one sample with this name and these labels. */
    double value(String name, Map<String, String> labels) {
        List<Sample> found = samples.stream().filter(s -> s.name.equals(name) && s.labels.equals(labels)).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples " + name + labels);
        }
        return found.get(0).value;
    }
}
