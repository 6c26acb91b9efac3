package dev.netboot.cli.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Test-only copy of a {@link UdpDatagram} without its buffer: reading through {@link #readAll}
 * releases every datagram (asserting that the release freed it) and every test compares these.
 */
record Captured(DatagramOrigin origin, Optional<Instant> timestamp, Optional<InetSocketAddress> source,
        Optional<InetSocketAddress> destination, int declaredLength, byte[] payload) {

    static Captured of(UdpDatagram d) {
        byte[] payload = ByteBufUtil.getBytes(d.payload());
        return new Captured(d.origin(), d.timestamp(), d.source(), d.destination(), d.declaredLength(), payload);
    }

    long frameNumber() {
        return origin.number();
    }

    String payloadHex() {
        return ByteBufUtil.hexDump(payload);
    }

    int sourcePort() {
        return source.orElseThrow().getPort();
    }

    int destinationPort() {
        return destination.orElseThrow().getPort();
    }

    String sourceAddress() {
        return source.orElseThrow().getAddress().getHostAddress();
    }

    String destinationAddress() {
        return destination.orElseThrow().getAddress().getHostAddress();
    }

    /** Reads every datagram of {@code bytes} (named {@code name}), releasing each. */
    static List<Captured> readAll(byte[] bytes, String name, CaptureOptions options) {
        List<Captured> all = new ArrayList<>();
        try (CaptureReader reader = CaptureReaders.open(new ByteArrayInputStream(bytes), Path.of(name), options)) {
            while (reader.hasNext()) {
                all.add(take(reader.next()));
            }
        }
        return all;
    }

    static List<Captured> readAll(byte[] bytes, String name) {
        return readAll(bytes, name, CaptureOptions.defaults());
    }

    /** Reads every datagram of a file, releasing each. */
    static List<Captured> readAll(Path file, CaptureOptions options) {
        List<Captured> all = new ArrayList<>();
        try (CaptureReader reader = CaptureReader.open(file, options)) {
            while (reader.hasNext()) {
                all.add(take(reader.next()));
            }
        }
        return all;
    }

    /** Copies and releases {@code d}, asserting that the release freed its buffer. */
    static Captured take(UdpDatagram d) {
        Captured c = of(d);
        assertEquals(1, d.payload().refCnt(), "a delivered payload has one reference, owned by the caller");
        assertTrue(d.payload().release(), "releasing the payload frees it");
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Captured c && origin.equals(c.origin) && timestamp.equals(c.timestamp)
                && source.equals(c.source) && destination.equals(c.destination) && declaredLength == c.declaredLength
                && java.util.Arrays.equals(payload, c.payload);
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + java.util.Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Captured[" + origin + ", " + timestamp.map(Object::toString).orElse("-") + ", "
                + source.map(Object::toString).orElse("-") + " -> " + destination.map(Object::toString).orElse("-")
                + ", " + declaredLength + ", " + payloadHex() + "]";
    }
}
