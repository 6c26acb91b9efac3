package dev.netboot.benchmarks.dhcp;

import java.nio.charset.StandardCharsets;

/**
 * The four fields every decode benchmark reads, folded into one {@code int} that depends on the
 * packet's bytes (so the JIT cannot drop the reads) and that is equal across implementations for
 * the same packet (so the setup can check that they agree). Stateless.
 *
 * <p>Absent values: message type, architecture and vendor class length are -1, the requested
 * address is 0 (0.0.0.0).
 */
public final class Fields {
    /** The vendor class prefix of PXE clients (option 60). */
    public static final String PXE = "PXEClient";
    /** {@link #PXE} as bytes. */
    public static final byte[] PXE_BYTES = PXE.getBytes(StandardCharsets.US_ASCII);

    private Fields() {}

    /**
     * @param type         option 53, or -1
     * @param architecture the first client architecture of option 93, or -1
     * @param vendorLength length of option 60's value, or -1
     * @param pxe          whether option 60 starts with {@link #PXE}
     * @param requested    option 50 as a big-endian int, or 0
     */
    public static int digest(int type, int architecture, int vendorLength, boolean pxe, int requested) {
        int h = type;
        h = h * 31 + architecture;
        h = h * 31 + vendorLength;
        h = h * 31 + (pxe ? 1 : 0);
        return h * 31 + requested;
    }

    /** The fields spelled out, for mismatch reports. */
    public static String describe(int type, int architecture, int vendorLength, boolean pxe, int requested) {
        return "type " + type + ", arch " + architecture + ", vendor class length " + vendorLength
                + (pxe ? " (PXEClient)" : "") + ", requested " + (requested >>> 24) + "." + ((requested >>> 16) & 0xFF)
                + "." + ((requested >>> 8) & 0xFF) + "." + (requested & 0xFF);
    }
}
