package dev.netboot.rules.isc;

/**
 * One lexical token of dhcpd.conf with its position (1-based line and column, char offsets). An
 * {@link Kind#ERROR} token is text the lexer could not read: its {@code text} is the error message
 * and its line and column are where the problem is, so that the parser reports it and reads on.
 */
record Token(Kind kind, String text, int line, int column, int start, int end) {
    enum Kind {
        WORD, STRING, LBRACE, RBRACE, LPAREN, RPAREN, SEMI, COMMA, EQUAL, NOT_EQUAL, REGEX, IREGEX, ERROR, EOF
    }

    boolean is(Kind k) {
        return kind == k;
    }

    /** True for a word equal to {@code keyword}, ignoring case (ISC keywords are case-insensitive). */
    boolean isWord(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    String describe() {
        return switch (kind) {
            case WORD -> "'" + text + "'";
            case STRING -> "string \"" + text + "\"";
            case EOF -> "end of file";
            case ERROR -> "unreadable text";
            default -> "'" + text + "'";
        };
    }
}
