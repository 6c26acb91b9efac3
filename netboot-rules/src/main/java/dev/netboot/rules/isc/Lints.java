package dev.netboot.rules.isc;

import dev.netboot.rules.Action;
import dev.netboot.rules.Chain;
import dev.netboot.rules.Declaration;
import dev.netboot.rules.Diagnostic;
import dev.netboot.rules.Origin;
import dev.netboot.rules.Rule;
import dev.netboot.rules.Statement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lints for {@code netboot check}: unreachable branches, exact comparisons on U-Boot vendor
 * strings, architecture rules before the iPXE loop-breaker, arch 9 without 7 (the RFC 4578
 * erratum), and mixed {@code and}/{@code or} without parentheses.
 */
final class Lints {
    static final int ARCH = 93;
    static final int VENDOR_CLASS = 60;
    static final int USER_CLASS = 77;
    static final int IPXE = 175;

    private final List<Diagnostic> out = new ArrayList<>();

    static List<Diagnostic> run(Declaration.Group global) {
        Lints l = new Lints();
        l.declaration(global);
        return l.out;
    }

    private void declaration(Declaration d) {
        statements(d.statements());
        if (d instanceof Declaration.ClientClass c && c.matchIf() instanceof IscCondition ic) {
            expression(ic.expr, ic.file);
        }
        List<Declaration> children = d instanceof Declaration.Group g ? g.declarations()
                : d instanceof Declaration.SharedNetwork s ? s.declarations()
                : d instanceof Declaration.Subnet s ? s.declarations() : List.of();
        for (Declaration c : children) {
            declaration(c);
        }
    }

    private void statements(List<Statement> list) {
        for (Statement s : list) {
            if (s instanceof Chain c) {
                chain(c);
            }
        }
    }

    private void chain(Chain c) {
        List<Rule> rules = c.rules();
        int ipxeAt = -1;
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            statements(r.body());
            if (!(r.condition() instanceof IscCondition ic)) {
                continue;
            }
            expression(ic.expr, ic.file);
            for (int j = 0; j < i; j++) {
                if (rules.get(j).condition() instanceof IscCondition prev && implies(ic.expr, prev.expr)) {
                    out.add(Diagnostic.warning(r.origin(), "unreachable", "unreachable branch: whenever '" + ic.source
                            + "' holds, the earlier branch at " + rules.get(j).origin().line() + ":"
                            + rules.get(j).origin().column() + " ('" + prev.source + "') matches first"));
                    break;
                }
            }
            if (ipxeAt < 0 && testsIpxe(ic.expr)) {
                ipxeAt = i;
            }
        }
        if (c.otherwise() != null) {
            statements(c.otherwise());
        }
        if (ipxeAt > 0) {
            for (int j = 0; j < ipxeAt; j++) {
                if (rules.get(j).condition() instanceof IscCondition ic && testsArch(ic.expr) && !testsIpxe(ic.expr)) {
                    Rule ipxe = rules.get(ipxeAt);
                    out.add(Diagnostic.warning(rules.get(j).origin(), "arch-before-ipxe", "architecture rule '" + ic.source
                            + "' comes before the iPXE check at " + ipxe.origin().line() + ":" + ipxe.origin().column()
                            + ": iPXE sends the same architecture, gets the firmware's boot file again and chain-loads in"
                            + " a loop; test for iPXE first"));
                    break;
                }
            }
        }
        archErratum(c);
    }

    private void archErratum(Chain c) {
        Rule nine = null;
        Rule seven = null;
        for (Rule r : c.rules()) {
            if (r.condition() instanceof IscCondition ic) {
                if (nine == null && comparesArch(ic.expr, 9)) {
                    nine = r;
                }
                if (seven == null && comparesArch(ic.expr, 7)) {
                    seven = r;
                }
            }
        }
        if (nine == null) {
            return;
        }
        if (seven == null) {
            out.add(Diagnostic.warning(nine.origin(), "arch-9-vs-7", "architecture 9 tested without 7: RFC 4578 listed"
                    + " 9 as EFI x86-64, but per its erratum UEFI x86-64 firmware sends 7 (only old iPXE sends 9);"
                    + " also test 00:07"));
            return;
        }
        String f9 = filename(nine.body());
        String f7 = filename(seven.body());
        if (f9 != null && f7 != null && !f9.equals(f7)) {
            out.add(Diagnostic.warning(nine.origin(), "arch-9-vs-7", "architectures 9 and 7 get different files (\"" + f9
                    + "\" and \"" + f7 + "\"), but both are UEFI x86-64 (RFC 4578 erratum)"));
        }
    }

    private static String filename(List<Statement> body) {
        String f = null;
        for (Statement s : body) {
            if (s instanceof Action.Filename fn) {
                f = fn.value();
            }
        }
        return f;
    }

    private void expression(Expr e, String file) {
        if (e instanceof Expr.And a) {
            mixed(a.left, a.right, a.at, "and", Expr.Or.class, file);
        } else if (e instanceof Expr.Or o) {
            mixed(o.left, o.right, o.at, "or", Expr.And.class, file);
        } else if (e instanceof Expr.Equal q && !q.negated) {
            uBoot(q, file);
        } else if (e instanceof Expr.Regex r) {
            uBoot(r, file);
        }
        for (Expr c : e.children()) {
            expression(c, file);
        }
    }

    private void mixed(Expr l, Expr r, Token op, String name, Class<?> other, String file) {
        for (Expr side : new Expr[] {l, r}) {
            if (other.isInstance(side) && !side.parenthesized()) {
                out.add(Diagnostic.warning(Origin.of(file, op.line(), op.column()), "mixed-and-or", "'and' and 'or'"
                        + " mixed without parentheses: ISC gives them the same precedence, so this groups as '"
                        + (side == l ? "(... " + (name.equals("and") ? "or" : "and") + " ...) " + name + " ..."
                                : "... " + name + " (... " + (name.equals("and") ? "or" : "and") + " ...)")
                        + "'; add parentheses"));
                return;
            }
        }
    }

    /**
     * U-Boot's vendor class is {@code U-Boot.<arch>} on some boards and {@code U-boot.<arch>.<board>}
     * on others: an exact comparison misses the board suffix, and a case-sensitive one (an exact
     * {@code =}, a {@code substring} prefix not under {@code lcase}/{@code ucase}, a {@code ~=}
     * pattern) misses the other capitalisation. The suggestion fixes both.
     */
    private void uBoot(Expr.Equal q, String file) {
        Expr.Const c = q.right instanceof Expr.Const rc ? rc : q.left instanceof Expr.Const lc ? lc : null;
        if (c == null) {
            return;
        }
        String v = new String(c.value, StandardCharsets.ISO_8859_1);
        if (!v.toLowerCase(Locale.ROOT).startsWith("u-boot")) {
            return;
        }
        Expr other = c == q.right ? q.left : q.right;
        if (isVendorClass(other)) {
            out.add(Diagnostic.warning(Origin.of(file, q.left.at().line(), q.left.at().column()), "uboot-exact",
                    "exact comparison with \"" + v + "\": U-Boot boards send variants such as \"U-boot" + v.substring(6)
                    + ".<board>\"; " + uBootFix(v)));
        } else if (other instanceof Expr.Substring sub && isVendorClass(sub.data) && !v.equals(v.toLowerCase(Locale.ROOT))) {
            out.add(Diagnostic.warning(Origin.of(file, q.left.at().line(), q.left.at().column()), "uboot-exact",
                    "case-sensitive comparison with \"" + v + "\": U-Boot boards send both \"U-Boot\" and \"U-boot\"; "
                    + uBootFix(v)));
        }
    }

    private void uBoot(Expr.Regex r, String file) {
        if (r.ignoreCase || !(r.right instanceof Expr.Const c) || !isVendorClass(r.left)) {
            return;
        }
        String pattern = new String(c.value, StandardCharsets.ISO_8859_1);
        String plain = pattern.startsWith("^") ? pattern.substring(1) : pattern;
        if (plain.toLowerCase(Locale.ROOT).startsWith("u-boot") && plain.startsWith("U-Boot")) {
            out.add(Diagnostic.warning(Origin.of(file, r.left.at().line(), r.left.at().column()), "uboot-exact",
                    "case-sensitive pattern \"" + pattern + "\": U-Boot boards send both \"U-Boot\" and \"U-boot\";"
                    + " use ~~ (case-insensitive) instead of ~="));
        }
    }

    private static boolean isVendorClass(Expr e) {
        return e instanceof Expr.OptionRef o && o.code == VENDOR_CLASS && o.parentCode < 0;
    }

    /** A case-insensitive prefix comparison that matches both spellings and every board suffix. */
    private static String uBootFix(String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        return "compare a lower-cased prefix, e.g. lcase(substring(option vendor-class-identifier, 0, " + v.length()
                + ")) = \"" + lower + "\", or use ~~ \"^" + lower.replace(".", "\\\\.") + "\"";
    }

    // ------------------------------------------------------------------ expression facts

    private static boolean refersTo(Expr e, int code) {
        if (e instanceof Expr.OptionRef o) {
            return o.parentCode < 0 ? o.code == code : o.parentCode == code;
        }
        for (Expr c : e.children()) {
            if (refersTo(c, code)) {
                return true;
            }
        }
        return false;
    }

    static boolean testsArch(Expr e) {
        if (refersTo(e, ARCH)) {
            return true;
        }
        return mentions(e, "pxeclient:arch") || mentions(e, "httpclient:arch");
    }

    static boolean testsIpxe(Expr e) {
        if (refersTo(e, IPXE)) {
            return true;
        }
        return refersTo(e, USER_CLASS) && (mentions(e, "ipxe") || mentions(e, "gpxe"));
    }

    private static boolean mentions(Expr e, String lower) {
        if (e instanceof Expr.Const c) {
            return new String(c.value, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT).contains(lower);
        }
        for (Expr c : e.children()) {
            if (mentions(c, lower)) {
                return true;
            }
        }
        return false;
    }

    private static boolean comparesArch(Expr e, int value) {
        if (e instanceof Expr.Equal q && !q.negated) {
            Expr a = q.left;
            Expr b = q.right;
            for (int k = 0; k < 2; k++) {
                if (a instanceof Expr.OptionRef o && o.code == ARCH && o.parentCode < 0 && b instanceof Expr.Const c
                        && c.value.length == 2 && (((c.value[0] & 0xff) << 8) | (c.value[1] & 0xff)) == value) {
                    return true;
                }
                if (a.type() == Expr.Type.NUM && a instanceof Expr.ExtractInt x && refersTo(x, ARCH)
                        && b instanceof Expr.NumConst n && n.value == value) {
                    return true;
                }
                Expr t = a;
                a = b;
                b = t;
            }
        }
        for (Expr c : e.children()) {
            if (comparesArch(c, value)) {
                return true;
            }
        }
        return false;
    }

    /** True if whenever {@code a} is true, {@code b} is true (conservative). */
    static boolean implies(Expr a, Expr b) {
        if (same(a, b)) {
            return true;
        }
        if (a instanceof Expr.And x) {
            return implies(x.left, b) || implies(x.right, b);
        }
        if (b instanceof Expr.Or y) {
            if (implies(a, y.left) || implies(a, y.right)) {
                return true;
            }
        }
        if (a instanceof Expr.Or x) {
            return implies(x.left, b) && implies(x.right, b);
        }
        return false;
    }

    static boolean same(Expr a, Expr b) {
        if (a.getClass() != b.getClass() || !a.sameAttributes(b)) {
            return false;
        }
        if (a instanceof Expr.Equal x) {
            Expr.Equal y = (Expr.Equal) b;
            return (same(x.left, y.left) && same(x.right, y.right)) || (same(x.left, y.right) && same(x.right, y.left));
        }
        List<Expr> ca = a.children();
        List<Expr> cb = b.children();
        if (ca.size() != cb.size()) {
            return false;
        }
        for (int i = 0; i < ca.size(); i++) {
            if (!same(ca.get(i), cb.get(i))) {
                return false;
            }
        }
        return true;
    }
}
