package dev.netboot.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class OptionNegotiationTest {
    private static TftpPacket.ReadRequest rrq(String... options) {
        return new TftpPacket.ReadRequest("f", TransferMode.OCTET, TftpOptions.of(options));
    }

    private static TftpPacket.WriteRequest wrq(String... options) {
        return new TftpPacket.WriteRequest("f", TransferMode.OCTET, TftpOptions.of(options));
    }

    private static TransferParameters negotiate(TftpPacket.Request r) {
        return OptionNegotiation.negotiate(r, 1000, TftpServerPolicy.DEFAULT);
    }

    @Test
    void noOptionsMeansNoOackAndRfc1350Defaults() {
        TransferParameters p = negotiate(rrq());
        assertEquals(new TransferParameters(512, 1, 0, 1000, TftpOptions.empty()), p);
        assertTrue(p.acknowledged().isEmpty());
    }

    @Test
    void grantsKnownOptionsInTheClientsOrderAndSpelling() {
        TransferParameters p = negotiate(rrq("TSIZE", "0", "blksize", "1468", "windowsize", "4", "timeout", "5"));
        assertEquals(TftpOptions.of("TSIZE", "1000", "blksize", "1468", "windowsize", "4", "timeout", "5"), p.acknowledged());
        assertEquals(1468, p.blockSize());
        assertEquals(4, p.windowSize());
        assertEquals(5, p.timeoutSeconds());
        assertEquals(1000, p.transferSize());
    }

    @Test
    void unknownOptionsAreIgnoredAndNeverAcknowledged() {
        TransferParameters p = negotiate(rrq("multicast", "", "rollover", "0", "blksize", "1024", "utimeout", "1000"));
        assertEquals(TftpOptions.of("blksize", "1024"), p.acknowledged());
    }

    @Test
    void blockSizeRangeAndCap() {
        assertEquals(TftpOptions.of("blksize", "8"), negotiate(rrq("blksize", "8")).acknowledged());
        assertEquals(TftpOptions.of("blksize", "65464"), negotiate(rrq("blksize", "65464")).acknowledged());
        assertEquals(TftpOptions.of("blksize", "65464"), negotiate(rrq("blksize", "65535")).acknowledged(),
                "a larger request is lowered to the maximum");
        assertTrue(negotiate(rrq("blksize", "7")).acknowledged().isEmpty(), "below 8 is invalid: ignored");
        assertTrue(negotiate(rrq("blksize", "abc")).acknowledged().isEmpty());
        assertTrue(negotiate(rrq("blksize", "-512")).acknowledged().isEmpty());
        assertTrue(negotiate(rrq("blksize", "99999999999")).acknowledged().isEmpty());
        TftpServerPolicy capped = TftpServerPolicy.DEFAULT.withMaxBlockSize(1432);
        TransferParameters p = OptionNegotiation.negotiate(rrq("blksize", "8192"), 1, capped);
        assertEquals(1432, p.blockSize());
        assertEquals(TftpOptions.of("blksize", "1432"), p.acknowledged());
    }

    @Test
    void windowSizeRangeAndCap() {
        assertEquals(64, negotiate(rrq("windowsize", "65535")).windowSize());
        assertTrue(negotiate(rrq("windowsize", "0")).acknowledged().isEmpty());
        TransferParameters p = OptionNegotiation.negotiate(rrq("windowsize", "16"), 1,
                TftpServerPolicy.DEFAULT.withMaxWindowSize(8));
        assertEquals(TftpOptions.of("windowsize", "8"), p.acknowledged());
    }

    @Test
    void timeoutIsGrantedUnchangedOrNotAtAll() {
        assertEquals(TftpOptions.of("timeout", "5"), negotiate(rrq("timeout", "5")).acknowledged());
        assertEquals(TftpOptions.of("timeout", "255"), negotiate(rrq("timeout", "255")).acknowledged());
        assertTrue(negotiate(rrq("timeout", "0")).acknowledged().isEmpty());
        assertTrue(negotiate(rrq("timeout", "256")).acknowledged().isEmpty());
    }

    @Test
    void transferSizeForReadsAndWritesBeyondFourGib() {
        long fiveGib = 5L << 30;
        TransferParameters read = OptionNegotiation.negotiate(rrq("tsize", "0"), fiveGib, TftpServerPolicy.DEFAULT);
        assertEquals(TftpOptions.of("tsize", "5368709120"), read.acknowledged());
        assertEquals(fiveGib, read.transferSize());
        assertTrue(OptionNegotiation.negotiate(rrq("tsize", "0"), -1, TftpServerPolicy.DEFAULT).acknowledged().isEmpty(),
                "an unknown size is not acknowledged");
        TransferParameters write = negotiate(wrq("tsize", "5368709120"));
        assertEquals(TftpOptions.of("tsize", "5368709120"), write.acknowledged());
        assertEquals(fiveGib, write.transferSize());
    }

    @Test
    void repeatedOptionsCountOnce() {
        assertEquals(TftpOptions.of("blksize", "1024"), negotiate(rrq("blksize", "1024", "BLKSIZE", "8")).acknowledged());
    }

    @Test
    void policyMayDisallowOptions() {
        TftpServerPolicy lockstep = TftpServerPolicy.DEFAULT.withAllowedOptions(Set.of("BLKSIZE", "tsize"));
        TransferParameters p = OptionNegotiation.negotiate(rrq("blksize", "1468", "windowsize", "8", "tsize", "0"), 10, lockstep);
        assertEquals(TftpOptions.of("blksize", "1468", "tsize", "10"), p.acknowledged());
        assertEquals(1, p.windowSize());
    }

    @Test
    void oackStaysSmallWhateverTheRequestHolds() {
        // blksize 8 with many other options: the OACK is bounded by the four known options
        String[] options = new String[2 * 31];
        options[0] = "blksize";
        options[1] = "8";
        for (int i = 1; i < 31; i++) {
            options[2 * i] = "opt" + i;
            options[2 * i + 1] = "v".repeat(200);
        }
        TftpPacket.ReadRequest r = new TftpPacket.ReadRequest("f", TransferMode.OCTET,
                TftpOptions.of(options).with("tsize", "0").with("timeout", "255").with("windowsize", "65535"));
        TransferParameters p = OptionNegotiation.negotiate(r, Long.MAX_VALUE, TftpServerPolicy.DEFAULT);
        int length = TftpCodec.encodedLength(new TftpPacket.OptionAck(p.acknowledged()));
        assertEquals(4, p.acknowledged().size());
        assertTrue(length < 100, "OACK of " + length + " bytes");
        assertEquals(8, p.blockSize());
    }

    // ---- the client's check of an OACK (UEFI and pxelinux refuse these) ----

    private static TransferParameters accept(TftpPacket.Request r, String... oack) {
        return OptionNegotiation.acceptOack(r, new TftpPacket.OptionAck(TftpOptions.of(oack)));
    }

    private static TftpNegotiationException refuse(TftpPacket.Request r, String... oack) {
        return assertThrows(TftpNegotiationException.class, () -> accept(r, oack));
    }

    @Test
    void acceptsWhatWasAskedOrLess() {
        TransferParameters p = accept(rrq("tsize", "0", "blksize", "1468", "windowsize", "4"),
                "blksize", "1024", "tsize", "5368709120", "windowsize", "2");
        assertEquals(1024, p.blockSize());
        assertEquals(2, p.windowSize());
        assertEquals(5L << 30, p.transferSize());
        assertEquals(0, p.timeoutSeconds());
    }

    @Test
    void refusesAnOptionNotAskedFor() {
        TftpNegotiationException e = refuse(rrq("blksize", "1468"), "blksize", "1468", "tsize", "100");
        assertEquals("tsize", e.option());
        assertTrue(e.getMessage().contains("not requested"), e.getMessage());
        refuse(rrq(), "blksize", "512");
    }

    @Test
    void refusesMoreThanAskedAndOutOfRange() {
        refuse(rrq("blksize", "1468"), "blksize", "1469");
        refuse(rrq("blksize", "1468"), "blksize", "7");
        refuse(rrq("windowsize", "4"), "windowsize", "5");
        refuse(rrq("windowsize", "4"), "windowsize", "0");
    }

    @Test
    void refusesAChangedTimeout() {
        assertEquals(5, accept(rrq("timeout", "5"), "timeout", "5").timeoutSeconds());
        refuse(rrq("timeout", "5"), "timeout", "6");
    }

    @Test
    void refusesMalformedAndRepeatedValues() {
        refuse(rrq("blksize", "1468"), "blksize", "big");
        refuse(rrq("tsize", "0"), "tsize", "-1");
        refuse(rrq("blksize", "1468"), "blksize", "1024", "BLKSIZE", "1024");
    }

    @Test
    void writeRequestTsizeMustBeEchoed() {
        assertEquals(77, accept(wrq("tsize", "77"), "tsize", "77").transferSize());
        refuse(wrq("tsize", "77"), "tsize", "78");
    }
}
