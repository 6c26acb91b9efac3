package dev.netboot.rules.isc;

import java.util.ArrayList;
import java.util.List;

/**
 * An ISC option type: {@code unsigned integer 16}, {@code array of ip-address},
 * {@code { ip-address, ip-address }}, {@code encapsulate SPACE}... Immutable.
 *
 * @param fields the atoms of one element (one for simple types)
 * @param array how the value repeats
 * @param encapsulates the option space for {@code encapsulate}, else null
 */
record IscType(List<Atom> fields, Repeat array, String encapsulates) {
    enum Atom {
        BOOLEAN("boolean"), INT8("signed integer 8"), UINT8("unsigned integer 8"), INT16("signed integer 16"),
        UINT16("unsigned integer 16"), INT32("signed integer 32"), UINT32("unsigned integer 32"),
        IP("ip-address"), IP6("ip6-address"), TEXT("text"), STRING("string"), DOMAIN_NAME("domain-name"),
        DOMAIN_LIST("domain-list"), DOMAIN_LIST_COMPRESSED("domain-list compressed"), ZEROLEN("zerolen");

        final String text;

        Atom(String text) {
            this.text = text;
        }
    }

    enum Repeat { NONE, ALL, LAST }

    static IscType of(Atom a) {
        return new IscType(List.of(a), Repeat.NONE, null);
    }

    @Override
    public String toString() {
        if (encapsulates != null) {
            return "encapsulate " + encapsulates;
        }
        List<String> parts = new ArrayList<>();
        for (Atom a : fields) {
            parts.add(a.text);
        }
        String body = fields.size() == 1 ? parts.get(0) : "{ " + String.join(", ", parts) + " }";
        return switch (array) {
            case NONE -> body;
            case ALL -> "array of " + body;
            case LAST -> body + " (last repeated)";
        };
    }

    /** Parses a type as written after {@code option NAME code N =}; returns null if not a type. */
    static IscType parse(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        for (int i = 0; i <= lower.length(); i++) {
            char ch = i < lower.length() ? lower.charAt(i) : ' ';
            if (ch == '{' || ch == '}' || ch == ',' || Character.isWhitespace(ch)) {
                if (w.length() > 0) {
                    words.add(w.toString());
                    w.setLength(0);
                }
                if (!Character.isWhitespace(ch)) {
                    words.add(String.valueOf(ch));
                }
            } else {
                w.append(ch);
            }
        }
        if (words.isEmpty()) {
            return null;
        }
        Cursor c = new Cursor(words.toArray(new String[0]));
        IscType t = parse(c);
        return t != null && c.done() ? t : null;
    }

    static final class Cursor {
        final String[] w;
        int i;

        Cursor(String[] w) {
            this.w = w;
        }

        String peek() {
            return i < w.length ? w[i] : "";
        }

        String take() {
            return i < w.length ? w[i++] : "";
        }

        boolean done() {
            return i >= w.length;
        }
    }

    static IscType parse(Cursor c) {
        if (c.peek().equals("encapsulate")) {
            c.take();
            String space = c.take();
            return space.isEmpty() ? null : new IscType(List.of(), Repeat.NONE, space);
        }
        boolean array = false;
        if (c.peek().equals("array")) {
            c.take();
            if (!c.take().equals("of")) {
                return null;
            }
            array = true;
        }
        List<Atom> fields = new ArrayList<>();
        if (c.peek().equals("{")) {
            c.take();
            while (true) {
                Atom a = atom(c);
                if (a == null) {
                    return null;
                }
                fields.add(a);
                String sep = c.take();
                if (sep.equals("}")) {
                    break;
                }
                if (!sep.equals(",")) {
                    return null;
                }
            }
        } else {
            Atom a = atom(c);
            if (a == null) {
                return null;
            }
            fields.add(a);
        }
        return new IscType(List.copyOf(fields), array ? Repeat.ALL : Repeat.NONE, null);
    }

    private static Atom atom(Cursor c) {
        String w = c.take();
        switch (w) {
            case "boolean":
                return Atom.BOOLEAN;
            case "ip-address":
                return Atom.IP;
            case "ip6-address":
                return Atom.IP6;
            case "text":
                return Atom.TEXT;
            case "string":
                return Atom.STRING;
            case "domain-name":
                return Atom.DOMAIN_NAME;
            case "zerolen":
                return Atom.ZEROLEN;
            case "domain-list":
                if (c.peek().equals("compressed")) {
                    c.take();
                    return Atom.DOMAIN_LIST_COMPRESSED;
                }
                return Atom.DOMAIN_LIST;
            case "integer":
            case "signed":
            case "unsigned": {
                boolean signed = w.equals("signed");
                if (!w.equals("integer") && !c.take().equals("integer")) {
                    return null;
                }
                return switch (c.take()) {
                    case "8" -> signed ? Atom.INT8 : Atom.UINT8;
                    case "16" -> signed ? Atom.INT16 : Atom.UINT16;
                    case "32" -> signed ? Atom.INT32 : Atom.UINT32;
                    default -> null;
                };
            }
            default:
                return null;
        }
    }
}
