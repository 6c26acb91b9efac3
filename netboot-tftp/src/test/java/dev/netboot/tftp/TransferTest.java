package dev.netboot.tftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transfer machines driven by hand, one packet and one tick at a time. */
class TransferTest {
    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;

    /** An outgoing packet with its payload copied out (the original released). */
    record Out(TftpPacket packet, byte[] payload) {
        int block() {
            return packet instanceof TftpPacket.Data d ? d.block() : ((TftpPacket.Ack) packet).block();
        }
    }

    static List<Out> out(TftpTransfer t) {
        List<Out> list = new ArrayList<>();
        for (TftpPacket p; (p = t.pollOutgoing()) != null; ) {
            if (p instanceof TftpPacket.Data d) {
                byte[] bytes = ByteBufUtil.getBytes(d.payload());
                assertTrue(d.payload().release(), "an outgoing DATA owns exactly one reference");
                list.add(new Out(new TftpPacket.Data(d.block(), Unpooled.EMPTY_BUFFER), bytes));
            } else {
                list.add(new Out(p, null));
            }
        }
        return list;
    }

    static List<Integer> dataBlocks(List<Out> out) {
        List<Integer> blocks = new ArrayList<>();
        for (Out o : out) {
            blocks.add(assertInstanceOf(TftpPacket.Data.class, o.packet()).block());
        }
        return blocks;
    }

    static List<TftpEvent> events(TftpTransfer t) {
        List<TftpEvent> list = new ArrayList<>();
        for (TftpEvent e; (e = t.pollEvent()) != null; ) {
            list.add(e);
        }
        return list;
    }

    static <T> T last(List<?> list, Class<T> type) {
        return assertInstanceOf(type, list.get(list.size() - 1));
    }

    static TftpPacket.Data data(int block, byte[] bytes) {
        return new TftpPacket.Data(block, Unpooled.wrappedBuffer(bytes));
    }

    static TftpPacket.Data data(int block, int length) {
        return data(block, new byte[length]);
    }

    static TftpPacket.ReadRequest rrq(String... options) {
        return new TftpPacket.ReadRequest("file", TransferMode.OCTET, TftpOptions.of(options));
    }

    static TftpPacket.Ack ack(int block) {
        return new TftpPacket.Ack(block);
    }

    static TftpTransfer serve(byte[] file, TftpPacket.ReadRequest request) {
        return TftpServerTransfer.read(request, Simulation.source(file), TftpServerPolicy.DEFAULT, 0);
    }

    // ---- sender ----

    @Test
    void lockStepServerRead() {
        byte[] file = Simulation.randomBytes(1, 1100);
        TftpTransfer t = serve(file, rrq());
        List<Out> o = out(t);
        assertEquals(List.of(1), dataBlocks(o));
        assertArrayEquals(Arrays.copyOfRange(file, 0, 512), o.get(0).payload());
        assertEquals(S, t.nextDeadline());
        t.onPacket(ack(1), 100 * MS);
        o = out(t);
        assertEquals(List.of(2), dataBlocks(o));
        assertArrayEquals(Arrays.copyOfRange(file, 512, 1024), o.get(0).payload());
        t.onPacket(ack(2), 200 * MS);
        o = out(t);
        assertArrayEquals(Arrays.copyOfRange(file, 1024, 1100), o.get(0).payload());
        assertFalse(t.isDone());
        t.onPacket(ack(3), 300 * MS);
        assertTrue(out(t).isEmpty());
        List<TftpEvent> ev = events(t);
        assertInstanceOf(TftpEvent.Negotiated.class, ev.get(0));
        TransferStats stats = last(ev, TftpEvent.Completed.class).stats();
        assertEquals(1100, stats.bytes());
        assertEquals(3, stats.blocks());
        assertEquals(300 * MS, stats.elapsedNanos());
        assertTrue(t.isDone());
        assertEquals(TftpTransfer.NO_DEADLINE, t.nextDeadline());
    }

    @Test
    void duplicateAcksNeverCauseASend() {
        TftpTransfer t = serve(Simulation.randomBytes(2, 5000), rrq());
        out(t);
        t.onPacket(ack(1), 10 * MS);
        assertEquals(List.of(2), dataBlocks(out(t)));
        t.onPacket(ack(1), 20 * MS); // a duplicate of the ACK that was just answered
        assertTrue(out(t).isEmpty(), "Sorcerer's Apprentice: no DATA for a duplicate ACK");
        t.onTimeout(t.nextDeadline());
        assertEquals(List.of(2), dataBlocks(out(t)), "the timer resends");
        long afterResend = t.nextDeadline();
        t.onPacket(ack(2), afterResend - 1);
        assertEquals(List.of(3), dataBlocks(out(t)));
        t.onPacket(ack(2), afterResend); // the ACK of the resent copy
        t.onPacket(ack(2), afterResend + 1);
        assertTrue(out(t).isEmpty());
        assertEquals(3, t.stats().duplicates());
        assertEquals(1, t.stats().timeouts());
    }

    @Test
    void staleOrFutureAcksAreIgnored() {
        TftpTransfer t = serve(Simulation.randomBytes(3, 5000), rrq());
        out(t);
        t.onPacket(ack(500), MS);
        t.onPacket(ack(65535), MS);
        t.onPacket(new TftpPacket.Data(1, Unpooled.EMPTY_BUFFER), MS);
        assertTrue(out(t).isEmpty());
        assertEquals(3, t.stats().duplicates());
    }

    @Test
    void retransmitsOnTimeoutOnlyWithBackoffAndABoundedNumberOfAttempts() {
        TftpTransfer t = serve(Simulation.randomBytes(4, 5000), rrq());
        assertEquals(List.of(1), dataBlocks(out(t)));
        assertInstanceOf(TftpEvent.Negotiated.class, events(t).get(0));
        long sent = 0;
        List<Long> intervals = new ArrayList<>();
        int sends = 1;
        while (!t.isDone()) {
            long deadline = t.nextDeadline();
            t.onTimeout(deadline - 1);
            assertTrue(out(t).isEmpty(), "nothing before the deadline");
            intervals.add(deadline - sent);
            t.onTimeout(deadline);
            List<Out> o = out(t);
            if (!o.isEmpty()) {
                assertEquals(List.of(1), dataBlocks(o));
                sends++;
                sent = deadline;
            }
            events(t).forEach(e -> assertInstanceOf(TftpEvent.Failed.class, e));
            if (t.nextDeadline() == TftpTransfer.NO_DEADLINE) {
                break;
            }
        }
        assertEquals(List.of(S, 2 * S, 4 * S, 8 * S, 8 * S, 8 * S), intervals);
        assertEquals(1 + RetransmitPolicy.DEFAULT.maxRetransmits(), sends);
        assertTrue(t.isDone());
    }

    @Test
    void timeoutFailureSendsNoErrorAndReportsTimeout() {
        TftpTransfer t = TftpServerTransfer.read(rrq(), Simulation.source(new byte[10]),
                TftpServerPolicy.DEFAULT.withRetransmit(RetransmitPolicy.DEFAULT.withMaxRetransmits(1)), 0);
        out(t);
        events(t);
        t.onTimeout(S);
        assertEquals(1, out(t).size());
        t.onTimeout(3 * S);
        assertTrue(out(t).isEmpty(), "giving up is silent (RFC 1350)");
        TftpEvent.Failed f = last(events(t), TftpEvent.Failed.class);
        assertEquals(FailureReason.TIMEOUT, f.reason());
        assertEquals(-1, f.errorCode());
        assertEquals(2, f.stats().timeouts());
        assertTrue(t.isDone());
    }

    @Test
    void windowIsResentFromTheFirstUnacknowledgedBlock() {
        byte[] file = Simulation.randomBytes(5, 10 * 8 + 3);
        TftpTransfer t = serve(file, rrq("blksize", "8", "windowsize", "4"));
        TftpPacket.OptionAck oack = assertInstanceOf(TftpPacket.OptionAck.class, out(t).get(0).packet());
        assertEquals(TftpOptions.of("blksize", "8", "windowsize", "4"), oack.options());
        t.onPacket(ack(0), MS);
        assertEquals(List.of(1, 2, 3, 4), dataBlocks(out(t)));
        t.onPacket(ack(2), 2 * MS); // the receiver saw a gap after block 2
        assertEquals(List.of(3, 4, 5, 6), dataBlocks(out(t)));
        t.onPacket(ack(2), 3 * MS);
        assertTrue(out(t).isEmpty());
        t.onTimeout(t.nextDeadline());
        List<Out> resent = out(t);
        assertEquals(List.of(3, 4, 5, 6), dataBlocks(resent));
        assertArrayEquals(Arrays.copyOfRange(file, 16, 24), resent.get(0).payload());
        t.onPacket(ack(6), 2 * S);
        assertEquals(List.of(7, 8, 9, 10), dataBlocks(out(t)));
        t.onPacket(ack(10), 2 * S + MS);
        List<Out> tail = out(t);
        assertEquals(List.of(11), dataBlocks(tail), "the short block ends the window early");
        assertEquals(3, tail.get(0).payload().length);
        t.onPacket(ack(11), 2 * S + 2 * MS);
        assertEquals(83, last(events(t), TftpEvent.Completed.class).stats().bytes());
    }

    @Test
    void oackIsResentUntilAcknowledgedAndNegotiatedTimeoutDrivesIt() {
        // U-Boot always asks for timeout 5
        TftpTransfer t = serve(new byte[100], rrq("timeout", "5", "blksize", "1468"));
        assertInstanceOf(TftpPacket.OptionAck.class, out(t).get(0).packet());
        assertEquals(5 * S, t.nextDeadline());
        t.onTimeout(5 * S);
        assertInstanceOf(TftpPacket.OptionAck.class, out(t).get(0).packet());
        assertEquals(13 * S, t.nextDeadline(), "doubled, capped at the policy's 8 s");
        t.onPacket(ack(0), 6 * S);
        assertEquals(List.of(1), dataBlocks(out(t)));
        assertEquals(11 * S, t.nextDeadline(), "progress resets the backoff to the negotiated timeout");
    }

    @Test
    void peerErrorEndsTheTransferWithoutAnswer() {
        TftpTransfer t = serve(new byte[100], rrq("tsize", "0", "blksize", "1468", "windowsize", "4"));
        out(t);
        t.onPacket(new TftpPacket.ErrorPacket(TftpErrorCode.OPTION_NEGOTIATION, "just asking"), MS);
        assertTrue(out(t).isEmpty());
        TftpEvent.Failed f = last(events(t), TftpEvent.Failed.class);
        assertEquals(FailureReason.PEER_ERROR, f.reason());
        assertEquals(8, f.errorCode());
        assertTrue(t.isDone());
        t.onPacket(ack(0), 2 * MS);
        assertTrue(out(t).isEmpty());
    }

    @Test
    void sourceFailuresSendAnError() {
        TftpBlockSource broken = new TftpBlockSource() {
            @Override
            public long size() {
                return 10;
            }

            @Override
            public ByteBuf read(long offset, int length) {
                throw new UncheckedIOException(new IOException("disk on fire"));
            }
        };
        TftpTransfer t = TftpServerTransfer.read(rrq(), broken, TftpServerPolicy.DEFAULT, 0);
        TftpPacket.ErrorPacket e = assertInstanceOf(TftpPacket.ErrorPacket.class, out(t).get(0).packet());
        assertEquals(TftpErrorCode.NOT_DEFINED, e.code());
        TftpEvent.Failed f = last(events(t), TftpEvent.Failed.class);
        assertEquals(FailureReason.SOURCE_ERROR, f.reason());
        assertTrue(f.detail().contains("disk on fire"), f.detail());
        assertTrue(t.isDone());
    }

    @Test
    void mailModeIsRefused() {
        TftpTransfer t = TftpServerTransfer.read(new TftpPacket.ReadRequest("x", TransferMode.MAIL),
                Simulation.source(new byte[1]), TftpServerPolicy.DEFAULT, 0);
        assertEquals(TftpErrorCode.ILLEGAL_OPERATION,
                assertInstanceOf(TftpPacket.ErrorPacket.class, out(t).get(0).packet()).code());
        assertEquals(FailureReason.PROTOCOL_ERROR, last(events(t), TftpEvent.Failed.class).reason());
        assertThrows(IllegalArgumentException.class, () -> TftpClientTransfer.get(
                new TftpPacket.ReadRequest("x", TransferMode.MAIL), RetransmitPolicy.DEFAULT, (o, b) -> { }, 0));
    }

    @Test
    void abortSendsTheChosenError() {
        TftpTransfer t = serve(new byte[5000], rrq());
        out(t);
        t.abort(TftpErrorCode.ACCESS_VIOLATION, "server shutting down", MS);
        TftpPacket.ErrorPacket e = assertInstanceOf(TftpPacket.ErrorPacket.class, out(t).get(0).packet());
        assertEquals(new TftpPacket.ErrorPacket(TftpErrorCode.ACCESS_VIOLATION, "server shutting down"), e);
        assertEquals(FailureReason.ABORTED, last(events(t), TftpEvent.Failed.class).reason());
        t.onPacket(ack(1), 2 * MS);
        assertTrue(out(t).isEmpty());
        assertTrue(t.isDone());
    }

    @Test
    void clientPutWithOptions() {
        byte[] file = Simulation.randomBytes(6, 20);
        TftpClientConfig config = TftpClientConfig.DEFAULT.withBlockSize(8).withTransferSize(true);
        TftpTransfer t = TftpClientTransfer.put("up.bin", config, Simulation.source(file), 0);
        TftpPacket.WriteRequest w = assertInstanceOf(TftpPacket.WriteRequest.class, out(t).get(0).packet());
        assertEquals(TftpOptions.of("blksize", "8", "tsize", "20"), w.options());
        t.onTimeout(S);
        assertEquals(w, out(t).get(0).packet(), "the request is resent on timeout");
        t.onPacket(new TftpPacket.OptionAck(TftpOptions.of("blksize", "8", "tsize", "20")), S + MS);
        assertEquals(List.of(1), dataBlocks(out(t)));
        t.onPacket(new TftpPacket.OptionAck(TftpOptions.of("blksize", "8")), S + 2 * MS);
        assertTrue(out(t).isEmpty(), "a repeated OACK is a duplicate once sending started");
        t.onPacket(ack(1), S + 3 * MS);
        assertEquals(List.of(2), dataBlocks(out(t)));
        t.onPacket(ack(2), S + 4 * MS);
        List<Out> o = out(t);
        assertEquals(List.of(3), dataBlocks(o));
        assertEquals(4, o.get(0).payload().length);
        t.onPacket(ack(3), S + 5 * MS);
        assertEquals(20, last(events(t), TftpEvent.Completed.class).stats().bytes());
    }

    @Test
    void clientPutToAServerWithoutOptions() {
        TftpTransfer t = TftpClientTransfer.put("up.bin", TftpClientConfig.DEFAULT.withBlockSize(1468),
                Simulation.source(new byte[600]), 0);
        out(t);
        t.onPacket(ack(0), MS);
        List<Out> o = out(t);
        assertEquals(512, o.get(0).payload().length, "no OACK: RFC 1350 block size");
        assertEquals(TransferParameters.DEFAULT, t.parameters());
    }

    @Test
    void clientPutRefusesAnOackThatChangesTsize() {
        TftpTransfer t = TftpClientTransfer.put("up.bin", TftpClientConfig.DEFAULT.withTransferSize(true),
                Simulation.source(new byte[600]), 0);
        out(t);
        t.onPacket(new TftpPacket.OptionAck(TftpOptions.of("tsize", "1")), MS);
        assertEquals(TftpErrorCode.OPTION_NEGOTIATION,
                assertInstanceOf(TftpPacket.ErrorPacket.class, out(t).get(0).packet()).code());
        assertEquals(FailureReason.OPTION_REJECTED, last(events(t), TftpEvent.Failed.class).reason());
    }

    // ---- receiver ----

    @Test
    void receiverAcksOncePerWindowAndOnceAtAGap() {
        Simulation.Collector sink = new Simulation.Collector();
        TftpTransfer t = TftpClientTransfer.get("f", TftpClientConfig.DEFAULT.withBlockSize(8).withWindowSize(4), sink, 0);
        out(t);
        t.onPacket(new TftpPacket.OptionAck(TftpOptions.of("blksize", "8", "windowsize", "4")), MS);
        assertEquals(List.of(ack(0)), packets(out(t)));
        byte[] file = Simulation.randomBytes(7, 8 * 8 + 3);
        for (int b = 1; b <= 3; b++) {
            t.onPacket(block(file, b), MS);
            assertTrue(out(t).isEmpty(), "no ACK inside a window");
        }
        t.onPacket(block(file, 4), MS);
        assertEquals(List.of(ack(4)), packets(out(t)));
        t.onPacket(block(file, 6), MS); // 5 was lost
        assertEquals(List.of(ack(4)), packets(out(t)), "one ACK at the gap");
        t.onPacket(block(file, 7), MS);
        t.onPacket(block(file, 8), MS);
        assertTrue(out(t).isEmpty(), "only one ACK per gap");
        for (int b = 5; b <= 7; b++) {
            t.onPacket(block(file, b), 2 * MS);
        }
        assertTrue(out(t).isEmpty());
        t.onPacket(block(file, 8), 2 * MS);
        assertEquals(List.of(ack(8)), packets(out(t)));
        t.onPacket(block(file, 3), 3 * MS);
        assertEquals(List.of(ack(8)), packets(out(t)), "a repeated block gets the last ACK again");
        t.onPacket(block(file, 9), 4 * MS);
        assertEquals(List.of(ack(9)), packets(out(t)), "the short block is acknowledged at once");
        assertArrayEquals(file, sink.bytes());
        assertEquals(file.length, last(events(t), TftpEvent.Completed.class).stats().bytes());
    }

    @Test
    void repeatedBlockIsAnsweredWithTheLastAckSentNeverANewerOne() {
        TftpTransfer t = TftpClientTransfer.get("f", TftpClientConfig.DEFAULT.withBlockSize(8).withWindowSize(4),
                new Simulation.Collector(), 0);
        out(t);
        t.onPacket(new TftpPacket.OptionAck(TftpOptions.of("blksize", "8", "windowsize", "4")), MS);
        out(t);
        t.onPacket(data(1, 8), MS);
        t.onPacket(data(2, 8), MS);
        t.onPacket(data(1, 8), MS);
        assertEquals(List.of(ack(0)), packets(out(t)),
                "acknowledging block 2 here would move the sender's window under its feet");
    }

    @Test
    void receiverTimeoutAcknowledgesTheLastBlockInOrder() {
        TftpTransfer t = TftpClientTransfer.get("f", TftpClientConfig.DEFAULT.withBlockSize(8).withWindowSize(4),
                new Simulation.Collector(), 0);
        out(t);
        t.onPacket(new TftpPacket.OptionAck(TftpOptions.of("blksize", "8", "windowsize", "4")), 0);
        out(t);
        t.onPacket(data(1, 8), 10 * MS);
        t.onPacket(data(2, 8), 10 * MS);
        t.onTimeout(t.nextDeadline());
        assertEquals(List.of(ack(2)), packets(out(t)), "RFC 7440: ACK the last block received in sequence");
    }

    @Test
    void finalAckThenDally() {
        Simulation.Collector sink = new Simulation.Collector();
        TftpTransfer t = TftpClientTransfer.get("f", TftpClientConfig.DEFAULT, sink, 0);
        out(t);
        t.onPacket(data(1, 100), MS);
        assertEquals(List.of(ack(1)), packets(out(t)));
        assertInstanceOf(TftpEvent.Completed.class, last(events(t), TftpEvent.class));
        assertFalse(t.isDone(), "dallying");
        assertEquals(MS + 8 * S, t.nextDeadline());
        t.onPacket(data(1, 100), 2 * S);
        assertEquals(List.of(ack(1)), packets(out(t)), "the last ACK was lost: acknowledge again");
        assertEquals(10 * S, t.nextDeadline());
        t.onTimeout(10 * S);
        assertTrue(out(t).isEmpty());
        assertTrue(events(t).isEmpty(), "no second terminal event");
        assertTrue(t.isDone());
        assertEquals(100, sink.bytes().length);
    }

    @Test
    void clientFallsBackWhenTheServerIgnoresOptions() {
        Simulation.Collector sink = new Simulation.Collector();
        TftpTransfer t = TftpClientTransfer.get("f", TftpClientConfig.DEFAULT.withBlockSize(1468).withTransferSize(true),
                sink, 0);
        TftpPacket.ReadRequest r = assertInstanceOf(TftpPacket.ReadRequest.class, packets(out(t)).get(0));
        assertEquals(TftpOptions.of("blksize", "1468", "tsize", "0"), r.options());
        t.onPacket(data(1, 512), MS);
        assertEquals(List.of(ack(1)), packets(out(t)));
        assertEquals(TransferParameters.DEFAULT,
                assertInstanceOf(TftpEvent.Negotiated.class, events(t).get(0)).parameters());
        t.onPacket(data(2, 0), 2 * MS);
        assertEquals(List.of(ack(2)), packets(out(t)));
        assertEquals(512, sink.bytes().length);
    }

    @Test
    void clientRefusesAnOackOptionItDidNotAskFor() {
        // pxelinux aborts on any OACK option it did not request
        TftpTransfer t = TftpClientTransfer.get(rrq("tsize", "0"), RetransmitPolicy.DEFAULT, new Simulation.Collector(), 0);
        out(t);
        t.onPacket(new TftpPacket.OptionAck(TftpOptions.of("tsize", "100", "blksize", "1468")), MS);
        TftpPacket.ErrorPacket e = assertInstanceOf(TftpPacket.ErrorPacket.class, packets(out(t)).get(0));
        assertEquals(TftpErrorCode.OPTION_NEGOTIATION, e.code());
        TftpEvent.Failed f = last(events(t), TftpEvent.Failed.class);
        assertEquals(FailureReason.OPTION_REJECTED, f.reason());
        assertEquals(8, f.errorCode());
    }

    @Test
    void clientAnswersARepeatedOackWithAck0() {
        TftpTransfer t = TftpClientTransfer.get(rrq("blksize", "1468"), RetransmitPolicy.DEFAULT, new Simulation.Collector(), 0);
        out(t);
        TftpPacket.OptionAck oack = new TftpPacket.OptionAck(TftpOptions.of("blksize", "1468"));
        t.onPacket(oack, MS);
        assertEquals(List.of(ack(0)), packets(out(t)));
        t.onPacket(oack, S);
        assertEquals(List.of(ack(0)), packets(out(t)));
        t.onTimeout(t.nextDeadline());
        assertEquals(List.of(ack(0)), packets(out(t)), "the timer resends ACK 0 until DATA 1 arrives");
    }

    @Test
    void blockLargerThanNegotiatedIsAProtocolError() {
        TftpTransfer t = TftpClientTransfer.get("f", TftpClientConfig.DEFAULT, new Simulation.Collector(), 0);
        out(t);
        t.onPacket(data(1, 513), MS);
        assertEquals(TftpErrorCode.ILLEGAL_OPERATION,
                assertInstanceOf(TftpPacket.ErrorPacket.class, packets(out(t)).get(0)).code());
        assertEquals(FailureReason.PROTOCOL_ERROR, last(events(t), TftpEvent.Failed.class).reason());
    }

    @Test
    void serverWriteLockStep() {
        Simulation.Collector sink = new Simulation.Collector();
        TftpTransfer t = TftpServerTransfer.write(new TftpPacket.WriteRequest("up", TransferMode.OCTET), sink,
                TftpServerPolicy.DEFAULT, 0);
        assertEquals(List.of(ack(0)), packets(out(t)));
        t.onTimeout(S);
        assertEquals(List.of(ack(0)), packets(out(t)));
        byte[] file = Simulation.randomBytes(8, 512);
        t.onPacket(data(1, file), S + MS);
        assertEquals(List.of(ack(1)), packets(out(t)));
        t.onPacket(data(2, 0), S + 2 * MS);
        assertEquals(List.of(ack(2)), packets(out(t)));
        t.onPacket(data(2, 0), S + 3 * MS);
        assertEquals(List.of(ack(2)), packets(out(t)));
        assertArrayEquals(file, sink.bytes());
        assertEquals(512, last(events(t), TftpEvent.Completed.class).stats().bytes());
    }

    @Test
    void serverWriteResendsItsOackUntilTheFirstBlock() {
        TftpTransfer t = TftpServerTransfer.write(new TftpPacket.WriteRequest("up", TransferMode.OCTET,
                TftpOptions.of("blksize", "8", "tsize", "20")), new Simulation.Collector(), TftpServerPolicy.DEFAULT, 0);
        TftpPacket.OptionAck oack = assertInstanceOf(TftpPacket.OptionAck.class, packets(out(t)).get(0));
        assertEquals(TftpOptions.of("blksize", "8", "tsize", "20"), oack.options());
        assertEquals(20, t.parameters().transferSize());
        t.onTimeout(S);
        assertEquals(List.of(oack), packets(out(t)));
        t.onPacket(data(1, 8), S + MS);
        assertEquals(List.of(ack(1)), packets(out(t)));
    }

    @Test
    void sinkMayEndTheTransferWithItsOwnError() {
        TftpBlockSink quota = (offset, buf) -> {
            if (offset + buf.readableBytes() > 600) {
                throw new TftpAbortException(TftpErrorCode.DISK_FULL, "upload limit 600 bytes");
            }
        };
        TftpTransfer t = TftpServerTransfer.write(new TftpPacket.WriteRequest("up", TransferMode.OCTET), quota,
                TftpServerPolicy.DEFAULT, 0);
        out(t);
        t.onPacket(data(1, 512), MS);
        out(t);
        t.onPacket(data(2, 512), 2 * MS);
        assertEquals(List.of(new TftpPacket.ErrorPacket(TftpErrorCode.DISK_FULL, "upload limit 600 bytes")), packets(out(t)));
        TftpEvent.Failed f = last(events(t), TftpEvent.Failed.class);
        assertEquals(FailureReason.SINK_ERROR, f.reason());
        assertEquals(3, f.errorCode());
        assertEquals(512, f.stats().bytes());
    }

    @Test
    void dataReceivedEventsAreMergedUntilPolled() {
        TftpTransfer t = TftpClientTransfer.get("f", TftpClientConfig.DEFAULT, new Simulation.Collector(), 0);
        out(t);
        for (int b = 1; b <= 3; b++) {
            t.onPacket(data(b, 512), b * MS);
        }
        List<TftpEvent> ev = events(t);
        assertEquals(List.of(new TftpEvent.Negotiated(TransferParameters.DEFAULT), new TftpEvent.DataReceived(0, 1536)), ev);
        out(t);
    }

    // ---- helpers ----

    private static List<TftpPacket> packets(List<Out> out) {
        List<TftpPacket> list = new ArrayList<>();
        for (Out o : out) {
            list.add(o.packet());
        }
        return list;
    }

    private static TftpPacket.Data block(byte[] file, int block) {
        int from = (block - 1) * 8;
        return data(block, Arrays.copyOfRange(file, from, Math.min(file.length, from + 8)));
    }
}
