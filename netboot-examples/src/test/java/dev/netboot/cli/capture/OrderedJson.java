package dev.netboot.cli.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Test-only JSON reader that keeps objects as ordered lists of members, duplicates included:
 * tshark's {@code -T json} output repeats keys ("dhcp.option.type" once per option), which an
 * ordinary map would collapse. Values are immutable; syntax errors name name:line:column.
 */
final class OrderedJson {
    /** Deepest nesting accepted, so that hostile input cannot exhaust the stack. */
    static final int MAX_DEPTH = 256;

    /** Any JSON value. */
    sealed interface Value permits Obj, Arr, Str, Num, Lit {
        /** This value as an object, or an exception naming what it is instead. */
        default Obj asObject() {
            if (this instanceof Obj o) {
                return o;
            }
            throw new IllegalStateException("expected an object, found " + this);
        }

        /** This value as an array, or an exception naming what it is instead. */
        default Arr asArray() {
            if (this instanceof Arr a) {
                return a;
            }
            throw new IllegalStateException("expected an array, found " + this);
        }

        /** This value as a string, or an exception naming what it is instead. */
        default String asString() {
            if (this instanceof Str s) {
                return s.value();
            }
            throw new IllegalStateException("expected a string, found " + this);
        }
    }

    /** One key and its value, in document order. */
    record Member(String key, Value value) {}

    /** An object: members in document order, duplicate keys kept. */
    record Obj(List<Member> members) implements Value {
        Obj {
            members = List.copyOf(members);
        }

        /** Every value of {@code key}, in order. */
        List<Value> all(String key) {
            List<Value> values = new ArrayList<>();
            for (Member m : members) {
                if (m.key().equals(key)) {
                    values.add(m.value());
                }
            }
            return values;
        }

        /** The first value of {@code key}. */
        Optional<Value> first(String key) {
            return members.stream().filter(m -> m.key().equals(key)).map(Member::value).findFirst();
        }

        /** The first value of {@code key} as a string; an exception if absent or not a string. */
        String string(String key) {
            return first(key).orElseThrow(() -> new IllegalStateException("no member " + key + " in " + keys()))
                    .asString();
        }

        /** The keys in order, duplicates included. */
        List<String> keys() {
            return members.stream().map(Member::key).toList();
        }
    }

    /** An array. */
    record Arr(List<Value> elements) implements Value {
        Arr {
            elements = List.copyOf(elements);
        }
    }

    /** A string, unescaped. */
    record Str(String value) implements Value {}

    /** A number, kept as its text so that nothing is rounded. */
    record Num(String text) implements Value {}

    /** {@code true}, {@code false} or {@code null}. */
    enum Lit implements Value { TRUE, FALSE, NULL }

    /** A syntax error at name:line:column. */
    static final class JsonSyntaxException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        JsonSyntaxException(String name, int line, int column, String reason) {
            super(name + ":" + line + ":" + column + ": " + reason);
            this.line = line;
            this.column = column;
        }
    }

    private final String text;
    private final String name;
    private int pos;

    private OrderedJson(String text, String name) {
        this.text = text;
        this.name = name;
    }

    /** Parses one JSON document; {@code name} appears in error messages. */
    static Value parse(String text, String name) {
        OrderedJson parser = new OrderedJson(text, name);
        parser.skipWhitespace();
        Value value = parser.value(0);
        parser.skipWhitespace();
        if (parser.pos < text.length()) {
            throw parser.error("unexpected " + parser.describe(parser.pos) + " after the document");
        }
        return value;
    }

    private Value value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        if (pos >= text.length()) {
            throw error("unexpected end of input (expected: a value)");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> new Str(string());
            case 't' -> literal("true", Lit.TRUE);
            case 'f' -> literal("false", Lit.FALSE);
            case 'n' -> literal("null", Lit.NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected " + describe(pos) + " (expected: a value)");
            }
        };
    }

    private Obj object(int depth) {
        pos++;
        List<Member> members = new ArrayList<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return new Obj(members);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("unexpected " + describe(pos) + " (expected: a member name)");
            }
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            members.add(new Member(key, value(depth + 1)));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                return new Obj(members);
            }
            if (c != ',') {
                pos--;
                throw error("unexpected " + describe(pos) + " (expected: ',' or '}')");
            }
        }
    }

    private Arr array(int depth) {
        pos++;
        List<Value> elements = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return new Arr(elements);
        }
        while (true) {
            skipWhitespace();
            elements.add(value(depth + 1));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                return new Arr(elements);
            }
            if (c != ',') {
                pos--;
                throw error("unexpected " + describe(pos) + " (expected: ',' or ']')");
            }
        }
    }

    private String string() {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("control character " + describe(pos) + " in a string");
            }
            if (c != '\\') {
                sb.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= text.length()) {
                throw error("unterminated escape");
            }
            char e = text.charAt(pos + 1);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 6 > text.length()) {
                        throw error("truncated \\u escape");
                    }
                    int code = 0;
                    for (int i = pos + 2; i < pos + 6; i++) {
                        int digit = Character.digit(text.charAt(i), 16);
                        if (digit < 0) {
                            pos = i;
                            throw error("unexpected " + describe(i) + " in a \\u escape (expected: a hex digit)");
                        }
                        code = code << 4 | digit;
                    }
                    sb.append((char) code);
                    pos += 4;
                }
                default -> {
                    pos++;
                    throw error("unknown escape \\" + e);
                }
            }
            pos += 2;
        }
    }

    private Num number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw error("unexpected " + describe(pos) + " in a number (expected: a digit)");
        }
        if (peek() == '.') {
            pos++;
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            digits();
        }
        return new Num(text.substring(start, pos));
    }

    private void digits() {
        if (!isDigit(peek())) {
            throw error("unexpected " + describe(pos) + " in a number (expected: a digit)");
        }
        while (isDigit(peek())) {
            pos++;
        }
    }

    private Lit literal(String word, Lit value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected " + describe(pos) + " (expected: " + word + ")");
        }
        pos += word.length();
        return value;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("unexpected " + describe(pos) + " (expected: '" + c + "')");
        }
        pos++;
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private String describe(int at) {
        if (at >= text.length()) {
            return "end of input";
        }
        char c = text.charAt(at);
        return c < 0x20 || c > 0x7e ? String.format("character U+%04X", (int) c) : "'" + c + "'";
    }

    private JsonSyntaxException error(String reason) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new JsonSyntaxException(name, line, column, reason);
    }
}
