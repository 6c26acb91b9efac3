package dev.netboot.cli.capture;

import java.util.NoSuchElementException;

/** Read-ahead iteration shared by the three formats: at most one datagram held, released on close. */
abstract class BaseReader implements CaptureReader {
    final ByteSource source;
    final CaptureOptions options;
    private UdpDatagram pending;
    private boolean finished;

    BaseReader(ByteSource source, CaptureOptions options) {
        this.source = source;
        this.options = options;
    }

    /** The next datagram delivered by the filter, or {@code null} at a clean end of the file. */
    abstract UdpDatagram readNext();

    @Override
    public final boolean hasNext() {
        if (pending != null) {
            return true;
        }
        if (finished) {
            return false;
        }
        try {
            pending = readNext();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        if (pending == null) {
            close();
            return false;
        }
        return true;
    }

    @Override
    public final UdpDatagram next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more datagrams in " + source.file());
        }
        UdpDatagram next = pending;
        pending = null;
        return next;
    }

    @Override
    public final void close() {
        if (finished) {
            return;
        }
        finished = true;
        if (pending != null) {
            pending.close();
            pending = null;
        }
        source.close();
    }

    final void note(long offset, String message) {
        options.notes().accept(new CaptureNote(source.file(), offset, message));
    }
}
