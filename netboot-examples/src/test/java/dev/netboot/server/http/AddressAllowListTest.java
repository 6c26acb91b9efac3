package dev.netboot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;

class AddressAllowListTest {
    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal); // literals only: no DNS
    }

    @Test
    void theWriteUpsApacheRuleWithHostBitsSet() throws Exception {
        AddressAllowList list = AddressAllowList.parse("127.0.0.1/8 192.168.0.0/16");
        assertEquals("127.0.0.0/8 192.168.0.0/16", list.toString());
        assertTrue(list.permits(ip("127.0.0.1")));
        assertTrue(list.permits(ip("127.255.255.254")));
        assertTrue(list.permits(ip("192.168.2.30")));
        assertFalse(list.permits(ip("192.169.0.1")));
        assertFalse(list.permits(ip("10.0.0.1")));
        assertFalse(list.permits(ip("128.0.0.1")));
        assertFalse(list.permits(ip("::1")), "IPv6 loopback is not in an IPv4-only list");
    }

    @Test
    void ipv6BlocksAndBareAddresses() throws Exception {
        AddressAllowList list = AddressAllowList.parse("fd00::/8, ::1 2001:db8:1::/48");
        assertTrue(list.permits(ip("fd12:3456::1")));
        assertTrue(list.permits(ip("::1")));
        assertTrue(list.permits(ip("2001:db8:1:ffff::5")));
        assertFalse(list.permits(ip("2001:db8:2::5")));
        assertFalse(list.permits(ip("fe80::1")));
        assertFalse(list.permits(ip("::2")));
        assertFalse(list.permits(ip("127.0.0.1")));
    }

    @Test
    void oddPrefixLengthsMaskInsideAByte() throws Exception {
        AddressAllowList list = AddressAllowList.parse("10.1.2.64/27");
        assertTrue(list.permits(ip("10.1.2.64")));
        assertTrue(list.permits(ip("10.1.2.95")));
        assertFalse(list.permits(ip("10.1.2.96")));
        assertFalse(list.permits(ip("10.1.2.63")));
        AddressAllowList v6 = AddressAllowList.parse("fe80::/10");
        assertTrue(v6.permits(ip("febf::1")));
        assertFalse(v6.permits(ip("fec0::1")));
    }

    @Test
    void ipv4MappedIpv6ClientsMatchIpv4Blocks() throws Exception {
        AddressAllowList list = AddressAllowList.parse("192.168.0.0/16");
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 192;
        mapped[13] = (byte) 168;
        mapped[14] = 2;
        mapped[15] = 30;
        // Java turns a mapped address into an Inet4Address; an Inet6Address needs the scoped factory
        InetAddress v6 = java.net.Inet6Address.getByAddress(null, mapped, -1);
        assertTrue(list.permits(v6));
        assertTrue(AddressAllowList.parse("::ffff:192.168.0.0/112").permits(ip("192.168.7.7")));
    }

    @Test
    void allPermitsEverything() throws Exception {
        assertTrue(AddressAllowList.ALL.permits(ip("8.8.8.8")));
        assertTrue(AddressAllowList.ALL.permits(ip("2001:db8::1")));
        assertTrue(AddressAllowList.ALL.permits(new InetSocketAddress("127.0.0.1", 1)));
        assertFalse(AddressAllowList.ALL.permits(InetSocketAddress.createUnresolved("example.org", 80)));
    }

    @Test
    void errorsNameTheEntryAndTheProblem() {
        assertMessage("allow-list entry 2 \"192.168.0.0/33\": prefix length 33 (expected: 0 to 32)",
                "127.0.0.1/8 192.168.0.0/33");
        assertMessage("allow-list entry 1 \"192.168\": not an IPv4 address (expected four decimal parts): \"192.168\"",
                "192.168");
        assertMessage("allow-list entry 1 \"010.0.0.0/8\": not an IPv4 address: \"010.0.0.0\" (part 1)", "010.0.0.0/8");
        assertMessage("allow-list entry 1 \"fe80::1%eth0\": not an IPv6 address: \"fe80::1%eth0\"", "fe80::1%eth0");
        assertMessage("allow-list entry 1 \"::/129\": prefix length 129 (expected: 0 to 128)", "::/129");
        assertMessage("allow-list entry 1 \"localhost\": not an IPv4 address (expected four decimal parts): "
                + "\"localhost\"", "localhost");
        assertMessage("allow-list entry 1 \"10.0.0.0/-1\": prefix length \"-1\" (expected: 0 to 32)", "10.0.0.0/-1");
        assertThrows(IllegalArgumentException.class, () -> AddressAllowList.parse("  "));
    }

    private static void assertMessage(String expected, String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressAllowList.parse(spec));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void equalityIsByCanonicalBlocks() {
        assertEquals(AddressAllowList.parse("127.0.0.1/8"), AddressAllowList.parse("127.0.0.0/8"));
        assertEquals(AddressAllowList.parse("10.0.0.0/8,10.0.0.0/8").toString(), "10.0.0.0/8");
    }
}
