package dev.netboot.benchmarks.dhcp.apacheds;

import dev.netboot.benchmarks.dhcp.DhcpPeer;
import dev.netboot.benchmarks.dhcp.Fields;
import dev.netboot.benchmarks.dhcp.OfferSpec;
import dev.netboot.benchmarks.dhcp.PeerProbes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.directory.server.dhcp.DhcpException;
import org.apache.directory.server.dhcp.io.DhcpMessageDecoder;
import org.apache.directory.server.dhcp.io.DhcpMessageEncoder;
import org.apache.directory.server.dhcp.messages.DhcpMessage;
import org.apache.directory.server.dhcp.messages.HardwareAddress;
import org.apache.directory.server.dhcp.messages.MessageType;
import org.apache.directory.server.dhcp.options.DhcpOption;
import org.apache.directory.server.dhcp.options.OptionsField;
import org.apache.directory.server.dhcp.options.dhcp.BootfileName;
import org.apache.directory.server.dhcp.options.dhcp.IpAddressLeaseTime;
import org.apache.directory.server.dhcp.options.dhcp.RebindingTimeValue;
import org.apache.directory.server.dhcp.options.dhcp.RenewalTimeValue;
import org.apache.directory.server.dhcp.options.dhcp.RequestedIpAddress;
import org.apache.directory.server.dhcp.options.dhcp.ServerIdentifier;
import org.apache.directory.server.dhcp.options.dhcp.VendorClassIdentifier;
import org.apache.directory.server.dhcp.options.misc.NtpServers;
import org.apache.directory.server.dhcp.options.vendor.DomainName;
import org.apache.directory.server.dhcp.options.vendor.DomainNameServers;
import org.apache.directory.server.dhcp.options.vendor.Routers;
import org.apache.directory.server.dhcp.options.vendor.SubnetMask;

/**
 * ApacheDS's DHCP codec (apacheds-protocol-dhcp 2.0.0.AM27) through its API:
 * {@link DhcpMessageDecoder#decode(ByteBuffer)}, {@link OptionsField} lookups, and
 * {@link DhcpMessageEncoder#encode(ByteBuffer, DhcpMessage)} into a reused buffer. Compiled against
 * this library alone and loaded by the benchmarks' {@code PeerLoader}, because anarres's fork has
 * classes of the same names. Not thread-safe.
 */
public final class ApachedsPeer implements DhcpPeer {
    private final DhcpMessageDecoder decoder = new DhcpMessageDecoder();
    private final DhcpMessageEncoder encoder = new DhcpMessageEncoder();
    private final ByteBuffer out = ByteBuffer.allocate(1500);
    private int type;
    private int arch;
    private int vendorLength;
    private boolean pxe;
    private int requested;
    private InetAddress yiaddr;
    private InetAddress siaddr;
    private DhcpMessage prepared;

    /** Loaded reflectively by PeerLoader. */
    public ApachedsPeer() {}

    @Override
    public String name() {
        return "apacheds-protocol-dhcp 2.0.0.AM27";
    }

    private DhcpMessage decode(ByteBuffer packet) {
        try {
            return decoder.decode(packet);
        } catch (DhcpException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private void read(ByteBuffer packet) {
        DhcpMessage m = decode(packet);
        MessageType t = m.getMessageType();
        type = t == null ? -1 : t.getCode() & 0xFF;
        OptionsField options = m.getOptions();
        DhcpOption a = options.get(93); // no typed class for 93: an UnrecognizedOption with raw data
        byte[] ad = a == null ? null : a.getData();
        arch = ad == null || ad.length < 2 ? -1 : (ad[0] & 0xFF) << 8 | (ad[1] & 0xFF);
        VendorClassIdentifier v = (VendorClassIdentifier) options.get(VendorClassIdentifier.class);
        String vendor = v == null ? null : v.getString();
        vendorLength = vendor == null ? -1 : vendor.length();
        pxe = vendor != null && vendor.startsWith(Fields.PXE);
        RequestedIpAddress r = (RequestedIpAddress) options.get(RequestedIpAddress.class);
        requested = r == null ? 0 : r.getAddress().hashCode(); // Inet4Address.hashCode() is the address
    }

    @Override
    public int decodeFields(ByteBuffer packet) {
        read(packet);
        return Fields.digest(type, arch, vendorLength, pxe, requested);
    }

    @Override
    public String describeFields(ByteBuffer packet) {
        read(packet);
        return Fields.describe(type, arch, vendorLength, pxe, requested);
    }

    @Override
    public String bootFile(ByteBuffer packet) {
        DhcpMessage m = decode(packet);
        BootfileName o = (BootfileName) m.getOptions().get(BootfileName.class);
        return PeerProbes.bootFileReport(o == null ? null : o.getData(), m.getBootFileName());
    }

    @Override
    public int optionLength(ByteBuffer packet, int code) {
        DhcpOption o = decode(packet).getOptions().get(code);
        return o == null ? -1 : o.getData().length;
    }

    private static DhcpOption option(int code) {
        switch (code) {
            case OfferSpec.SERVER_ID: return new ServerIdentifier();
            case OfferSpec.LEASE_TIME: return new IpAddressLeaseTime();
            case OfferSpec.RENEWAL_TIME: return new RenewalTimeValue();
            case OfferSpec.REBINDING_TIME: return new RebindingTimeValue();
            case OfferSpec.SUBNET_MASK: return new SubnetMask();
            case OfferSpec.ROUTERS: return new Routers();
            case OfferSpec.DOMAIN_NAME: return new DomainName();
            case OfferSpec.DNS_SERVERS: return new DomainNameServers();
            case OfferSpec.NTP_SERVERS: return new NtpServers();
            default: throw new IllegalArgumentException("option " + code);
        }
    }

    private DhcpMessage build(OfferSpec o) {
        OptionsField options = new OptionsField();
        int[] codes = o.codes();
        byte[][] values = o.values();
        for (int i = 0; i < codes.length; i++) {
            DhcpOption opt = option(codes[i]);
            opt.setData(values[i]);
            options.add(opt);
        }
        return new DhcpMessage(MessageType.DHCPOFFER, DhcpMessage.OP_BOOTREPLY,
                new HardwareAddress((short) 1, (short) o.chaddr().length, o.chaddr()), (short) 0, o.xid(), 0,
                (short) o.flags(), null, yiaddr, siaddr, null, null, o.file(), options);
    }

    @Override
    public void prepare(OfferSpec offer) {
        try {
            yiaddr = InetAddress.getByAddress(OfferSpec.be(offer.yiaddr()));
            siaddr = InetAddress.getByAddress(OfferSpec.be(offer.siaddr()));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
        prepared = build(offer);
    }

    @Override
    public int buildAndEncode(OfferSpec offer) {
        out.clear();
        encoder.encode(out, build(offer));
        return out.position();
    }

    @Override
    public int encodePrepared() {
        out.clear();
        encoder.encode(out, prepared);
        return out.position();
    }

    @Override
    public byte[] lastEncoded() {
        return Arrays.copyOf(out.array(), out.position());
    }
}
