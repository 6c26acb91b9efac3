package dev.netboot.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class Ipv4Test {
    @Test
    void parsesAndFormatsDottedQuads() {
        assertEquals(0xC0A8020E, Ipv4.parse("192.168.2.14"));
        assertEquals(0xC0A8020EL, Ipv4.tryParse("192.168.2.14"), "unsigned, above Integer.MAX_VALUE");
        assertEquals(0, Ipv4.parse("0.0.0.0"));
        assertEquals(0xFFFFFFFFL, Ipv4.tryParse("255.255.255.255"));
        assertEquals("192.168.2.14", Ipv4.format(0xC0A8020E));
        assertArrayEquals(new byte[] {(byte) 192, (byte) 168, 2, 14}, Ipv4.toBytes(0xC0A8020E));
    }

    @Test
    void rejectsWhatIsNotOne() {
        for (String bad : new String[] {"", "1.2.3", "1.2.3.4.5", "1..2.3", ".1.2.3", "1.2.3.", "256.0.0.1", "1.2.3.4 ",
                "ntp.home.kraxel.org", "1.2.3.-4", "0x1.2.3.4"}) {
            assertEquals(-1, Ipv4.tryParse(bad), bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ipv4.parse(bad), bad);
            assertEquals("not an IPv4 address: \"" + bad + "\"", e.getMessage());
        }
    }

    @Property
    void roundTripsEveryAddressAndAgreesWithTheJdk(@ForAll int address) throws Exception {
        String text = Ipv4.format(address);
        assertEquals(address, Ipv4.parse(text));
        assertEquals(address & 0xFFFFFFFFL, Ipv4.tryParse(text));
        assertEquals(address, Ipv4.toInt(Ipv4.toInet(address)));
        assertArrayEquals(InetAddress.getByName(text).getAddress(), Ipv4.toBytes(address));
    }
}
