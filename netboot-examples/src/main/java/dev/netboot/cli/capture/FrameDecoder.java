package dev.netboot.cli.capture;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;

/**
 * Link layer, IPv4 and UDP headers of one captured frame, down to the UDP payload. Frames that
 * are not IPv4/UDP pass silently; damaged or partial ones are skipped (or delivered partly) with
 * a note, because the capture file itself is still sound.
 */
final class FrameDecoder {
    static final int LINKTYPE_ETHERNET = 1;
    static final int LINKTYPE_RAW = 101;
    static final int LINKTYPE_LINUX_SLL = 113;
    static final int LINKTYPE_IPV4 = 228;
    static final int LINKTYPE_LINUX_SLL2 = 276;

    static final String SUPPORTED = "1 (Ethernet), 101 (raw IP), 113 (Linux SLL), 228 (IPv4), 276 (Linux SLL2)";

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88a8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;
    private static final int IP_PROTOCOL_UDP = 17;

    private final BaseReader reader;

    FrameDecoder(BaseReader reader) {
        this.reader = reader;
    }

    static boolean supports(int linkType) {
        return linkType == LINKTYPE_ETHERNET || linkType == LINKTYPE_RAW || linkType == LINKTYPE_LINUX_SLL
                || linkType == LINKTYPE_IPV4 || linkType == LINKTYPE_LINUX_SLL2;
    }

    /**
     * Decodes {@code frame} (which this method releases) into a datagram owning a slice of it,
     * or returns {@code null} when the frame carries no deliverable datagram.
     *
     * @param frameOffset    file offset of the frame's first byte
     * @param originalLength length of the frame on the wire, as the capture recorded it
     */
    UdpDatagram decode(ByteBuf frame, int linkType, long frameNumber, long recordOffset, long frameOffset,
            Instant timestamp, long originalLength) {
        try {
            return decodeRetained(frame, linkType, frameNumber, recordOffset, frameOffset, timestamp, originalLength);
        } finally {
            frame.release();
        }
    }

    private UdpDatagram decodeRetained(ByteBuf frame, int linkType, long frameNumber, long recordOffset,
            long frameOffset, Instant timestamp, long originalLength) {
        int length = frame.readableBytes();
        int base = frame.readerIndex();
        String where = "frame " + frameNumber + ": ";
        String snapped = originalLength > length
                ? " (the capture kept " + length + " of " + originalLength + " bytes of the frame)" : "";
        int ip;
        switch (linkType) {
            case LINKTYPE_ETHERNET -> {
                if (length < 14) {
                    reader.note(recordOffset, where + "Ethernet header truncated: " + length + " bytes" + snapped);
                    return null;
                }
                ip = afterEthertype(frame, base, 12, where, recordOffset, snapped);
            }
            case LINKTYPE_LINUX_SLL -> {
                if (length < 16) {
                    reader.note(recordOffset, where + "Linux SLL header truncated: " + length + " bytes" + snapped);
                    return null;
                }
                ip = afterEthertype(frame, base, 14, where, recordOffset, snapped);
            }
            case LINKTYPE_LINUX_SLL2 -> {
                if (length < 20) {
                    reader.note(recordOffset, where + "Linux SLL2 header truncated: " + length + " bytes" + snapped);
                    return null;
                }
                int protocol = frame.getUnsignedShort(base);
                ip = protocol == ETHERTYPE_IPV4 ? 20 : -1;
            }
            case LINKTYPE_RAW, LINKTYPE_IPV4 -> ip = 0;
            default -> {
                // Readers check link types up front; this is a guard, not a path.
                reader.note(recordOffset, where + "link type " + linkType + " not supported");
                return null;
            }
        }
        if (ip < 0) {
            return null;
        }
        return ipv4(frame, base, ip, length, frameNumber, recordOffset, frameOffset, timestamp, where, snapped,
                linkType == LINKTYPE_RAW);
    }

    /** Offset of the IPv4 header after an EtherType at {@code typeAt} and any VLAN tags, or -1. */
    private int afterEthertype(ByteBuf frame, int base, int typeAt, String where, long recordOffset, String snapped) {
        int length = frame.readableBytes();
        int at = typeAt;
        int type = frame.getUnsignedShort(base + at);
        while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
            if (at + 6 > length) {
                reader.note(recordOffset, where + "VLAN tag truncated at frame byte " + at + snapped);
                return -1;
            }
            at += 4;
            type = frame.getUnsignedShort(base + at);
        }
        return type == ETHERTYPE_IPV4 ? at + 2 : -1;
    }

    private UdpDatagram ipv4(ByteBuf frame, int base, int ip, int length, long frameNumber, long recordOffset,
            long frameOffset, Instant timestamp, String where, String snapped, boolean mayBeIpv6) {
        if (length - ip < 1) {
            reader.note(recordOffset, where + "IPv4 header truncated: 0 bytes" + snapped);
            return null;
        }
        int versionAndIhl = frame.getUnsignedByte(base + ip);
        int version = versionAndIhl >>> 4;
        if (version != 4) {
            if (!(mayBeIpv6 && version == 6)) {
                reader.note(recordOffset, where + "IP version " + version + " at frame byte " + ip + " (expected: 4)");
            }
            return null;
        }
        if (length - ip < 20) {
            reader.note(recordOffset, where + "IPv4 header truncated: " + (length - ip) + " of 20 bytes" + snapped);
            return null;
        }
        int headerLength = (versionAndIhl & 0x0f) * 4;
        if (headerLength < 20) {
            reader.note(recordOffset, where + "IPv4 header length " + headerLength + " (expected: >= 20)");
            return null;
        }
        int protocol = frame.getUnsignedByte(base + ip + 9);
        if (protocol != IP_PROTOCOL_UDP) {
            return null;
        }
        int totalLength = frame.getUnsignedShort(base + ip + 2);
        if (totalLength == 0) {
            // Captured on the sending host before segmentation offload filled the length in (as Wireshark
            // assumes too): the frame holds the whole packet.
            totalLength = length - ip;
        }
        if (totalLength < headerLength) {
            reader.note(recordOffset, where + "IPv4 total length " + totalLength + " is less than its header length "
                    + headerLength);
            return null;
        }
        int fragment = frame.getUnsignedShort(base + ip + 6);
        int fragmentOffset = (fragment & 0x1fff) * 8;
        boolean moreFragments = (fragment & 0x2000) != 0;
        if (fragmentOffset != 0) {
            reader.note(recordOffset, where + "IPv4 fragment at offset " + fragmentOffset
                    + " skipped (fragments are not reassembled)");
            return null;
        }
        if (length - ip < headerLength) {
            reader.note(recordOffset, where + "IPv4 options truncated: " + (length - ip) + " of " + headerLength
                    + " header bytes" + snapped);
            return null;
        }
        // Ethernet pads short frames and may carry a trailer or FCS: the IPv4 total length says where data ends.
        int ipEnd = ip + Math.min(totalLength, length - ip);
        int udp = ip + headerLength;
        if (ipEnd - udp < 8) {
            reader.note(recordOffset, where + "UDP header truncated: " + (ipEnd - udp) + " of 8 bytes" + snapped);
            return null;
        }
        int sourcePort = frame.getUnsignedShort(base + udp);
        int destinationPort = frame.getUnsignedShort(base + udp + 2);
        if (!reader.options.filter().accept(sourcePort, destinationPort)) {
            return null;
        }
        int udpLength = frame.getUnsignedShort(base + udp + 4);
        if (udpLength < 8) {
            reader.note(recordOffset, where + "UDP length " + udpLength + " (expected: >= 8)");
            return null;
        }
        int declared = udpLength - 8;
        int payload = udp + 8;
        int available = ipEnd - payload;
        int kept = Math.min(declared, available);
        if (moreFragments) {
            reader.note(recordOffset, where + "first IPv4 fragment only: delivering " + kept + " of " + declared
                    + " UDP payload bytes (fragments are not reassembled)");
        } else if (kept < declared) {
            reader.note(recordOffset, where + "UDP payload truncated: " + kept + " of " + declared + " bytes"
                    + (snapped.isEmpty() ? " (IPv4 total length " + totalLength + ")" : snapped));
        }
        InetSocketAddress source = new InetSocketAddress(address(frame, base + ip + 12), sourcePort);
        InetSocketAddress destination = new InetSocketAddress(address(frame, base + ip + 16), destinationPort);
        DatagramOrigin origin = new DatagramOrigin.Frame(reader.source.file(), frameNumber, frameOffset + payload);
        ByteBuf slice = frame.retainedSlice(base + payload, kept);
        return new UdpDatagram(origin, Optional.ofNullable(timestamp), Optional.of(source), Optional.of(destination),
                declared, slice);
    }

    private static InetAddress address(ByteBuf frame, int at) {
        byte[] bytes = new byte[4];
        frame.getBytes(at, bytes);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are an IPv4 address", e);
        }
    }
}
