package dev.netboot.rules.isc;

import dev.netboot.rules.ClientFacts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The common shape of an ISC condition, tested without walking its expression: one option (not a
 * sub-option) that must be present, or must equal one of a few constants. Built from {@code exists},
 * {@code =} with a constant, {@code and} and {@code or} when every part tests the same option, e.g.
 * {@code (exists user-class) and ((option user-class = "iPXE") or (option user-class = "gPXE"))}.
 *
 * <p>Why: walking the expression costs a megamorphic call per node and an option lookup per
 * {@code exists} and per {@code =}; a dhcpd.conf if / else-if chain is mostly such conditions, and
 * a client whose branch comes late tries all of them. {@link #test} is equivalent to
 * {@code expr.eval(ctx) == 1} (an {@code if} treats ISC's null as false): {@code and} is true only
 * if both sides are, {@code or} if either is, and {@code =} against a constant is never null.
 * Immutable and thread-safe.
 */
final class OptionMatch {
    final int code;
    /** The values the option may have; null when being present is enough. */
    private final byte[][] values;

    private OptionMatch(int code, byte[][] values) {
        this.code = code;
        this.values = values;
    }

    /** The match equivalent to {@code e}, or null when {@code e} has another shape. */
    static OptionMatch of(Expr.Bool e) {
        if (e instanceof Expr.Exists x) {
            return x.option.parentCode < 0 ? new OptionMatch(x.option.code, null) : null;
        }
        if (e instanceof Expr.Equal q) {
            if (q.negated) {
                return null;
            }
            if (q.left instanceof Expr.OptionRef o && q.right instanceof Expr.Const c) {
                return equal(o, c);
            }
            if (q.right instanceof Expr.OptionRef o && q.left instanceof Expr.Const c) {
                return equal(o, c);
            }
            return null;
        }
        if (e instanceof Expr.And a) {
            OptionMatch l = of(a.left);
            OptionMatch r = l == null ? null : of(a.right);
            if (r == null || l.code != r.code) {
                return null;
            }
            if (l.values == null) {
                return r;
            }
            if (r.values == null) {
                return l;
            }
            List<byte[]> both = new ArrayList<>();
            for (byte[] v : l.values) {
                if (r.contains(v)) {
                    both.add(v);
                }
            }
            return new OptionMatch(l.code, both.toArray(new byte[0][]));
        }
        if (e instanceof Expr.Or o) {
            OptionMatch l = of(o.left);
            OptionMatch r = l == null ? null : of(o.right);
            if (r == null || l.code != r.code) {
                return null;
            }
            if (l.values == null || r.values == null) {
                return new OptionMatch(l.code, null);
            }
            List<byte[]> either = new ArrayList<>(Arrays.asList(l.values));
            for (byte[] v : r.values) {
                if (!l.contains(v)) {
                    either.add(v);
                }
            }
            return new OptionMatch(l.code, either.toArray(new byte[0][]));
        }
        return null;
    }

    private static OptionMatch equal(Expr.OptionRef o, Expr.Const c) {
        return o.parentCode < 0 ? new OptionMatch(o.code, new byte[][] {c.value}) : null;
    }

    private boolean contains(byte[] v) {
        for (byte[] x : values) {
            if (Arrays.equals(x, v)) {
                return true;
            }
        }
        return false;
    }

    /** True if the client's option satisfies the condition; one option lookup per constant, no allocation. */
    boolean test(ClientFacts f) {
        if (values == null) {
            return f.hasOption(code);
        }
        for (byte[] v : values) {
            if (f.optionEquals(code, v)) {
                return true;
            }
        }
        return false;
    }
}
