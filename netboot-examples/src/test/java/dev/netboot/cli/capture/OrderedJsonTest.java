package dev.netboot.cli.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class OrderedJsonTest {

    @Test
    void duplicateKeysAreKeptInOrder() {
        OrderedJson.Obj o = OrderedJson.parse("{\"a\": \"1\", \"b\": {\"x\": 1}, \"a\": \"2\", \"a\": \"3\"}", "t")
                .asObject();
        assertEquals(List.of("a", "b", "a", "a"), o.keys());
        assertEquals(List.of(new OrderedJson.Str("1"), new OrderedJson.Str("2"), new OrderedJson.Str("3")), o.all("a"));
        assertEquals("1", o.string("a"));
        assertEquals(new OrderedJson.Num("1"), o.first("b").orElseThrow().asObject().first("x").orElseThrow());
    }

    @Test
    void valuesEscapesAndNumbers() {
        OrderedJson.Arr a = OrderedJson.parse(" [\"q\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\", -0.5e+3, 0, 12,"
                + " true, false, null, [], {}] ", "t").asArray();
        assertEquals(List.of(new OrderedJson.Str("q\"\\/\b\f\n\r\t\u00e9\ud83d\ude00"), new OrderedJson.Num("-0.5e+3"),
                new OrderedJson.Num("0"), new OrderedJson.Num("12"), OrderedJson.Lit.TRUE, OrderedJson.Lit.FALSE,
                OrderedJson.Lit.NULL, new OrderedJson.Arr(List.of()), new OrderedJson.Obj(List.of())), a.elements());
    }

    @Test
    void syntaxErrorsNameLineAndColumn() {
        OrderedJson.JsonSyntaxException e = assertThrows(OrderedJson.JsonSyntaxException.class,
                () -> OrderedJson.parse("{\n  \"a\": 1,\n  \"b\" 2\n}", "f.json"));
        assertEquals("f.json:3:7: unexpected '2' (expected: ':')", e.getMessage());
        assertEquals(3, e.line);
        assertEquals(7, e.column);

        for (String bad : new String[] {"", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "\"abc", "\"\\x\"", "\"\\u12g4\"",
            "tru", "[1] x", "{\"a\" \"b\"}", "\"a\nb\"", "[1 2]"}) {
            assertThrows(OrderedJson.JsonSyntaxException.class, () -> OrderedJson.parse(bad, "bad"), bad);
        }
    }

    @Test
    void nestingIsBounded() {
        String deep = "[".repeat(OrderedJson.MAX_DEPTH + 2) + "]".repeat(OrderedJson.MAX_DEPTH + 2);
        OrderedJson.JsonSyntaxException e = assertThrows(OrderedJson.JsonSyntaxException.class,
                () -> OrderedJson.parse(deep, "deep"));
        assertEquals("deep:1:" + (OrderedJson.MAX_DEPTH + 2) + ": nesting deeper than " + OrderedJson.MAX_DEPTH,
                e.getMessage());
        String fine = "[".repeat(OrderedJson.MAX_DEPTH) + "]".repeat(OrderedJson.MAX_DEPTH);
        assertEquals(OrderedJson.Arr.class, OrderedJson.parse(fine, "fine").getClass());
    }
}
