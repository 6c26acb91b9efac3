package dev.netboot.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TftpDispatcherTest {
    private static final long S = 1_000_000_000L;

    record Sent(String to, TftpPacket packet) {}

    record Reported(String peer, TftpEvent event) {}

    private final List<Sent> sent = new ArrayList<>();
    private final List<Reported> reported = new ArrayList<>();

    private void drain(TftpDispatcher<String> d) {
        d.drain((peer, p) -> {
            if (p instanceof TftpPacket.Data data) {
                assertTrue(data.payload().release());
                p = new TftpPacket.Data(data.block(), io.netty.buffer.Unpooled.EMPTY_BUFFER);
            }
            sent.add(new Sent(peer, p));
        }, (peer, e) -> reported.add(new Reported(peer, e)));
    }

    private List<Sent> takeSent() {
        List<Sent> copy = List.copyOf(sent);
        sent.clear();
        return copy;
    }

    private static TftpTransfer serving(int size, long now) {
        return TftpServerTransfer.read(new TftpPacket.ReadRequest("f", TransferMode.OCTET),
                Simulation.source(new byte[size]), TftpServerPolicy.DEFAULT, now);
    }

    private static TftpPacket.Data data(int block) {
        return new TftpPacket.Data(block, io.netty.buffer.Unpooled.EMPTY_BUFFER);
    }

    @Test
    void aPacketFromAForeignPortGetsError5AndTheTransferGoesOn() {
        TftpDispatcher<String> d = new TftpDispatcher<>();
        TftpTransfer t = serving(2000, 0);
        d.add("10.0.0.5:1000", t);
        drain(d);
        assertEquals(List.of(new Sent("10.0.0.5:1000", data(1))), takeSent());
        long deadline = t.nextDeadline();

        assertEquals(TftpDispatcher.Outcome.UNKNOWN_TRANSFER, d.dispatch("10.0.0.5:2000", new TftpPacket.Ack(1), 1));
        drain(d);
        assertEquals(List.of(new Sent("10.0.0.5:2000", TftpPacket.ErrorPacket.unknownTransferId())), takeSent());
        assertEquals(deadline, t.nextDeadline(), "the transfer did not see the stray packet");
        assertFalse(t.isDone());
        assertTrue(reported.stream().noneMatch(r -> r.event() instanceof TftpEvent.Failed));

        assertEquals(TftpDispatcher.Outcome.DELIVERED, d.dispatch("10.0.0.5:1000", new TftpPacket.Ack(1), 2));
        drain(d);
        assertEquals(List.of(new Sent("10.0.0.5:1000", data(2))), takeSent());
    }

    @Test
    void requestsAndErrors() {
        TftpDispatcher<String> d = new TftpDispatcher<>();
        TftpPacket.ReadRequest rrq = new TftpPacket.ReadRequest("f", TransferMode.OCTET);
        assertEquals(TftpDispatcher.Outcome.NEW_REQUEST, d.dispatch("a", rrq, 0));
        d.add("a", serving(10, 0));
        assertThrows(IllegalStateException.class, () -> d.add("a", serving(10, 0)));
        assertEquals(TftpDispatcher.Outcome.IGNORED, d.dispatch("a", rrq, 1), "a repeated request");
        assertEquals(TftpDispatcher.Outcome.IGNORED,
                d.dispatch("b", new TftpPacket.ErrorPacket(TftpErrorCode.UNKNOWN_TRANSFER_ID, ""), 1),
                "an ERROR is never answered with an ERROR");
        drain(d);
        assertEquals(List.of(new Sent("a", data(1))), takeSent());
    }

    @Test
    void oneTimerForAllTransfers() {
        TftpDispatcher<String> d = new TftpDispatcher<>();
        d.add("early", serving(10, 0));
        d.add("late", serving(10, S / 2));
        drain(d);
        takeSent();
        assertEquals(S, d.nextDeadline());
        d.onTimeout(S - 1);
        drain(d);
        assertTrue(takeSent().isEmpty());
        d.onTimeout(S);
        drain(d);
        assertEquals(List.of(new Sent("early", data(1))), takeSent());
        assertEquals(S + S / 2, d.nextDeadline());
        d.onTimeout(S + S / 2);
        drain(d);
        assertEquals(List.of(new Sent("late", data(1))), takeSent());
        assertEquals(3 * S, d.nextDeadline(), "early was resent at 1 s with a 2 s timeout");
    }

    @Test
    void aDeadlineMovedLaterOnlyCausesAHarmlessEarlyWakeUp() {
        TftpDispatcher<String> d = new TftpDispatcher<>();
        d.add("a", serving(2000, 0));
        drain(d);
        takeSent();
        d.dispatch("a", new TftpPacket.Ack(1), S / 2);
        drain(d);
        takeSent();
        assertEquals(S, d.nextDeadline());
        d.onTimeout(S);
        drain(d);
        assertTrue(takeSent().isEmpty());
        assertEquals(S + S / 2, d.nextDeadline());
    }

    @Test
    void doneTransfersAreForgottenAfterTheirLastEvent() {
        TftpDispatcher<String> d = new TftpDispatcher<>();
        d.add("a", serving(10, 0));
        drain(d);
        d.dispatch("a", new TftpPacket.Ack(1), 5);
        assertEquals(1, d.size());
        drain(d);
        assertEquals(0, d.size());
        assertNull(d.get("a"));
        assertInstanceOf(TftpEvent.Completed.class, reported.get(reported.size() - 1).event());
        assertEquals("a", reported.get(reported.size() - 1).peer());
        assertEquals(TftpTransfer.NO_DEADLINE, d.nextDeadline());
        assertEquals(TftpDispatcher.Outcome.UNKNOWN_TRANSFER, d.dispatch("a", new TftpPacket.Ack(1), 6));
    }

    @Test
    void aClientLocksOntoTheServersTransferPort() {
        TftpDispatcher<String> d = new TftpDispatcher<>();
        Simulation.Collector sink = new Simulation.Collector();
        TftpTransfer client = TftpClientTransfer.get("f", TftpClientConfig.DEFAULT, sink, 0);
        d.add("server:69", client);
        drain(d);
        assertInstanceOf(TftpPacket.ReadRequest.class, takeSent().get(0).packet());
        // the first answer comes from the server's transfer port
        assertTrue(d.rebind("server:69", "server:40000"));
        assertFalse(d.rebind("server:69", "server:40001"));
        assertSame(client, d.get("server:40000"));
        assertEquals(TftpDispatcher.Outcome.DELIVERED, d.dispatch("server:40000", data(1), 1));
        // a second server transfer (the request was repeated) gets ERROR 5
        assertEquals(TftpDispatcher.Outcome.UNKNOWN_TRANSFER, d.dispatch("server:40001", data(1), 2));
        drain(d);
        assertEquals(List.of(new Sent("server:40001", TftpPacket.ErrorPacket.unknownTransferId()),
                new Sent("server:40000", new TftpPacket.Ack(1))), takeSent());
        assertInstanceOf(TftpEvent.Completed.class, reported.get(reported.size() - 1).event());
    }

    @Test
    void abortAllSendsAnErrorToEveryPeer() {
        TftpDispatcher<String> d = new TftpDispatcher<>();
        d.add("a", serving(5000, 0));
        d.add("b", serving(5000, 0));
        drain(d);
        takeSent();
        d.abortAll(TftpErrorCode.NOT_DEFINED, "shutting down", 1);
        assertFalse(d.abort("c", TftpErrorCode.NOT_DEFINED, "x", 1));
        drain(d);
        List<Sent> s = takeSent();
        assertEquals(2, s.size());
        assertTrue(s.stream().allMatch(x -> x.packet() instanceof TftpPacket.ErrorPacket));
        assertEquals(0, d.size());
    }
}
