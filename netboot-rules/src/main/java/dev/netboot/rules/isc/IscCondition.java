package dev.netboot.rules.isc;

import dev.netboot.rules.MatchContext;
import dev.netboot.rules.Predicate;
import dev.netboot.rules.ValueSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An ISC boolean expression as a rule-engine predicate: ISC's null counts as false. */
final class IscCondition implements Predicate {
    final Expr.Bool expr;
    final String source;
    final String file;
    /** The same test without walking {@link #expr}, for the usual shapes; null for the others. */
    final OptionMatch match;

    IscCondition(Expr.Bool expr, String source, String file) {
        this.expr = expr;
        this.source = source;
        this.file = file;
        this.match = OptionMatch.of(expr);
    }

    @Override
    public boolean test(MatchContext ctx) {
        OptionMatch m = match;
        return m != null ? m.test(ctx.facts()) : expr.eval(ctx) == 1;
    }

    @Override
    public String describe() {
        return source;
    }

    @Override
    public String observe(MatchContext ctx) {
        List<String> seen = new ArrayList<>();
        collect(expr, ctx, seen);
        int v = expr.eval(ctx);
        String result = v == 1 ? "true" : v == 0 ? "false" : "null";
        return (seen.isEmpty() ? "" : String.join("; ", seen) + "; ") + "value " + result;
    }

    static void collect(Expr e, MatchContext ctx, List<String> out) {
        String s = null;
        if (e instanceof Expr.OptionRef o) {
            byte[] v = o.eval(ctx);
            s = "option " + o.name + (v == null ? " absent" : " = " + display(v));
        } else if (e instanceof Expr.Hardware h) {
            s = "hardware = " + display(h.eval(ctx));
        } else if (e instanceof Expr.Known) {
            s = "known = " + ctx.known();
        }
        if (s != null && !out.contains(s)) {
            out.add(s);
        }
        for (Expr c : e.children()) {
            collect(c, ctx, out);
        }
    }

    static String display(byte[] b) {
        boolean printable = b.length > 0;
        for (byte x : b) {
            if (x < 0x20 || x > 0x7e) {
                printable = false;
                break;
            }
        }
        if (printable) {
            return '"' + new String(b, StandardCharsets.ISO_8859_1) + '"';
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < b.length; i++) {
            sb.append(i == 0 ? "" : ":").append(String.format("%02x", b[i] & 0xff));
        }
        return sb.length() == 0 ? "\"\"" : sb.toString();
    }

    @Override
    public String toString() {
        return source;
    }

    /** An ISC data expression as a computed option value or subclass key. */
    static final class Value implements ValueSource {
        final Expr.Data expr;
        final String source;

        Value(Expr.Data expr, String source) {
            this.expr = expr;
            this.source = source;
        }

        @Override
        public byte[] value(MatchContext ctx) {
            return expr.eval(ctx);
        }

        @Override
        public String describe() {
            return source;
        }
    }
}
