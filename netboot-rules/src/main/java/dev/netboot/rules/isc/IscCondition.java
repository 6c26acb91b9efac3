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

    IscCondition(Expr.Bool expr, String source, String file) {
        this.expr = expr;
        this.source = source;
        this.file = file;
    }

    @Override
    public boolean test(MatchContext ctx) {
        return expr.eval(ctx) == 1;
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
        for (Expr c : children(e)) {
            collect(c, ctx, out);
        }
    }

    static List<Expr> children(Expr e) {
        if (e instanceof Expr.And a) {
            return List.of(a.left, a.right);
        } else if (e instanceof Expr.Or o) {
            return List.of(o.left, o.right);
        } else if (e instanceof Expr.Not n) {
            return List.of(n.inner);
        } else if (e instanceof Expr.Exists x) {
            return List.of(x.option);
        } else if (e instanceof Expr.Equal q) {
            return List.of(q.left, q.right);
        } else if (e instanceof Expr.Regex r) {
            return List.of(r.left, r.right);
        } else if (e instanceof Expr.Substring s) {
            return List.of(s.data, s.offset, s.length);
        } else if (e instanceof Expr.Suffix s) {
            return List.of(s.data, s.length);
        } else if (e instanceof Expr.Case c) {
            return List.of(c.data);
        } else if (e instanceof Expr.Concat c) {
            return List.copyOf(c.parts);
        } else if (e instanceof Expr.PickFirst p) {
            return List.copyOf(p.parts);
        } else if (e instanceof Expr.BinaryToAscii b) {
            return List.of(b.base, b.width, b.separator, b.data);
        } else if (e instanceof Expr.EncodeInt x) {
            return List.of(x.value);
        } else if (e instanceof Expr.Reverse r) {
            return List.of(r.width, r.data);
        } else if (e instanceof Expr.ExtractInt x) {
            return List.of(x.data);
        }
        return List.of();
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
