package dev.netboot.dhcp.option;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Option 97, client machine identifier (RFC 4578): a type byte (0 = GUID) and the identifier,
 * normally 16 bytes. Immutable.
 *
 * @param type the type byte
 * @param id   the identifier bytes (copied)
 */
public record ClientMachineId(int type, byte[] id) {
    /** Copies. */
    public ClientMachineId {
        id = id.clone();
    }

    /** A copy of the identifier bytes. */
    @Override
    public byte[] id() {
        return id.clone();
    }

    /**
     * The GUID as text in the SMBIOS byte order PXE uses (first three fields little-endian),
     * as Wireshark shows it; raw hex when not 16 bytes.
     */
    public String guid() {
        if (id.length != 16) {
            return HexFormat.ofDelimiter(":").formatHex(id);
        }
        HexFormat h = HexFormat.of();
        byte[] b = id;
        return h.formatHex(new byte[] {b[3], b[2], b[1], b[0]}) + "-" + h.formatHex(new byte[] {b[5], b[4]}) + "-"
                + h.formatHex(new byte[] {b[7], b[6]}) + "-" + h.formatHex(b, 8, 10) + "-" + h.formatHex(b, 10, 16);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientMachineId c && c.type == type && Arrays.equals(c.id, id);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(id);
    }

    @Override
    public String toString() {
        return (type == 0 ? "GUID " : "type " + type + " ") + guid();
    }
}
