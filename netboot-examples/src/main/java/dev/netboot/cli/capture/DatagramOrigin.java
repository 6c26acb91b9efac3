package dev.netboot.cli.capture;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a {@link UdpDatagram} came from, so that a decoder's error at payload index {@code i}
 * can be reported as a position in the input file ({@link #locate(int)}). Immutable.
 */
public sealed interface DatagramOrigin permits DatagramOrigin.Frame, DatagramOrigin.Line {

    /** The file read. */
    Path file();

    /** The 1-based frame number in a capture (every packet record counts), or the line number of hex text. */
    long number();

    /** Names the position in the file of the payload's byte at {@code payloadIndex}. */
    String locate(int payloadIndex);

    /**
     * A packet record of a pcap or pcapng capture.
     *
     * @param payloadOffset byte offset in the file of the UDP payload's first byte
     */
    record Frame(Path file, long number, long payloadOffset) implements DatagramOrigin {
        public Frame {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public String locate(int payloadIndex) {
            return file + ": frame " + number + ", offset " + (payloadOffset + payloadIndex);
        }

        @Override
        public String toString() {
            return file + ": frame " + number;
        }
    }

    /**
     * A line of a hex-lines text file.
     *
     * @param text the line as read, without its line terminator (used to find byte columns)
     */
    record Line(Path file, long number, String text) implements DatagramOrigin {
        public Line {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String locate(int payloadIndex) {
            return file + ":" + number + ":" + HexLinesReader.columnOfByte(text, payloadIndex);
        }

        @Override
        public String toString() {
            return file + ":" + number;
        }
    }
}
