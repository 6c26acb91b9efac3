package dev.netboot.cli.capture;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads the UDP datagrams of a capture file, lazily and in file order: classic pcap (either byte
 * order, micro- or nanosecond timestamps), pcapng (sections of either byte order; Enhanced,
 * Simple and obsolete Packet Blocks; unknown blocks skipped), over Ethernet (with 802.1Q/802.1ad
 * VLAN tags), Linux cooked SLL and SLL2, or raw IPv4; and text files with one UDP payload in hex
 * per line. The format is recognised by its first bytes, never by the file name.
 *
 * <p>{@link #hasNext()} reads ahead one record at a time, so every datagram before a fault is
 * delivered before the {@link CaptureFormatException} for the fault is thrown (from
 * {@code hasNext()} or {@code next()}); after it, the reader is closed and has no more elements.
 * I/O errors surface as {@link UncheckedIOException}.
 *
 * <p><b>Ownership:</b> each datagram returned by {@link #next()} belongs to the caller, who must
 * release it ({@link UdpDatagram#close()}). The reader keeps no buffer between calls except the
 * one datagram read ahead, which {@link #close()} releases.
 *
 * <p>Not thread-safe: use one reader from one thread.
 */
public interface CaptureReader extends Iterator<UdpDatagram>, Closeable {

    /** Opens {@code file} with {@link CaptureOptions#defaults()} (every UDP datagram). */
    static CaptureReader open(Path file) {
        return open(file, CaptureOptions.defaults());
    }

    /**
     * Opens {@code file} and recognises its format from its first bytes.
     *
     * @throws CaptureFormatException if the file is empty or of no supported format, or its
     *                                file header is malformed
     * @throws UncheckedIOException   if the file cannot be opened or read
     */
    static CaptureReader open(Path file, CaptureOptions options) {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
        return CaptureReaders.open(in, file, options);
    }

    /** The format recognised from the file's first bytes. */
    CaptureFormat format();

    /** Whether another datagram follows; reads ahead, and may throw {@link CaptureFormatException}. */
    @Override
    boolean hasNext();

    /**
     * The next datagram, owned by the caller.
     *
     * @throws NoSuchElementException when there are no more
     */
    @Override
    UdpDatagram next();

    /**
     * The remaining datagrams as a sequential stream; closing the stream closes this reader.
     * Each element is owned by whoever consumes it.
     */
    default Stream<UdpDatagram> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(this::close);
    }

    /** Closes the file and releases a datagram read ahead but not returned; idempotent. */
    @Override
    void close();
}
