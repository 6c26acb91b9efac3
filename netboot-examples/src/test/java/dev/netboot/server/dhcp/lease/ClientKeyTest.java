package dev.netboot.server.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClientKeyTest {
    private static final byte[] MAC = {0x52, 0x54, 0x00, 0x12, 0x34, (byte) 0xab};

    @Test
    void hardwareKeyTextNamesTypeAndAddress() {
        ClientKey key = ClientKey.hardware(1, MAC);
        assertEquals("hw:01:52:54:00:12:34:ab", key.toString());
        assertEquals(ClientKey.Kind.HARDWARE, key.kind());
        assertArrayEquals(new byte[] {1, 0x52, 0x54, 0x00, 0x12, 0x34, (byte) 0xab}, key.bytes());
        assertEquals(key, ClientKey.parse("hw:01:52:54:00:12:34:AB"));
    }

    @Test
    void clientIdentifierAndHardwareKeysWithSameBytesDiffer() {
        ClientKey id = ClientKey.clientIdentifier(new byte[] {1, 0x52, 0x54, 0x00, 0x12, 0x34, (byte) 0xab});
        ClientKey hw = ClientKey.hardware(1, MAC);
        assertNotEquals(id, hw);
        assertArrayEquals(id.bytes(), hw.bytes());
        assertEquals("id:01:52:54:00:12:34:ab", id.toString());
        assertEquals(ClientKey.Kind.CLIENT_IDENTIFIER, ClientKey.parse(id.toString()).kind());
    }

    @Test
    void factoriesCopyTheirInput() {
        byte[] mac = MAC.clone();
        ClientKey key = ClientKey.hardware(1, mac);
        mac[0] = 0;
        assertEquals(ClientKey.hardware(1, MAC), key);
        key.bytes()[1] = 0;
        assertEquals(ClientKey.hardware(1, MAC), key);
    }

    @Test
    void emptyHardwareAddressIsAllowed() {
        assertEquals("hw:00", ClientKey.hardware(0, new byte[0]).toString());
        assertEquals(ClientKey.hardware(0, new byte[0]), ClientKey.parse("hw:00"));
    }

    @Test
    void badKeysAreRefusedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> ClientKey.clientIdentifier(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> ClientKey.clientIdentifier(new byte[256]));
        assertThrows(IllegalArgumentException.class, () -> ClientKey.hardware(256, MAC));
        assertThrows(IllegalArgumentException.class, () -> ClientKey.hardware(1, new byte[17]));
        for (String bad : new String[] {"", "hw:", "hw:1", "hw:0g", "xx:01", "hw:01:", "hw:01-02", "id:01::02",
                "hw:" + "00:".repeat(17) + "00"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientKey.parse(bad), bad);
            assertEquals(true, e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
