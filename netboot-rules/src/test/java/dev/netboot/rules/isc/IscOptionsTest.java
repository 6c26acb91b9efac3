package dev.netboot.rules.isc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The standard option table, whose types are not parsed when the class initialises. */
class IscOptionsTest {
    @Test
    void everyStandardTypeParsesAndPrintsBackAsWritten() {
        assertTrue(IscOptions.standard().all().size() > 100, "table size");
        for (IscOption o : IscOptions.standard().all()) {
            IscType t = IscType.parse(o.type());
            assertNotNull(t, "standard type of " + o);
            assertEquals(o.type(), t.toString(), "type of " + o.name());
            assertEquals(o, IscOptions.standard().byCode(o.code()).orElseThrow(), "one name per code: " + o);
        }
    }

    @Test
    void aBrokenTypeIsNotAType() {
        // the check above must be able to fail
        assertNull(IscType.parse("array of unsigned frobnicate 16"));
    }
}
