package dev.netboot.rules.isc;

import dev.netboot.rules.ClientFacts;
import dev.netboot.rules.MatchContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * ISC expressions with ISC's evaluation rules. Boolean results are tri-valued (1 true, 0 false,
 * -1 null): {@code and} is null unless its left side is true and its right side is defined;
 * {@code or} is defined if either side is; {@code =} is always defined (both null: equal; one
 * null: not equal). An {@code if} treats null as false. Data results are byte arrays (null is
 * ISC's null); numeric results use {@link #NULL_NUM}.
 *
 * <p>An interface, so that the parser's methods returning {@code Expr} do not make the bytecode
 * verifier load every kind of expression on the first read, only those the configuration uses.
 */
interface Expr {
    long NULL_NUM = Long.MIN_VALUE;

    enum Type { BOOL, DATA, NUM }

    /** The token the expression is written at (the operator of a binary expression). */
    Token at();

    Type type();

    /** True if the expression is written in parentheses. */
    boolean parenthesized();

    /** The operands, in source order. */
    List<Expr> children();

    /**
     * True if {@code other}, an expression of the same class, has the same attributes apart from
     * its operands (the same constant, option, width...).
     */
    boolean sameAttributes(Expr other);

    /** What every expression has: its position, and whether it is parenthesized (set by the parser). */
    abstract class Node implements Expr {
        final Token at;
        boolean paren;

        Node(Token at) {
            this.at = at;
        }

        @Override
        public Token at() {
            return at;
        }

        @Override
        public boolean parenthesized() {
            return paren;
        }

        @Override
        public List<Expr> children() {
            return List.of();
        }

        @Override
        public boolean sameAttributes(Expr other) {
            return true;
        }
    }

    // ------------------------------------------------------------------ boolean

    abstract class Bool extends Node {
        Bool(Token at) {
            super(at);
        }

        @Override
        public Type type() {
            return Type.BOOL;
        }

        abstract int eval(MatchContext ctx);
    }

    final class And extends Bool {
        final Bool left;
        final Bool right;

        And(Token at, Bool left, Bool right) {
            super(at);
            this.left = left;
            this.right = right;
        }

        @Override
        public List<Expr> children() {
            return List.of(left, right);
        }

        @Override
        int eval(MatchContext ctx) {
            int l = left.eval(ctx);
            if (l != 1) {
                return -1;
            }
            int r = right.eval(ctx);
            return r < 0 ? -1 : r;
        }
    }

    final class Or extends Bool {
        final Bool left;
        final Bool right;

        Or(Token at, Bool left, Bool right) {
            super(at);
            this.left = left;
            this.right = right;
        }

        @Override
        public List<Expr> children() {
            return List.of(left, right);
        }

        @Override
        int eval(MatchContext ctx) {
            int l = left.eval(ctx);
            if (l == 1) {
                return 1;
            }
            int r = right.eval(ctx);
            if (l < 0 && r < 0) {
                return -1;
            }
            return r == 1 ? 1 : 0;
        }
    }

    final class Not extends Bool {
        final Bool inner;

        Not(Token at, Bool inner) {
            super(at);
            this.inner = inner;
        }

        @Override
        public List<Expr> children() {
            return List.of(inner);
        }

        @Override
        int eval(MatchContext ctx) {
            int v = inner.eval(ctx);
            return v < 0 ? -1 : 1 - v;
        }
    }

    final class Exists extends Bool {
        final OptionRef option;

        Exists(Token at, OptionRef option) {
            super(at);
            this.option = option;
        }

        @Override
        public List<Expr> children() {
            return List.of(option);
        }

        @Override
        int eval(MatchContext ctx) {
            return option.present(ctx.facts()) ? 1 : 0;
        }
    }

    final class Known extends Bool {
        Known(Token at) {
            super(at);
        }

        @Override
        int eval(MatchContext ctx) {
            return ctx.known() ? 1 : 0;
        }
    }

    final class Check extends Bool {
        final String className;

        Check(Token at, String className) {
            super(at);
            this.className = className;
        }

        @Override
        public boolean sameAttributes(Expr other) {
            return className.equals(((Check) other).className);
        }

        @Override
        int eval(MatchContext ctx) {
            return ctx.inClass(className) ? 1 : 0;
        }
    }

    /** {@code =} and {@code !=} on data or numbers; compares option bytes in place when it can. */
    final class Equal extends Bool {
        final Expr left;
        final Expr right;
        final boolean negated;
        private final Data probe;
        private final byte[] constant;

        Equal(Token at, Expr left, Expr right, boolean negated) {
            super(at);
            this.left = left;
            this.right = right;
            this.negated = negated;
            if (right instanceof Const c && left instanceof Data d && d.inPlace()) {
                probe = d;
                constant = c.value;
            } else if (left instanceof Const c && right instanceof Data d && d.inPlace()) {
                probe = d;
                constant = c.value;
            } else {
                probe = null;
                constant = null;
            }
        }

        @Override
        public List<Expr> children() {
            return List.of(left, right);
        }

        @Override
        public boolean sameAttributes(Expr other) {
            return negated == ((Equal) other).negated;
        }

        @Override
        int eval(MatchContext ctx) {
            boolean eq;
            if (probe != null) {
                int r = probe.compareInPlace(ctx.facts(), constant);
                eq = r == 1; // r == -1: null against a constant is "not equal"
            } else if (left.type() == Type.NUM) {
                long l = ((Num) left).eval(ctx);
                long r = ((Num) right).eval(ctx);
                eq = l == r;
            } else {
                byte[] l = ((Data) left).eval(ctx);
                byte[] r = ((Data) right).eval(ctx);
                eq = l == null ? r == null : r != null && java.util.Arrays.equals(l, r);
            }
            return eq != negated ? 1 : 0;
        }
    }

    /** {@code ~=} (and {@code ~~}, case-insensitive): POSIX-style search anywhere in the left side. */
    final class Regex extends Bool {
        final Data left;
        final Data right;
        final boolean ignoreCase;
        private final Pattern fixed;

        Regex(Token at, Data left, Data right, boolean ignoreCase, Pattern fixed) {
            super(at);
            this.left = left;
            this.right = right;
            this.ignoreCase = ignoreCase;
            this.fixed = fixed;
        }

        @Override
        public List<Expr> children() {
            return List.of(left, right);
        }

        @Override
        public boolean sameAttributes(Expr other) {
            return ignoreCase == ((Regex) other).ignoreCase;
        }

        static Pattern compile(byte[] re, boolean ignoreCase) {
            return Pattern.compile(new String(re, StandardCharsets.ISO_8859_1), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
        }

        @Override
        int eval(MatchContext ctx) {
            byte[] l = left.eval(ctx);
            if (l == null) {
                return -1;
            }
            Pattern p = fixed;
            if (p == null) {
                byte[] r = right.eval(ctx);
                if (r == null) {
                    return -1;
                }
                try {
                    p = compile(r, ignoreCase);
                } catch (RuntimeException e) {
                    return 0;
                }
            }
            return p.matcher(new String(l, StandardCharsets.ISO_8859_1)).find() ? 1 : 0;
        }
    }

    // ------------------------------------------------------------------ data

    abstract class Data extends Node {
        Data(Token at) {
            super(at);
        }

        @Override
        public Type type() {
            return Type.DATA;
        }

        abstract byte[] eval(MatchContext ctx);

        /** True if {@link #compareInPlace} works for this node. */
        boolean inPlace() {
            return false;
        }

        /** 1 equal, 0 different, -1 null; only when {@link #inPlace()}. */
        int compareInPlace(ClientFacts f, byte[] c) {
            throw new UnsupportedOperationException();
        }
    }

    final class Const extends Data {
        final byte[] value;

        Const(Token at, byte[] value) {
            super(at);
            this.value = value;
        }

        @Override
        public boolean sameAttributes(Expr other) {
            return java.util.Arrays.equals(value, ((Const) other).value);
        }

        @Override
        byte[] eval(MatchContext ctx) {
            return value;
        }
    }

    final class Null extends Data {
        Null(Token at) {
            super(at);
        }

        @Override
        byte[] eval(MatchContext ctx) {
            return null;
        }
    }

    /** {@code option NAME}: the client's raw option bytes; a sub-option when NAME is in an encapsulated space. */
    final class OptionRef extends Data {
        final String name;
        final int code;
        final int parentCode;

        OptionRef(Token at, String name, int code, int parentCode) {
            super(at);
            this.name = name;
            this.code = code;
            this.parentCode = parentCode;
        }

        @Override
        public boolean sameAttributes(Expr other) {
            OptionRef o = (OptionRef) other;
            return code == o.code && parentCode == o.parentCode;
        }

        boolean present(ClientFacts f) {
            return parentCode < 0 ? f.hasOption(code) : subOffset(f) >= 0;
        }

        /** Offset of the sub-option's length byte inside the parent option, or -1. */
        private int subOffset(ClientFacts f) {
            int len = f.optionLength(parentCode);
            for (int i = 0; i + 1 < len; ) {
                int c = f.optionByte(parentCode, i);
                int l = f.optionByte(parentCode, i + 1);
                if (i + 2 + l > len) {
                    return -1;
                }
                if (c == code) {
                    return i + 1;
                }
                i += 2 + l;
            }
            return -1;
        }

        @Override
        byte[] eval(MatchContext ctx) {
            ClientFacts f = ctx.facts();
            if (parentCode < 0) {
                return f.option(code);
            }
            int off = subOffset(f);
            if (off < 0) {
                return null;
            }
            int l = f.optionByte(parentCode, off);
            byte[] out = new byte[l];
            for (int i = 0; i < l; i++) {
                out[i] = (byte) f.optionByte(parentCode, off + 1 + i);
            }
            return out;
        }

        @Override
        boolean inPlace() {
            return parentCode < 0;
        }

        @Override
        int compareInPlace(ClientFacts f, byte[] c) {
            if (!f.hasOption(code)) {
                return -1;
            }
            return f.optionEquals(code, c) ? 1 : 0;
        }
    }

    final class Hardware extends Data {
        Hardware(Token at) {
            super(at);
        }

        @Override
        byte[] eval(MatchContext ctx) {
            ClientFacts f = ctx.facts();
            byte[] out = new byte[f.hardwareLength() + 1];
            out[0] = (byte) f.hardwareType();
            for (int i = 1; i < out.length; i++) {
                out[i] = (byte) f.chaddrByte(i - 1);
            }
            return out;
        }

        @Override
        boolean inPlace() {
            return true;
        }

        @Override
        int compareInPlace(ClientFacts f, byte[] c) {
            if (c.length != f.hardwareLength() + 1 || (c[0] & 0xff) != f.hardwareType()) {
                return 0;
            }
            for (int i = 1; i < c.length; i++) {
                if ((c[i] & 0xff) != f.chaddrByte(i - 1)) {
                    return 0;
                }
            }
            return 1;
        }
    }

    /** {@code substring(DATA, OFFSET, LENGTH)}. */
    final class Substring extends Data {
        final Data data;
        final Num offset;
        final Num length;

        Substring(Token at, Data data, Num offset, Num length) {
            super(at);
            this.data = data;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public List<Expr> children() {
            return List.of(data, offset, length);
        }

        @Override
        byte[] eval(MatchContext ctx) {
            byte[] d = data.eval(ctx);
            long off = offset.eval(ctx);
            long len = length.eval(ctx);
            if (d == null || off == NULL_NUM || len == NULL_NUM || off < 0 || len < 0) {
                return null;
            }
            if (off >= d.length) {
                return new byte[0];
            }
            int end = (int) Math.min(d.length, off + len);
            return java.util.Arrays.copyOfRange(d, (int) off, end);
        }

        @Override
        boolean inPlace() {
            return data instanceof OptionRef o && o.parentCode < 0 && offset instanceof NumConst
                    && length instanceof NumConst;
        }

        @Override
        int compareInPlace(ClientFacts f, byte[] c) {
            int code = ((OptionRef) data).code;
            int n = f.optionLength(code);
            if (n < 0) {
                return -1;
            }
            long off = ((NumConst) offset).value;
            long len = ((NumConst) length).value;
            if (off < 0 || len < 0) {
                return -1; // null, as eval returns
            }
            if (off >= n) {
                return c.length == 0 ? 1 : 0;
            }
            long end = Math.min(n, off + len);
            if (end - off != c.length) {
                return 0;
            }
            return f.optionRegionEquals(code, (int) off, c) ? 1 : 0;
        }
    }

    /** {@code suffix(DATA, LENGTH)}. */
    final class Suffix extends Data {
        final Data data;
        final Num length;

        Suffix(Token at, Data data, Num length) {
            super(at);
            this.data = data;
            this.length = length;
        }

        @Override
        public List<Expr> children() {
            return List.of(data, length);
        }

        @Override
        byte[] eval(MatchContext ctx) {
            byte[] d = data.eval(ctx);
            long len = length.eval(ctx);
            if (d == null || len == NULL_NUM || len < 0) {
                return null;
            }
            return d.length <= len ? d : java.util.Arrays.copyOfRange(d, (int) (d.length - len), d.length);
        }

        @Override
        boolean inPlace() {
            return data instanceof OptionRef o && o.parentCode < 0 && length instanceof NumConst;
        }

        @Override
        int compareInPlace(ClientFacts f, byte[] c) {
            int code = ((OptionRef) data).code;
            int n = f.optionLength(code);
            if (n < 0) {
                return -1;
            }
            long len = ((NumConst) length).value;
            if (len < 0) {
                return -1; // null, as eval returns
            }
            int take = (int) Math.min(n, len);
            if (take != c.length) {
                return 0;
            }
            return f.optionRegionEquals(code, n - take, c) ? 1 : 0;
        }
    }

    /** {@code lcase(DATA)} / {@code ucase(DATA)}. */
    final class Case extends Data {
        final Data data;
        final boolean upper;

        Case(Token at, Data data, boolean upper) {
            super(at);
            this.data = data;
            this.upper = upper;
        }

        @Override
        public List<Expr> children() {
            return List.of(data);
        }

        @Override
        public boolean sameAttributes(Expr other) {
            return upper == ((Case) other).upper;
        }

        @Override
        byte[] eval(MatchContext ctx) {
            byte[] d = data.eval(ctx);
            if (d == null) {
                return null;
            }
            byte[] out = d.clone();
            for (int i = 0; i < out.length; i++) {
                int c = out[i] & 0xff;
                if (upper && c >= 'a' && c <= 'z') {
                    out[i] = (byte) (c - 32);
                } else if (!upper && c >= 'A' && c <= 'Z') {
                    out[i] = (byte) (c + 32);
                }
            }
            return out;
        }
    }

    /** {@code concat(A, B, ...)}: null if any part is null. */
    final class Concat extends Data {
        final List<Data> parts;

        Concat(Token at, List<Data> parts) {
            super(at);
            this.parts = List.copyOf(parts);
        }

        @Override
        public List<Expr> children() {
            return List.copyOf(parts);
        }

        @Override
        byte[] eval(MatchContext ctx) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (Data p : parts) {
                byte[] v = p.eval(ctx);
                if (v == null) {
                    return null;
                }
                out.writeBytes(v);
            }
            return out.toByteArray();
        }
    }

    /** {@code pick-first-value(A, B, ...)}: the first part that is not null. */
    final class PickFirst extends Data {
        final List<Data> parts;

        PickFirst(Token at, List<Data> parts) {
            super(at);
            this.parts = List.copyOf(parts);
        }

        @Override
        public List<Expr> children() {
            return List.copyOf(parts);
        }

        @Override
        byte[] eval(MatchContext ctx) {
            for (Data p : parts) {
                byte[] v = p.eval(ctx);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }
    }

    /** {@code binary-to-ascii(BASE, WIDTH, SEPARATOR, DATA)}: numbers without leading zeros. */
    final class BinaryToAscii extends Data {
        final Num base;
        final Num width;
        final Data separator;
        final Data data;

        BinaryToAscii(Token at, Num base, Num width, Data separator, Data data) {
            super(at);
            this.base = base;
            this.width = width;
            this.separator = separator;
            this.data = data;
        }

        @Override
        public List<Expr> children() {
            return List.of(base, width, separator, data);
        }

        @Override
        byte[] eval(MatchContext ctx) {
            long b = base.eval(ctx);
            long w = width.eval(ctx);
            byte[] sep = separator.eval(ctx);
            byte[] d = data.eval(ctx);
            if (b == NULL_NUM || w == NULL_NUM || sep == null || d == null) {
                return null;
            }
            if ((w != 8 && w != 16 && w != 32) || b < 2 || b > 16) {
                return null;
            }
            int bytes = (int) (w / 8);
            if (d.length % bytes != 0) {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            String s = new String(sep, StandardCharsets.ISO_8859_1);
            for (int i = 0; i < d.length; i += bytes) {
                long v = 0;
                for (int k = 0; k < bytes; k++) {
                    v = (v << 8) | (d[i + k] & 0xff);
                }
                if (i > 0) {
                    sb.append(s);
                }
                sb.append(Long.toString(v, (int) b).toLowerCase(Locale.ROOT));
            }
            return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /** {@code encode-int(NUMBER, WIDTH)}: big-endian bytes. */
    final class EncodeInt extends Data {
        final Num value;
        final int width;

        EncodeInt(Token at, Num value, int width) {
            super(at);
            this.value = value;
            this.width = width;
        }

        @Override
        public List<Expr> children() {
            return List.of(value);
        }

        @Override
        public boolean sameAttributes(Expr other) {
            return width == ((EncodeInt) other).width;
        }

        @Override
        byte[] eval(MatchContext ctx) {
            long v = value.eval(ctx);
            if (v == NULL_NUM) {
                return null;
            }
            int n = width / 8;
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                out[i] = (byte) (v >>> (8 * (n - 1 - i)));
            }
            return out;
        }
    }

    /** {@code reverse(WIDTH, DATA)}: reverses the order of WIDTH-byte groups. */
    final class Reverse extends Data {
        final Num width;
        final Data data;

        Reverse(Token at, Num width, Data data) {
            super(at);
            this.width = width;
            this.data = data;
        }

        @Override
        public List<Expr> children() {
            return List.of(width, data);
        }

        @Override
        byte[] eval(MatchContext ctx) {
            long w = width.eval(ctx);
            byte[] d = data.eval(ctx);
            if (w == NULL_NUM || d == null || w <= 0 || d.length % w != 0) {
                return null;
            }
            int n = (int) w;
            byte[] out = new byte[d.length];
            for (int i = 0; i < d.length; i += n) {
                System.arraycopy(d, d.length - i - n, out, i, n);
            }
            return out;
        }
    }

    /** {@code host-decl-name}: the matching host declaration's name. */
    final class HostDeclName extends Data {
        HostDeclName(Token at) {
            super(at);
        }

        @Override
        byte[] eval(MatchContext ctx) {
            String n = ctx.hostName();
            return n == null ? null : n.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    // ------------------------------------------------------------------ numeric

    abstract class Num extends Node {
        Num(Token at) {
            super(at);
        }

        @Override
        public Type type() {
            return Type.NUM;
        }

        abstract long eval(MatchContext ctx);
    }

    final class NumConst extends Num {
        final long value;

        NumConst(Token at, long value) {
            super(at);
            this.value = value;
        }

        @Override
        public boolean sameAttributes(Expr other) {
            return value == ((NumConst) other).value;
        }

        @Override
        long eval(MatchContext ctx) {
            return value;
        }
    }

    /** {@code extract-int(DATA, WIDTH)}: null when the data is shorter than the width. */
    final class ExtractInt extends Num {
        final Data data;
        final int width;

        ExtractInt(Token at, Data data, int width) {
            super(at);
            this.data = data;
            this.width = width;
        }

        @Override
        public List<Expr> children() {
            return List.of(data);
        }

        @Override
        public boolean sameAttributes(Expr other) {
            return width == ((ExtractInt) other).width;
        }

        @Override
        long eval(MatchContext ctx) {
            byte[] d = data.eval(ctx);
            int n = width / 8;
            if (d == null || d.length < n) {
                return NULL_NUM;
            }
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return v;
        }
    }
}
