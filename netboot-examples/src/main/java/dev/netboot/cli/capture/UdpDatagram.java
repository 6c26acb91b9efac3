package dev.netboot.cli.capture;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One UDP datagram read from a capture (or one line of a hex-lines file), with the metadata the
 * capture gave it.
 *
 * <p><b>Ownership:</b> the caller owns {@code payload} (reference count 1) and must release it
 * once, with {@link #close()} (try-with-resources) or {@code payload().release()}. For captures
 * the payload is a slice of the frame's buffer (zero copy): releasing the payload frees the
 * frame. Its reader index is 0 at the first payload byte; the addresses are IPv4.
 * Not thread-safe beyond what {@link ByteBuf} offers; the other components are immutable.
 *
 * @param origin         frame (file offset of the payload) or text line the datagram came from
 * @param timestamp      capture time; empty for hex-lines input
 * @param source         IPv4 source address and UDP port; empty for hex-lines input
 * @param destination    IPv4 destination address and UDP port; empty for hex-lines input
 * @param declaredLength payload length the UDP header announced; larger than
 *                       {@code payload.readableBytes()} when the capture holds only part of it
 * @param payload        the UDP payload, owned by the caller
 */
public record UdpDatagram(
        DatagramOrigin origin,
        Optional<Instant> timestamp,
        Optional<InetSocketAddress> source,
        Optional<InetSocketAddress> destination,
        int declaredLength,
        ByteBuf payload) implements AutoCloseable {

    public UdpDatagram {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(payload, "payload");
    }

    /** The 1-based frame number in the capture, or the line number of hex text. */
    public long frameNumber() {
        return origin.number();
    }

    /** Whether the capture holds less of the payload than the UDP header announced. */
    public boolean truncated() {
        return payload.readableBytes() < declaredLength;
    }

    /** Names the file position of the payload's byte at {@code payloadIndex} (for error messages). */
    public String locate(int payloadIndex) {
        return origin.locate(payloadIndex);
    }

    /** Releases the payload; call exactly once. */
    @Override
    public void close() {
        payload.release();
    }

    @Override
    public String toString() {
        return "UdpDatagram[" + origin
                + source.map(s -> ", " + s.getAddress().getHostAddress() + ":" + s.getPort()).orElse("")
                + destination.map(d -> " -> " + d.getAddress().getHostAddress() + ":" + d.getPort()).orElse("")
                + ", " + payload.readableBytes() + (truncated() ? " of " + declaredLength : "") + " bytes]";
    }
}
