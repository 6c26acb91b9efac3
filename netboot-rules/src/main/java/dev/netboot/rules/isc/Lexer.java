package dev.netboot.rules.isc;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits dhcpd.conf text into tokens; {@code #} starts a comment to the end of the line. Never
 * fails: text it cannot read becomes an {@link Token.Kind#ERROR} token carrying the message, and
 * lexing goes on after it, so that one stray character does not hide the errors that follow.
 */
final class Lexer {
    private final String s;
    private int pos;
    private int line = 1;
    private int col = 1;

    private Lexer(String s) {
        this.s = s;
    }

    static List<Token> tokenize(String text) {
        Lexer l = new Lexer(text);
        List<Token> out = new ArrayList<>();
        Token t;
        do {
            t = l.next();
            out.add(t);
        } while (t.kind() != Token.Kind.EOF);
        return out;
    }

    static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                || c == '.' || c == ':';
    }

    private void advance() {
        if (s.charAt(pos) == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        pos++;
    }

    private Token next() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c == '#') {
                while (pos < s.length() && s.charAt(pos) != '\n') {
                    advance();
                }
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                advance();
            } else {
                break;
            }
        }
        int l = line;
        int c0 = col;
        int start = pos;
        if (pos >= s.length()) {
            return new Token(Token.Kind.EOF, "", l, c0, pos, pos);
        }
        char c = s.charAt(pos);
        if (isWordChar(c)) {
            while (pos < s.length() && isWordChar(s.charAt(pos))) {
                advance();
            }
            return new Token(Token.Kind.WORD, s.substring(start, pos), l, c0, start, pos);
        }
        if (c == '"') {
            return string(l, c0, start);
        }
        char n = pos + 1 < s.length() ? s.charAt(pos + 1) : 0;
        Token.Kind k;
        int len = 1;
        String error = null;
        switch (c) {
            case '{' -> k = Token.Kind.LBRACE;
            case '}' -> k = Token.Kind.RBRACE;
            case '(' -> k = Token.Kind.LPAREN;
            case ')' -> k = Token.Kind.RPAREN;
            case ';' -> k = Token.Kind.SEMI;
            case ',' -> k = Token.Kind.COMMA;
            case '=' -> k = Token.Kind.EQUAL;
            case '!' -> {
                k = n == '=' ? Token.Kind.NOT_EQUAL : Token.Kind.ERROR;
                len = n == '=' ? 2 : 1;
                error = "expected '!=' after '!'";
            }
            case '~' -> {
                k = n == '=' ? Token.Kind.REGEX : n == '~' ? Token.Kind.IREGEX : Token.Kind.ERROR;
                len = k == Token.Kind.ERROR ? 1 : 2;
                error = "expected '~=' or '~~' after '~'";
            }
            default -> {
                k = Token.Kind.ERROR;
                error = "unexpected character " + printable(c);
            }
        }
        for (int i = 0; i < len; i++) {
            advance();
        }
        if (k == Token.Kind.ERROR) {
            return new Token(k, error, l, c0, start, pos);
        }
        return new Token(k, s.substring(start, pos), l, c0, start, pos);
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    /**
     * A quoted string. An unterminated one ends at the end of its line; a bad escape or character
     * makes the whole string an error token (the first problem is the one reported).
     */
    private Token string(int l, int c0, int start) {
        advance();
        StringBuilder sb = new StringBuilder();
        String error = null;
        int errorLine = 0;
        int errorColumn = 0;
        while (true) {
            if (pos >= s.length() || s.charAt(pos) == '\n') {
                return new Token(Token.Kind.ERROR, "unterminated string", l, c0, start, pos);
            }
            char c = s.charAt(pos);
            if (c == '"') {
                advance();
                return error == null ? new Token(Token.Kind.STRING, sb.toString(), l, c0, start, pos)
                        : new Token(Token.Kind.ERROR, error, errorLine, errorColumn, start, pos);
            }
            int el = line;
            int ec = col;
            String bad = null;
            if (c == '\\') {
                advance();
                if (pos >= s.length()) {
                    continue;
                }
                char e = s.charAt(pos);
                switch (e) {
                    case 'n' -> {
                        sb.append('\n');
                        advance();
                    }
                    case 't' -> {
                        sb.append('\t');
                        advance();
                    }
                    case 'r' -> {
                        sb.append('\r');
                        advance();
                    }
                    case 'x' -> {
                        advance();
                        int v = 0;
                        int n = 0;
                        while (n < 2 && pos < s.length() && Character.digit(s.charAt(pos), 16) >= 0) {
                            v = v * 16 + Character.digit(s.charAt(pos), 16);
                            advance();
                            n++;
                        }
                        if (n == 0) {
                            bad = "expected hex digits after '\\x'";
                        }
                        sb.append((char) v);
                    }
                    default -> {
                        if (e >= '0' && e <= '7') {
                            int v = 0;
                            int n = 0;
                            while (n < 3 && pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '7') {
                                v = v * 8 + (s.charAt(pos) - '0');
                                advance();
                                n++;
                            }
                            if (v > 255) {
                                bad = "octal escape out of range";
                            }
                            sb.append((char) v);
                        } else {
                            sb.append(e);
                            advance();
                        }
                    }
                }
            } else {
                if (c > 0xff) {
                    bad = "character " + printable(c) + " in a string is not 8-bit";
                }
                sb.append(c);
                advance();
            }
            if (bad != null && error == null) {
                error = bad;
                errorLine = el;
                errorColumn = ec;
            }
        }
    }
}
