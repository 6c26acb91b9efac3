package dev.netboot.benchmarks.dhcp.anarres;

import dev.netboot.benchmarks.dhcp.family.ApachedsFamilyPeer;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.apache.directory.server.dhcp.DhcpException;
import org.apache.directory.server.dhcp.io.DhcpMessageDecoder;
import org.apache.directory.server.dhcp.io.DhcpMessageEncoder;
import org.apache.directory.server.dhcp.messages.DhcpMessage;
import org.apache.directory.server.dhcp.options.DhcpOption;
import org.apache.directory.server.dhcp.options.OptionsField;
import org.apache.directory.server.dhcp.options.dhcp.ClientSystemArchitecture;
import org.apache.directory.server.dhcp.options.dhcp.RequestedIpAddress;
import org.apache.directory.server.dhcp.options.dhcp.VendorClassIdentifier;

/**
 * anarres's DHCP codec (org.anarres.dhcp:dhcp-protocol 1.0.9, a fork of ApacheDS's) through its
 * API: {@link DhcpMessageDecoder#decode(ByteBuffer)}, typed {@link OptionsField} getters, and
 * {@link DhcpMessageEncoder#encode(ByteBuffer, DhcpMessage)} into a reused buffer. Compiled against
 * this library alone and loaded by the benchmarks' {@code PeerLoader}, because ApacheDS has classes
 * of the same names. Not thread-safe.
 */
public final class AnarresPeer extends ApachedsFamilyPeer {
    /** Loaded reflectively by PeerLoader. */
    public AnarresPeer() {
        super("anarres dhcp-protocol 1.0.9");
    }

    @Override
    protected void readOptions(int type, OptionsField options) {
        ClientSystemArchitecture a = options.get(ClientSystemArchitecture.class);
        String vendor = options.getStringOption(VendorClassIdentifier.class);
        InetAddress r;
        try {
            r = options.getAddressOption(RequestedIpAddress.class);
        } catch (DhcpException e) {
            throw new IllegalArgumentException(e);
        }
        found(type, a == null ? -1 : a.getShortValue(), vendor, r);
    }

    @Override
    public int optionLength(ByteBuffer packet, int code) {
        DhcpOption o = decode(packet).getOptions().get((byte) code);
        return o == null ? -1 : o.getData().length;
    }
}
