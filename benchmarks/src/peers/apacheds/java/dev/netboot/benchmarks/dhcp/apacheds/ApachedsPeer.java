package dev.netboot.benchmarks.dhcp.apacheds;

import dev.netboot.benchmarks.dhcp.family.ApachedsFamilyPeer;
import java.nio.ByteBuffer;
import org.apache.directory.server.dhcp.io.DhcpMessageDecoder;
import org.apache.directory.server.dhcp.io.DhcpMessageEncoder;
import org.apache.directory.server.dhcp.messages.DhcpMessage;
import org.apache.directory.server.dhcp.options.DhcpOption;
import org.apache.directory.server.dhcp.options.OptionsField;
import org.apache.directory.server.dhcp.options.dhcp.RequestedIpAddress;
import org.apache.directory.server.dhcp.options.dhcp.VendorClassIdentifier;

/**
 * ApacheDS's DHCP codec (apacheds-protocol-dhcp 2.0.0.AM27) through its API:
 * {@link DhcpMessageDecoder#decode(ByteBuffer)}, {@link OptionsField} lookups, and
 * {@link DhcpMessageEncoder#encode(ByteBuffer, DhcpMessage)} into a reused buffer. Compiled against
 * this library alone and loaded by the benchmarks' {@code PeerLoader}, because anarres's fork has
 * classes of the same names. Not thread-safe.
 */
public final class ApachedsPeer extends ApachedsFamilyPeer {
    /** Loaded reflectively by PeerLoader. */
    public ApachedsPeer() {
        super("apacheds-protocol-dhcp 2.0.0.AM27");
    }

    @Override
    protected void readOptions(int type, OptionsField options) {
        DhcpOption a = options.get(93); // no typed class for 93: an UnrecognizedOption with raw data
        int arch = firstArchitecture(a == null ? null : a.getData());
        VendorClassIdentifier v = (VendorClassIdentifier) options.get(VendorClassIdentifier.class);
        String vendor = v == null ? null : v.getString();
        RequestedIpAddress r = (RequestedIpAddress) options.get(RequestedIpAddress.class);
        found(type, arch, vendor, r == null ? null : r.getAddress());
    }

    @Override
    public int optionLength(ByteBuffer packet, int code) {
        DhcpOption o = decode(packet).getOptions().get(code);
        return o == null ? -1 : o.getData().length;
    }
}
