package dev.netboot.server.tftp;

import dev.netboot.tftp.FailureReason;
import dev.netboot.tftp.TftpErrorCode;
import dev.netboot.tftp.TftpEvent;
import dev.netboot.tftp.TftpPacket;
import dev.netboot.tftp.TftpTransfer;
import dev.netboot.tftp.TransferParameters;
import dev.netboot.tftp.TransferStats;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayDeque;

/**
 * A server write transfer that puts the uploaded file in place at the moment the last block
 * arrives, before the final ACK leaves: if that fails (the name was taken meanwhile, the disk is
 * full), the final ACK is withheld and an ERROR goes out instead, so the client never believes a
 * failed upload succeeded. Events are pulled from the wrapped transfer right after every input for
 * that reason. Not thread-safe, like every transfer.
 */
final class CommittingTransfer implements TftpTransfer {
    private final TftpTransfer delegate;
    private final TempFileSink sink;
    private final boolean replace;
    private final ArrayDeque<TftpEvent> events = new ArrayDeque<>(4);
    private TftpPacket.ErrorPacket replacement;
    private boolean withholdAcks;
    private boolean committed;

    CommittingTransfer(TftpTransfer delegate, TempFileSink sink, boolean replace) {
        this.delegate = delegate;
        this.sink = sink;
        this.replace = replace;
        pull(delegate.stats().startNanos());
    }

    private void pull(long nowNanos) {
        TftpEvent e;
        while ((e = delegate.pollEvent()) != null) {
            if (e instanceof TftpEvent.Completed c && !committed && !withholdAcks) {
                try {
                    sink.commit(replace);
                    committed = true;
                } catch (IOException | RuntimeException ex) {
                    boolean exists = ex instanceof FileAlreadyExistsException;
                    TftpErrorCode code = exists ? TftpErrorCode.FILE_EXISTS : TftpErrorCode.DISK_FULL;
                    String message = exists ? "File already exists" : "Cannot store file: " + ex.getMessage();
                    replacement = new TftpPacket.ErrorPacket(code, message);
                    withholdAcks = true;
                    delegate.abort(code, message, nowNanos); // stops dallying: no re-acknowledgement of the last block
                    TransferStats s = c.stats();
                    e = new TftpEvent.Failed(FailureReason.SINK_ERROR, "upload not stored: " + ex, code.code(), s);
                }
            }
            events.add(e);
        }
    }

    @Override
    public TftpPacket.Request request() {
        return delegate.request();
    }

    @Override
    public TransferParameters parameters() {
        return delegate.parameters();
    }

    @Override
    public void onPacket(TftpPacket packet, long nowNanos) {
        delegate.onPacket(packet, nowNanos);
        pull(nowNanos);
    }

    @Override
    public void onTimeout(long nowNanos) {
        delegate.onTimeout(nowNanos);
        pull(nowNanos);
    }

    @Override
    public TftpPacket pollOutgoing() {
        TftpPacket p;
        while ((p = delegate.pollOutgoing()) != null) {
            if (!withholdAcks || !(p instanceof TftpPacket.Ack)) {
                return p;
            }
            // withheld: this ACK would tell the client its upload was stored
        }
        if (replacement != null) {
            TftpPacket r = replacement;
            replacement = null;
            return r;
        }
        return null;
    }

    @Override
    public TftpEvent pollEvent() {
        return events.poll();
    }

    @Override
    public long nextDeadline() {
        return delegate.nextDeadline();
    }

    @Override
    public void abort(TftpErrorCode code, String message, long nowNanos) {
        delegate.abort(code, message, nowNanos);
        pull(nowNanos);
    }

    @Override
    public boolean isDone() {
        return delegate.isDone() && events.isEmpty() && replacement == null;
    }

    @Override
    public TransferStats stats() {
        return delegate.stats();
    }

    /** Whether the file was put in place. */
    boolean committed() {
        return committed;
    }
}
