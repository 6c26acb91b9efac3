package dev.netboot.dhcp;

/**
 * An ARP hardware type (the {@code htype} header field): an open registry. Immutable;
 * {@link #valueOf(int)} never throws for a wire value.
 */
public final class HardwareType {
    public static final HardwareType ETHERNET = new HardwareType(1, "Ethernet");
    public static final HardwareType IEEE802 = new HardwareType(6, "IEEE 802 Networks");
    public static final HardwareType INFINIBAND = new HardwareType(32, "InfiniBand");

    private final int code;
    private final String description;

    private HardwareType(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The type for {@code code} (0-255). */
    public static HardwareType valueOf(int code) {
        switch (code) {
            case 1: return ETHERNET;
            case 6: return IEEE802;
            case 32: return INFINIBAND;
            default: return new HardwareType(code & 0xFF, "Unknown (0x" + String.format("%02x", code & 0xFF) + ")");
        }
    }

    /** The wire value. */
    public int code() {
        return code;
    }

    /** A human-readable name. */
    public String description() {
        return description;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HardwareType h && h.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return description;
    }
}
