package dev.netboot.cli.capture;

/** Unsigned integers from byte arrays in either byte order (pcap and pcapng headers). */
final class Bytes {
    private Bytes() {}

    static int u16(byte[] b, int at, boolean bigEndian) {
        int b0 = b[at] & 0xff;
        int b1 = b[at + 1] & 0xff;
        return bigEndian ? b0 << 8 | b1 : b1 << 8 | b0;
    }

    static long u32(byte[] b, int at, boolean bigEndian) {
        long b0 = b[at] & 0xff;
        long b1 = b[at + 1] & 0xff;
        long b2 = b[at + 2] & 0xff;
        long b3 = b[at + 3] & 0xff;
        return bigEndian ? b0 << 24 | b1 << 16 | b2 << 8 | b3 : b3 << 24 | b2 << 16 | b1 << 8 | b0;
    }

    static long u64(byte[] b, int at, boolean bigEndian) {
        long high = u32(b, bigEndian ? at : at + 4, bigEndian);
        long low = u32(b, bigEndian ? at + 4 : at, bigEndian);
        return high << 32 | low;
    }

    static String hex(byte[] b, int length) {
        StringBuilder sb = new StringBuilder(length * 2);
        for (int i = 0; i < length; i++) {
            sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append(Character.forDigit(b[i] & 0xf, 16));
        }
        return sb.toString();
    }
}
