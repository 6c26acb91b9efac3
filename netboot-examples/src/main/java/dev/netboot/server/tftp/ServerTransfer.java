package dev.netboot.server.tftp;

import dev.netboot.tftp.FailureReason;
import dev.netboot.tftp.TftpBlockSource;
import dev.netboot.tftp.TftpErrorCode;
import dev.netboot.tftp.TftpEvent;
import dev.netboot.tftp.TftpPacket;
import dev.netboot.tftp.TftpServerTransfer;
import dev.netboot.tftp.TftpTransfer;
import dev.netboot.tftp.TransferParameters;
import dev.netboot.tftp.TransferStats;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.function.BiConsumer;

/**
 * One accepted request on the server: the opened file (or generated content, or upload), the
 * transfer made from it, and the bookkeeping when it ends: resources closed, the client's slot
 * freed, counters updated, and the one log line written. Created on the listener's thread, then
 * confined to the event loop that drives the transfer.
 */
final class ServerTransfer {
    private final ServerState state;
    final InetSocketAddress client;
    final TftpPacket.Request request;
    final String path;
    private final String origin;
    private final TftpBlockSource source;
    private final TempFileSink sink;
    private final Runnable release;
    private TransferParameters parameters;
    private boolean finished;
    private volatile EventExecutor loop;
    private volatile BiConsumer<TftpErrorCode, String> aborter;
    private volatile boolean answered;

    ServerTransfer(ServerState state, InetSocketAddress client, TftpPacket.Request request, String path,
            String origin, TftpBlockSource source, TempFileSink sink, Runnable release) {
        this.state = state;
        this.client = client;
        this.request = request;
        this.path = path;
        this.origin = origin;
        this.source = source;
        this.sink = sink;
        this.release = release;
        state.active.increment();
    }

    /** Creates the transfer (queuing its first packet) at {@code nowNanos}. */
    TftpTransfer begin(long nowNanos) {
        if (request instanceof TftpPacket.ReadRequest rrq) {
            return TftpServerTransfer.read(rrq, source, state.config.policy(), nowNanos);
        }
        TftpTransfer t = TftpServerTransfer.write((TftpPacket.WriteRequest) request, sink, state.config.policy(),
                nowNanos);
        return new CommittingTransfer(t, sink, state.config.allowOverwrite());
    }

    /** Where {@link #abortFromAnyThread} runs, and what it calls there. */
    void attach(EventExecutor executor, BiConsumer<TftpErrorCode, String> abort) {
        this.loop = executor;
        this.aborter = abort;
    }

    /** Aborts the transfer from any thread (server shutdown). */
    void abortFromAnyThread(TftpErrorCode code, String message) {
        EventExecutor l = loop;
        BiConsumer<TftpErrorCode, String> a = aborter;
        if (l != null && a != null && !l.isShuttingDown()) {
            l.execute(() -> a.accept(code, message));
        }
    }

    /** Records that the client sent a packet to the transfer (so a new request from its port is not a repeat). */
    void markAnswered() {
        answered = true;
    }

    /**
     * Whether the client has sent anything to the transfer. Until then, the same request from the same
     * port is a repetition (our first packet was slow or lost); after that, it starts a new transfer.
     */
    boolean answered() {
        return answered;
    }

    /** Handles an event; returns whether it ended the transfer. */
    boolean onEvent(TftpEvent event) {
        if (event instanceof TftpEvent.Negotiated n) {
            parameters = n.parameters();
            return false;
        }
        if (event instanceof TftpEvent.Completed c) {
            finish(Outcome.COMPLETED, c.stats(), "ok");
            return true;
        }
        if (event instanceof TftpEvent.Failed f) {
            if (isSizeProbe(f)) {
                finish(Outcome.SIZE_PROBE, f.stats(), "size probe: the client ended the transfer after the OACK");
            } else {
                String code = f.errorCode() >= 0 ? " ERROR " + f.errorCode() : "";
                // the detail may carry the peer's ERROR text: escaped, so it cannot forge log lines
                finish(Outcome.FAILED, f.stats(), "failed " + f.reason() + code + ": " + LogText.quote(f.detail()));
            }
            return true;
        }
        return false;
    }

    /** Ends a transfer that never started (no port could be bound), with {@code reason} logged. */
    void abandon(String reason) {
        finish(Outcome.FAILED, null, "failed: " + reason);
    }

    /** Ends the transfer if no terminal event did (the channel closed under it). */
    void closed(TransferStats stats) {
        finish(Outcome.FAILED, stats, "failed: closed before completion");
    }

    private enum Outcome { COMPLETED, FAILED, SIZE_PROBE }

    /**
     * UEFI firmware (EDK2) asks for {@code tsize}, reads it from the OACK and ends the transfer with
     * ERROR 8 before any data, then asks again: a normal step of its boot, not a failure.
     */
    private boolean isSizeProbe(TftpEvent.Failed f) {
        return f.reason() == FailureReason.PEER_ERROR
                && f.errorCode() == TftpErrorCode.OPTION_NEGOTIATION.code()
                && f.stats().blocks() == 0 && parameters != null && parameters.acknowledged().contains("tsize")
                && request instanceof TftpPacket.ReadRequest;
    }

    private void finish(Outcome outcome, TransferStats stats, String result) {
        if (finished) {
            return;
        }
        finished = true;
        release.run(); // closes the file or releases the content; an upload not committed is deleted
        state.release(client.getAddress());
        state.running.remove(client, this);
        state.active.decrement();
        boolean write = request instanceof TftpPacket.WriteRequest;
        long bytes = stats == null ? 0 : stats.bytes();
        (write ? state.bytesReceived : state.bytesSent).add(bytes);
        (outcome == Outcome.COMPLETED ? state.completed : outcome == Outcome.FAILED ? state.failed : state.sizeProbes)
                .increment();
        long nanos = stats == null ? -1 : stats.elapsedNanos();
        String options = parameters == null ? "{}" : parameters.acknowledged().toString();
        String line = "tftp {} {} {} {} options={} bytes={} duration={} rate={} result={}";
        Object[] args = {LogText.kind(request), LogText.peer(client), LogText.quote(request.filename()),
            origin, options, bytes, LogText.millis(nanos),
            LogText.rate(bytes, nanos), result};
        if (outcome != Outcome.FAILED) {
            ServerState.LOG.info(line, args);
        } else {
            ServerState.LOG.warn(line, args);
        }
    }
}
