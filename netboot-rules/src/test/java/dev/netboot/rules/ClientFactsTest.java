package dev.netboot.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientFactsTest {

    @Test
    void extractsEverythingFromAMessageInPlace() {
        TestMessages m = TestMessages.discover().mac("52:54:00:aa:bb:cc").giaddr("10.1.2.3")
                .arch(7, 0x1234)
                .option(60, "PXEClient:Arch:00007:UNDI:003016")
                .option(77, new byte[] {4, 'i', 'P', 'X', 'E', 3, 'f', 'o', 'o'})
                .option(82, new byte[] {1, 3, 'e', 't', '0', 2, 2, 0x11, 0x22})
                .option(55, new byte[] {1, 3, 6, 67, (byte) 200});
        m.withMessage(msg -> {
            ClientFacts f = ClientFacts.from(msg, "eth0", 0);
            assertEquals(1, f.hardwareType());
            assertEquals(6, f.hardwareLength());
            assertEquals("52:54:00:aa:bb:cc", f.mac());
            assertEquals(0x525400aabbccL, f.mac48());
            assertEquals(2, f.archCount());
            assertEquals(7, f.arch(0));
            assertEquals(0x1234, f.arch(1), "unknown architecture values are kept");
            assertTrue(f.hasArch(0x1234));
            assertTrue(f.isPxeClient());
            assertEquals(7, f.vendorClassArch());
            assertEquals(3, f.undiMajor());
            assertEquals(16, f.undiMinor());
            assertTrue(f.userClassIsRfc3004());
            assertEquals(List.of("iPXE", "foo"), f.userClasses());
            assertTrue(f.userClassIs("foo"));
            assertTrue(f.isIpxe(), "iPXE as an RFC 3004 item");
            assertArrayEquals("et0".getBytes(), f.circuitId());
            assertArrayEquals(new byte[] {0x11, 0x22}, f.remoteId());
            assertTrue(f.relayed());
            assertEquals("eth0", f.interfaceName());
            assertTrue(f.requested(67));
            assertTrue(f.requested(200));
            assertFalse(f.requested(66));
            assertEquals(1, f.messageType());
            return null;
        });
    }

    @Test
    void rawUserClassAsIpxeSendsIt() {
        ClientFacts f = ClientFacts.builder().userClass("iPXE").build();
        assertFalse(f.userClassIsRfc3004(), "'i' (105) is not a valid length prefix for 3 remaining bytes");
        assertEquals(List.of("iPXE"), f.userClasses());
        assertTrue(f.isIpxe());
        assertTrue(f.optionEquals(77, "iPXE".getBytes()));
    }

    @Test
    void option175AloneMeansIpxe() {
        assertTrue(ClientFacts.builder().option(175, new byte[] {19, 1, 1}).build().isIpxe());
        assertFalse(ClientFacts.builder().userClass("gPXE").build().isIpxe());
    }

    @Test
    void httpClientAndMalformedVendorClasses() {
        ClientFacts http = ClientFacts.builder().vendorClass("HTTPClient:Arch:00016:UNDI:003001").build();
        assertTrue(http.isHttpClient());
        assertEquals(16, http.vendorClassArch());
        ClientFacts bare = ClientFacts.builder().vendorClass("PXEClient").build();
        assertTrue(bare.isPxeClient());
        assertEquals(-1, bare.vendorClassArch());
        ClientFacts bad = ClientFacts.builder().vendorClass("PXEClient:Arch:0x007:UNDI:003016").build();
        assertEquals(-1, bad.vendorClassArch());
        assertEquals(-1, bad.undiMajor());
        ClientFacts uboot = ClientFacts.builder().vendorClass("U-Boot.armv8").build();
        assertFalse(uboot.isPxeClient());
        assertEquals("U-Boot.armv8", uboot.vendorClass());
    }

    @Test
    void splitOptionIsJoined() {
        TestMessages m = TestMessages.discover().option(60, "U-Boot").option(60, ".armv8");
        m.withMessage(msg -> {
            ClientFacts f = ClientFacts.from(msg);
            assertEquals("U-Boot.armv8", f.vendorClass());
            assertTrue(f.optionEquals(60, "U-Boot.armv8".getBytes()));
            return null;
        });
    }

    /**
     * The in-place comparisons give one answer whichever way the message was decoded: a view over a
     * heap array, over a direct buffer (byte by byte), or a reader's view (its own copy, compared in
     * one intrinsic), for a single, a split (RFC 3396) and a repeated fixed-width option.
     */
    @Test
    void inPlaceComparisonsAgreeAcrossDecodePaths() {
        byte[] wire = TestMessages.discover().option(60, "U-Boot").option(60, ".armv8")
                .option(77, "iPXE").option(54, new byte[] {10, 0, 0, 1}).option(54, new byte[] {10, 0, 0, 2}).bytes();
        io.netty.buffer.ByteBuf heap = io.netty.buffer.Unpooled.wrappedBuffer(wire);
        io.netty.buffer.ByteBuf direct = io.netty.buffer.Unpooled.directBuffer(wire.length).writeBytes(wire);
        try {
            List<ClientFacts> all = List.of(ClientFacts.from(dev.netboot.dhcp.DhcpMessage.decode(heap)),
                    ClientFacts.from(dev.netboot.dhcp.DhcpMessage.decode(direct)),
                    ClientFacts.from(dev.netboot.dhcp.DhcpDecoder.lenient().newReader().read(direct)));
            for (ClientFacts f : all) {
                assertTrue(f.optionEquals(60, "U-Boot.armv8".getBytes()), "split option joined");
                assertFalse(f.optionEquals(60, "U-Boot".getBytes()), "first part alone is not the value");
                assertTrue(f.optionStartsWith(60, "U-Boot.a".getBytes()), "prefix across the split");
                assertFalse(f.optionStartsWith(60, "U-Boot.armv8.rpi".getBytes()), "prefix longer than the value");
                assertTrue(f.optionEndsWith(60, ".armv8".getBytes()));
                assertTrue(f.optionEquals(77, "iPXE".getBytes()));
                assertFalse(f.optionEquals(77, "iPX".getBytes()));
                assertTrue(f.optionEquals(54, new byte[] {10, 0, 0, 1}), "a repeated fixed-width option is its first copy");
                assertFalse(f.optionEquals(54, new byte[] {10, 0, 0, 1, 10, 0, 0, 2}));
                assertTrue(f.hasOption(54));
                assertFalse(f.hasOption(93));
                assertFalse(f.optionEquals(93, new byte[] {0, 7}));
                assertFalse(f.optionStartsWith(93, new byte[0]));
            }
        } finally {
            assertTrue(heap.release());
            assertTrue(direct.release());
        }
    }

    @Test
    void oddArchLengthIgnoresTheTrailingByte() {
        ClientFacts f = ClientFacts.builder().option(93, new byte[] {0, 7, 1}).build();
        assertEquals(1, f.archCount());
        assertEquals(7, f.primaryArch());
        assertThrows(IndexOutOfBoundsException.class, () -> f.arch(1));
    }

    @Test
    void messageAndBuilderFactsAgree() {
        ClientFacts fromBuilder = ClientFacts.parse("mac=b8:27:eb:12:34:56,arch=0x16|0x100,vendor-class=U-Boot.armv8,"
                + "user-class=iPXE,giaddr=192.168.2.1,requested=1|3|66|67,message-type=request");
        TestMessages m = TestMessages.discover().mac("b8:27:eb:12:34:56").arch(0x16, 0x100).option(60, "U-Boot.armv8")
                .option(77, "iPXE").giaddr("192.168.2.1").option(55, new byte[] {1, 3, 66, 67});
        m.withMessage(msg -> {
            ClientFacts fromMessage = ClientFacts.from(msg);
            assertEquals(fromBuilder.toString(), fromMessage.toString());
            assertEquals(fromBuilder.mac48(), fromMessage.mac48());
            assertEquals(fromBuilder.archCount(), fromMessage.archCount());
            assertEquals(fromBuilder.requested(66), fromMessage.requested(66));
            assertEquals(3, fromBuilder.messageType());
            assertEquals(1, fromMessage.messageType());
            return null;
        });
    }

    @Test
    void parseRejectsUnknownKeysAndBadValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientFacts.parse("colour=red"));
        assertEquals("bad value for colour: 'red' (unknown key)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClientFacts.parse("mac"));
        assertThrows(IllegalArgumentException.class, () -> ClientFacts.parse("arch=seven"));
        assertNull(ClientFacts.parse("").vendorClass());
    }
}
