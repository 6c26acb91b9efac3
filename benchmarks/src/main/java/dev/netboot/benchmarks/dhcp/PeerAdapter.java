package dev.netboot.benchmarks.dhcp;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * What every peer adapter does alike around its library: keeps the four fields the last
 * {@link #read} found and folds or spells them out, so that the adapters differ only in how
 * their library reads a packet and builds an OFFER. Not thread-safe, like the adapters.
 *
 * <p>Public, and free of peer-library types, because the adapters that {@link PeerLoader} loads
 * are compiled against this module's classes and extend it from their own class loaders.
 */
public abstract class PeerAdapter implements DhcpPeer {
    private final String name;
    private int type;
    private int arch;
    private int vendorLength;
    private boolean pxe;
    private int requested;

    /** @param name library name and version, for {@link #name()} */
    protected PeerAdapter(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    /** Decodes {@code packet} through the library and hands what it read to {@link #found}. */
    protected abstract void read(ByteBuffer packet);

    /**
     * Records the fields {@link #read} found.
     *
     * @param type      option 53, or -1
     * @param arch      the first client architecture of option 93, or -1
     * @param vendor    option 60 as the library reports it, or null
     * @param requested option 50 as the library reports it, or null
     */
    protected final void found(int type, int arch, String vendor, InetAddress requested) {
        this.type = type;
        this.arch = arch;
        vendorLength = vendor == null ? -1 : vendor.length();
        pxe = vendor != null && vendor.startsWith(Fields.PXE);
        this.requested = requested == null ? 0 : requested.hashCode(); // Inet4Address.hashCode() is the address
    }

    /** The first client architecture in a raw option 93 value, or -1, for libraries with no typed getter. */
    protected static int firstArchitecture(byte[] option93) {
        return option93 == null || option93.length < 2 ? -1 : (option93[0] & 0xFF) << 8 | (option93[1] & 0xFF);
    }

    @Override
    public final int decodeFields(ByteBuffer packet) {
        // one call site for all adapters: each JMH fork measures one of them, whose read the JIT then
        // inlines here (checked with -XX:+PrintInlining); measuring two in one JVM would blur that
        read(packet);
        return Fields.digest(type, arch, vendorLength, pxe, requested);
    }

    @Override
    public final String describeFields(ByteBuffer packet) {
        read(packet);
        return Fields.describe(type, arch, vendorLength, pxe, requested);
    }
}
