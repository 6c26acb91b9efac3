package dev.netboot.dhcp.option;

/**
 * Option 94, client network interface identifier (RFC 4578): type (1 = UNDI) and version. Immutable.
 *
 * @param type  interface type, 1 for UNDI
 * @param major major version
 * @param minor minor version
 */
public record ClientNetworkInterface(int type, int major, int minor) {
    @Override
    public String toString() {
        return (type == 1 ? "UNDI" : "type " + type) + " " + major + "." + minor;
    }
}
