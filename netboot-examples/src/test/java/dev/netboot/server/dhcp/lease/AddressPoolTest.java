package dev.netboot.server.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressPoolTest {
    @Test
    void rangesMinusExclusions() {
        AddressPool pool = AddressPool.builder()
                .range("192.168.2.200", "192.168.2.204")
                .range("192.168.2.100", "192.168.2.101")
                .exclude("192.168.2.202")
                .exclude("192.168.2.53")
                .build();
        assertEquals(6, pool.size());
        assertEquals(7, pool.span());
        assertTrue(pool.contains(Ipv4.parse("192.168.2.100")));
        assertTrue(pool.contains(Ipv4.parse("192.168.2.204")));
        assertFalse(pool.contains(Ipv4.parse("192.168.2.202")), "excluded");
        assertFalse(pool.contains(Ipv4.parse("192.168.2.102")), "between ranges");
        assertFalse(pool.contains(Ipv4.parse("192.168.2.53")));
        List<String> walk = new ArrayList<>();
        for (long i = 0; i < pool.span(); i++) {
            walk.add(Ipv4.format(pool.at(i)));
        }
        assertEquals(List.of("192.168.2.100", "192.168.2.101", "192.168.2.200", "192.168.2.201", "192.168.2.202",
                "192.168.2.203", "192.168.2.204"), walk);
        assertEquals("192.168.2.100-192.168.2.101, 192.168.2.200-192.168.2.204 excluding 192.168.2.202",
                pool.toString());
    }

    @Test
    void addressesAbove128AreOrderedUnsigned() {
        AddressPool pool = AddressPool.builder().range("127.255.255.254", "128.0.0.1").build();
        assertEquals(4, pool.size());
        assertEquals(Ipv4.parse("128.0.0.1"), pool.at(3));
        assertTrue(pool.contains(Ipv4.parse("128.0.0.0")));
        assertThrows(IllegalArgumentException.class, () -> AddressPool.builder().range("128.0.0.1", "127.0.0.1"));
    }

    @Test
    void overlappingRangesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressPool.builder()
                .range("10.0.0.1", "10.0.0.10").range("10.0.0.10", "10.0.0.20").build());
        assertEquals("ranges overlap: 10.0.0.1-10.0.0.10 and 10.0.0.10-10.0.0.20", e.getMessage());
    }

    @Test
    void equalByContent() {
        AddressPool a = AddressPool.builder().range("10.0.0.1", "10.0.0.9").exclude("10.0.0.5").build();
        AddressPool b = AddressPool.builder().exclude("10.0.0.5").range("10.0.0.1", "10.0.0.9").build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }
}
