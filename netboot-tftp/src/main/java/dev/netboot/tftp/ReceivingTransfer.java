package dev.netboot.tftp;

import io.netty.buffer.ByteBuf;

/**
 * The receiving side (server write, client get). Accepts blocks only in order and writes them to
 * the sink at once; acknowledges every {@code windowsize} blocks, the last block, and once the
 * first time a block arrives ahead of a missing one (RFC 7440), so that the sender resends from the
 * gap. A repeated block is answered with the last ACK already sent, never with a newer one, so
 * duplicates cannot push the sender into extra windows. After the last block it dallies: the
 * transfer has completed, but it still answers a repeated last block for a while.
 */
final class ReceivingTransfer extends AbstractTransfer {
    private enum Phase { REQUESTING, RECEIVING, DALLYING }

    private final TftpBlockSink sink;
    private Phase phase;
    /** Resent by the timer until the first block arrives: the RRQ, the server's OACK or ACK 0. */
    private TftpPacket initial;
    private NetasciiDecoder decoder;
    private long expected = 1;
    private long lastAck;
    private int sinceAck;
    private boolean gapAcked;
    private int finalBlock = -1;
    private long offset;

    private ReceivingTransfer(TftpPacket.Request request, TftpBlockSink sink, RetransmitPolicy retransmit,
            long nowNanos) {
        super(request, retransmit, nowNanos);
        this.sink = sink;
    }

    static ReceivingTransfer server(TftpPacket.WriteRequest request, TftpBlockSink sink, TftpServerPolicy policy,
            long nowNanos) {
        ReceivingTransfer t = new ReceivingTransfer(request, sink, policy.retransmit(), nowNanos);
        if (request.mode() == TransferMode.MAIL) {
            t.fail(nowNanos, FailureReason.PROTOCOL_ERROR, "mail mode is not supported",
                    TftpErrorCode.ILLEGAL_OPERATION.code(),
                    new TftpPacket.ErrorPacket(TftpErrorCode.ILLEGAL_OPERATION, "Mail mode is not supported"));
            return t;
        }
        TransferParameters p = OptionNegotiation.negotiate(request, -1, policy);
        t.negotiated(p);
        t.initial = p.acknowledged().isEmpty() ? new TftpPacket.Ack(0) : new TftpPacket.OptionAck(p.acknowledged());
        t.control.add(t.initial);
        t.phase = Phase.RECEIVING;
        t.arm(nowNanos);
        return t;
    }

    static ReceivingTransfer client(TftpPacket.ReadRequest request, TftpBlockSink sink, RetransmitPolicy retransmit,
            long nowNanos) {
        ReceivingTransfer t = new ReceivingTransfer(request, sink, retransmit, nowNanos);
        t.phase = Phase.REQUESTING;
        t.initial = request;
        t.control.add(request);
        t.arm(nowNanos);
        return t;
    }

    private void negotiated(TransferParameters p) {
        useParameters(p);
        if (request.mode() == TransferMode.NETASCII) {
            decoder = new NetasciiDecoder();
        }
        emit(new TftpEvent.Negotiated(p));
    }

    @Override
    void handle(TftpPacket packet, long nowNanos) {
        if (packet instanceof TftpPacket.Data d) {
            received(d.block(), d.payload(), nowNanos);
        } else if (packet instanceof TftpPacket.OptionAck oack) {
            onOack(oack, nowNanos);
        } else {
            duplicates++;
        }
    }

    private void onOack(TftpPacket.OptionAck oack, long nowNanos) {
        if (phase == Phase.REQUESTING) {
            TransferParameters p;
            try {
                p = OptionNegotiation.acceptOack(request, oack);
            } catch (TftpNegotiationException e) {
                fail(nowNanos, FailureReason.OPTION_REJECTED, "refused OACK: " + e.getMessage(),
                        TftpErrorCode.OPTION_NEGOTIATION.code(),
                        new TftpPacket.ErrorPacket(TftpErrorCode.OPTION_NEGOTIATION, e.getMessage()));
                return;
            }
            negotiated(p);
            phase = Phase.RECEIVING;
            initial = new TftpPacket.Ack(0);
            ack(0);
            attempts = 0;
            arm(nowNanos);
        } else {
            duplicates++;
            if (phase == Phase.RECEIVING && expected == 1 && initial instanceof TftpPacket.Ack) {
                control.add(initial); // our ACK 0 was lost and the server repeats its OACK
            }
        }
    }

    @Override
    void handleData(int block, ByteBuf payload, long nowNanos) {
        received(block, payload, nowNanos);
    }

    private void received(int block, ByteBuf payload, long nowNanos) {
        if (phase == Phase.REQUESTING) {
            negotiated(TransferParameters.DEFAULT); // the server ignored our options (RFC 1350 server)
            phase = Phase.RECEIVING;
            initial = new TftpPacket.Ack(0);
        }
        if (phase == Phase.DALLYING) {
            duplicates++;
            if (block == finalBlock) {
                control.add(new TftpPacket.Ack(finalBlock)); // our final ACK was lost
                deadline = nowNanos + dallyNanos();
            }
            return;
        }
        int ahead = (block - wire(expected)) & 0xFFFF;
        if (ahead == 0) {
            accept(block, payload, nowNanos);
        } else if (ahead < Math.min(parameters.windowSize(), 0x8000)) {
            duplicates++;
            if (!gapAcked) {
                gapAcked = true;
                ack(expected - 1);
            }
        } else {
            duplicates++;
            control.add(new TftpPacket.Ack(wire(lastAck)));
        }
    }

    private void accept(int block, ByteBuf payload, long nowNanos) {
        int length = payload.readableBytes();
        int blockSize = parameters.blockSize();
        if (length > blockSize) {
            fail(nowNanos, FailureReason.PROTOCOL_ERROR, "block " + block + " has " + length
                    + " bytes (expected: at most the blksize " + blockSize + ")",
                    TftpErrorCode.ILLEGAL_OPERATION.code(), new TftpPacket.ErrorPacket(
                            TftpErrorCode.ILLEGAL_OPERATION, "Block larger than blksize " + blockSize));
            return;
        }
        boolean last = length < blockSize;
        if (!deliver(payload, last, nowNanos)) {
            return;
        }
        expected++;
        blocks++;
        gapAcked = false;
        attempts = 0;
        if (last) {
            finalBlock = block;
            ack(expected - 1);
            complete(nowNanos);
            phase = Phase.DALLYING;
            deadline = nowNanos + dallyNanos();
            return;
        }
        if (++sinceAck >= parameters.windowSize()) {
            ack(expected - 1);
        }
        arm(nowNanos);
    }

    private boolean deliver(ByteBuf payload, boolean last, long nowNanos) {
        long start = offset;
        try {
            if (decoder == null) {
                if (payload.isReadable()) {
                    sink.write(offset, payload);
                }
                offset += payload.readableBytes();
            } else {
                ByteBuf text = decoder.decode(payload, last);
                try {
                    int n = text.readableBytes();
                    if (n > 0) {
                        sink.write(offset, text);
                    }
                    offset += n;
                } finally {
                    text.release();
                }
            }
        } catch (TftpAbortException e) {
            fail(nowNanos, FailureReason.SINK_ERROR, "sink refused data at offset " + start + ": " + e.getMessage(),
                    e.code().code(), new TftpPacket.ErrorPacket(e.code(), e.getMessage()));
            return false;
        } catch (RuntimeException e) {
            fail(nowNanos, FailureReason.SINK_ERROR, "sink failed at offset " + start + ": " + e,
                    TftpErrorCode.NOT_DEFINED.code(),
                    new TftpPacket.ErrorPacket(TftpErrorCode.NOT_DEFINED, "Write error"));
            return false;
        }
        bytes = offset;
        if (offset > start) {
            emit(new TftpEvent.DataReceived(start, offset - start));
        }
        return true;
    }

    private void ack(long block) {
        control.add(new TftpPacket.Ack(wire(block)));
        lastAck = block;
        sinceAck = 0;
    }

    @Override
    void expire(long nowNanos) {
        if (phase == Phase.DALLYING) {
            stop(); // completion was reported when the last block arrived
            return;
        }
        if (!retry(nowNanos)) {
            return;
        }
        if (phase == Phase.REQUESTING || expected == 1) {
            control.add(initial);
        } else {
            ack(expected - 1); // RFC 7440: acknowledge the last block received in order
            gapAcked = false;
        }
    }
}
