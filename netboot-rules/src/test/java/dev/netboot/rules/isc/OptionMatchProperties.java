package dev.netboot.rules.isc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.DhcpWriter;
import dev.netboot.dhcp.MessageType;
import dev.netboot.rules.Chain;
import dev.netboot.rules.ClientFacts;
import dev.netboot.rules.MatchContext;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link OptionMatch}, the shortcut for conditions on one option, decides exactly as the general
 * expression walk ({@code expr.eval(ctx) == 1}) on random conditions and random clients, with facts
 * owned by the builder and facts read in place from a message.
 */
class OptionMatchProperties {
    private static final String[] OPTIONS = {"host-name", "domain-name", "user-class"};
    private static final int[] CODES = {12, 15, 77};
    private static final String[] VALUES = {"\"a\"", "\"b\"", "\"ab\"", "61:62", "\"iPXE\""};
    private static final byte[][] CLIENT_VALUES = {null, bytes("a"), bytes("b"), bytes("ab"), bytes("iPXE"),
            bytes("abc")};

    /** What an expression may look at; only facts matter for these conditions. */
    private record Ctx(ClientFacts facts) implements MatchContext {
        @Override
        public boolean known() {
            return false;
        }

        @Override
        public String hostName() {
            return null;
        }

        @Override
        public boolean inClass(String name) {
            return false;
        }
    }

    @Property(tries = 400)
    void oneOptionConditionsTakeTheShortcutAndAgree(@ForAll("oneOption") String condition,
            @ForAll("clientValues") List<byte[]> values) {
        IscCondition c = condition(condition);
        assertNotNull(c.match, condition);
        agree(c, values);
    }

    @Property(tries = 400)
    void anyConditionAgrees(@ForAll("anyCondition") String condition, @ForAll("clientValues") List<byte[]> values) {
        agree(condition(condition), values);
    }

    @Test
    void otherShapesKeepTheGeneralPath() {
        assertNull(condition("exists host-name and exists domain-name").match, "two options");
        assertNull(condition("option host-name != \"a\"").match, "!= is true for an absent option");
        assertNull(condition("not exists host-name").match);
        assertNull(condition("option host-name = option domain-name").match);
        assertNull(condition("substring(option host-name, 0, 1) = \"a\"").match);
        assertNull(condition("known").match);
    }

    @Test
    void exampleShapes() {
        IscCondition ipxe = condition("(exists user-class) and ((option user-class = \"iPXE\") or "
                + "(option user-class = \"gPXE\"))");
        assertNotNull(ipxe.match);
        assertTrue(ipxe.test(new Ctx(ClientFacts.builder().userClass("gPXE").build())));
        assertEquals(false, ipxe.test(new Ctx(ClientFacts.builder().userClass("PXE").build())));
        assertEquals(false, ipxe.test(new Ctx(ClientFacts.builder().build())));
        IscCondition never = condition("option host-name = \"a\" and option host-name = \"b\"");
        assertNotNull(never.match);
        assertEquals(false, never.test(new Ctx(ClientFacts.builder().option(12, bytes("a")).build())));
    }

    private static void agree(IscCondition c, List<byte[]> values) {
        ClientFacts.Builder b = ClientFacts.builder().mac("52:54:00:01:02:03");
        for (int i = 0; i < CODES.length; i++) {
            if (values.get(i) != null) {
                b.option(CODES[i], values.get(i));
            }
        }
        Ctx built = new Ctx(b.build());
        assertEquals(c.expr.eval(built) == 1, c.test(built), () -> c.source + " on built facts " + built.facts());

        ByteBuf buf = Unpooled.directBuffer(576);
        try {
            DhcpWriter w = new DhcpWriter().begin(buf, DhcpMessage.BOOTREQUEST, MessageType.DISCOVER)
                    .chaddr(new byte[] {0x52, 0x54, 0, 1, 2, 3});
            for (int i = 0; i < CODES.length; i++) {
                if (values.get(i) != null) {
                    w.option(CODES[i], values.get(i));
                }
            }
            w.finish();
            Ctx read = new Ctx(ClientFacts.from(DhcpMessage.decode(buf)));
            assertEquals(c.expr.eval(read) == 1, c.test(read), () -> c.source + " on message facts " + read.facts());
            assertEquals(c.test(built), c.test(read), c.source);
        } finally {
            assertTrue(buf.release());
        }
    }

    private static IscCondition condition(String source) {
        String conf = "if " + source + " { filename \"yes\"; }";
        Chain chain = (Chain) DhcpdConf.reader().read(conf, "t.conf").model().statements().get(0);
        return (IscCondition) chain.rules().get(0).condition();
    }

    @Provide
    Arbitrary<List<byte[]>> clientValues() {
        return Arbitraries.of(CLIENT_VALUES).list().ofSize(CODES.length);
    }

    /** exists, = with a constant on either side, and, or, parentheses: all on one option. */
    @Provide
    Arbitrary<String> oneOption() {
        return Arbitraries.of(OPTIONS).flatMap(o -> oneOption(o, 3));
    }

    private Arbitrary<String> oneOption(String option, int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(
                Arbitraries.just("exists " + option),
                Arbitraries.of(VALUES).map(v -> "option " + option + " = " + v),
                Arbitraries.of(VALUES).map(v -> v + " = option " + option));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> inner = oneOption(option, depth - 1);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, leaf),
                net.jqwik.api.Tuple.of(1, Combinators.combine(inner, inner, Arbitraries.of("and", "or"))
                        .as((l, r, op) -> "(" + l + ") " + op + " (" + r + ")")));
    }

    /** Any mix of options, negation, != and known: the shortcut must agree or stay out of the way. */
    @Provide
    Arbitrary<String> anyCondition() {
        return anyCondition(3);
    }

    private Arbitrary<String> anyCondition(int depth) {
        Arbitrary<String> option = Arbitraries.of(OPTIONS);
        Arbitrary<String> leaf = Arbitraries.oneOf(
                option.map(o -> "exists " + o),
                Combinators.combine(option, Arbitraries.of(VALUES), Arbitraries.of("=", "!="))
                        .as((o, v, op) -> "option " + o + " " + op + " " + v),
                Arbitraries.just("known"));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> inner = anyCondition(depth - 1);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, leaf),
                net.jqwik.api.Tuple.of(1, inner.map(x -> "not (" + x + ")")),
                net.jqwik.api.Tuple.of(2, Combinators.combine(inner, inner, Arbitraries.of("and", "or"))
                        .as((l, r, op) -> "(" + l + ") " + op + " (" + r + ")")));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
