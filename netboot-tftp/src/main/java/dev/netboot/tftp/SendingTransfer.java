package dev.netboot.tftp;

import io.netty.buffer.ByteBuf;

/**
 * The sending side (server read, client put). After negotiation it sends a window of blocks
 * starting at the first unacknowledged one (RFC 7440; a window of 1 is RFC 1350 lock-step), and
 * moves on only when an ACK acknowledges a block it has not seen acknowledged before. A duplicate
 * ACK never causes a send (the Sorcerer's Apprentice fix of RFC 1123); only the timer resends.
 * Blocks are numbered from 1 without limit internally and wrap from 65535 to 0 on the wire.
 * Block payloads are read from the source when {@link #pollOutgoing()} is called, so the transfer
 * holds no buffers between calls.
 */
final class SendingTransfer extends AbstractTransfer {
    private enum Phase { REQUESTING, AWAITING_OACK_ACK, SENDING }

    private final TftpBlockSource source;
    private Phase phase;
    /** Resent by the timer until answered: the client's WRQ or the server's OACK. */
    private TftpPacket initial;
    private BlockReader reader;
    private long firstUnacked = 1;
    private long highestSent;
    private long sendNext = 1;
    private long sendLimit;
    private long lastBlock = -1;

    private SendingTransfer(TftpPacket.Request request, TftpBlockSource source, RetransmitPolicy retransmit,
            long nowNanos) {
        super(request, retransmit, nowNanos);
        this.source = source;
    }

    static SendingTransfer server(TftpPacket.ReadRequest request, TftpBlockSource source, TftpServerPolicy policy,
            long nowNanos) {
        SendingTransfer t = new SendingTransfer(request, source, policy.retransmit(), nowNanos);
        if (request.mode() == TransferMode.MAIL) {
            t.fail(nowNanos, FailureReason.PROTOCOL_ERROR, "mail mode is not supported",
                    TftpErrorCode.ILLEGAL_OPERATION.code(),
                    new TftpPacket.ErrorPacket(TftpErrorCode.ILLEGAL_OPERATION, "Mail mode is not supported"));
            return t;
        }
        long size;
        try {
            size = request.mode() == TransferMode.OCTET ? source.size() : -1;
        } catch (RuntimeException e) {
            t.sourceFailed(e, "size");
            return t;
        }
        TransferParameters p = OptionNegotiation.negotiate(request, size, policy);
        t.negotiated(p);
        if (p.acknowledged().isEmpty()) {
            t.startSending(nowNanos);
        } else {
            t.initial = new TftpPacket.OptionAck(p.acknowledged());
            t.control.add(t.initial);
            t.phase = Phase.AWAITING_OACK_ACK;
            t.arm(nowNanos);
        }
        return t;
    }

    static SendingTransfer client(TftpPacket.WriteRequest request, TftpBlockSource source,
            RetransmitPolicy retransmit, long nowNanos) {
        SendingTransfer t = new SendingTransfer(request, source, retransmit, nowNanos);
        t.phase = Phase.REQUESTING;
        t.initial = request;
        t.control.add(request);
        t.arm(nowNanos);
        return t;
    }

    private void negotiated(TransferParameters p) {
        useParameters(p);
        reader = BlockReader.create(request.mode(), source, p);
        emit(new TftpEvent.Negotiated(p));
    }

    private void startSending(long nowNanos) {
        phase = Phase.SENDING;
        attempts = 0;
        scheduleWindow(1);
        arm(nowNanos);
    }

    private void scheduleWindow(long from) {
        sendNext = from;
        long limit = from + parameters.windowSize() - 1;
        sendLimit = lastBlock >= 0 ? Math.min(limit, lastBlock) : limit;
    }

    @Override
    void handle(TftpPacket packet, long nowNanos) {
        switch (phase) {
            case REQUESTING -> {
                if (packet instanceof TftpPacket.Ack a && a.block() == 0) {
                    negotiated(TransferParameters.DEFAULT); // the server ignored any options (RFC 1350)
                    startSending(nowNanos);
                } else if (packet instanceof TftpPacket.OptionAck oack) {
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
                    startSending(nowNanos);
                } else {
                    duplicates++;
                }
            }
            case AWAITING_OACK_ACK -> {
                if (packet instanceof TftpPacket.Ack a && a.block() == 0) {
                    startSending(nowNanos);
                } else {
                    duplicates++;
                }
            }
            case SENDING -> {
                if (packet instanceof TftpPacket.Ack a) {
                    acknowledged(a.block(), nowNanos);
                } else {
                    duplicates++;
                }
            }
            default -> throw new IllegalStateException(phase.toString());
        }
    }

    @Override
    void handleAck(int block, long nowNanos) {
        if (phase == Phase.SENDING) {
            acknowledged(block, nowNanos);
        } else {
            super.handleAck(block, nowNanos);
        }
    }

    private void acknowledged(int block, long nowNanos) {
        long base = firstUnacked - 1;
        long n = base + ((block - wire(base)) & 0xFFFF);
        if (n == base || n > highestSent) {
            duplicates++; // a repeated or stale ACK: resending here would double every later block
            return;
        }
        blocks += n - base;
        bytes = reader.fileOffsetAfter(n);
        if (n == lastBlock) {
            complete(nowNanos);
            stop();
            return;
        }
        firstUnacked = n + 1;
        attempts = 0;
        scheduleWindow(firstUnacked); // RFC 7440: the next window starts after the acknowledged block
        arm(nowNanos);
    }

    @Override
    void expire(long nowNanos) {
        if (!retry(nowNanos)) {
            return;
        }
        if (phase == Phase.SENDING) {
            scheduleWindow(firstUnacked);
        } else {
            control.add(initial);
        }
    }

    @Override
    public TftpPacket pollOutgoing() {
        TftpPacket p = control.poll();
        if (p != null || stopped || phase != Phase.SENDING || sendNext > sendLimit) {
            return p;
        }
        long n = sendNext;
        ByteBuf payload;
        try {
            payload = reader.read(n);
        } catch (RuntimeException e) {
            sourceFailed(e, "block " + n);
            return control.poll();
        }
        int length = payload.readableBytes();
        int blockSize = parameters.blockSize();
        if (length > blockSize) {
            payload.release();
            fail(lastNow, FailureReason.SOURCE_ERROR, "source returned " + length + " bytes for block " + n
                    + " (expected: at most " + blockSize + ")", TftpErrorCode.NOT_DEFINED.code(),
                    new TftpPacket.ErrorPacket(TftpErrorCode.NOT_DEFINED, "Read error"));
            return control.poll();
        }
        if (length < blockSize) {
            lastBlock = n;
            sendLimit = n;
        }
        highestSent = Math.max(highestSent, n);
        sendNext = n + 1;
        return new TftpPacket.Data(wire(n), payload);
    }

    private void sourceFailed(RuntimeException e, String what) {
        if (e instanceof TftpAbortException a) {
            fail(lastNow, FailureReason.SOURCE_ERROR, "source refused " + what + ": " + a.getMessage(),
                    a.code().code(), new TftpPacket.ErrorPacket(a.code(), a.getMessage()));
        } else {
            fail(lastNow, FailureReason.SOURCE_ERROR, "source failed reading " + what + ": " + e,
                    TftpErrorCode.NOT_DEFINED.code(),
                    new TftpPacket.ErrorPacket(TftpErrorCode.NOT_DEFINED, "Read error"));
        }
    }
}
