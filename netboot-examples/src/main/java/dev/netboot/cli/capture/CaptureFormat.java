package dev.netboot.cli.capture;

/** The kinds of input a {@link CaptureReader} recognises, by magic number (never by file name). */
public enum CaptureFormat {
    /** Classic libpcap file: magic a1b2c3d4 (microseconds) or a1b23c4d (nanoseconds), either byte order. */
    PCAP,
    /** pcapng: first block a Section Header Block (0a0d0d0a), either byte order. */
    PCAPNG,
    /** Text: one UDP payload per line in hex; blank lines and {@code #} comments allowed. */
    HEX_LINES
}
