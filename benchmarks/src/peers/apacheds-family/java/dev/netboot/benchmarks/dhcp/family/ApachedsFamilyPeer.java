package dev.netboot.benchmarks.dhcp.family;

import dev.netboot.benchmarks.dhcp.OfferSpec;
import dev.netboot.benchmarks.dhcp.PeerAdapter;
import dev.netboot.benchmarks.dhcp.PeerProbes;
import java.io.IOException;
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
import org.apache.directory.server.dhcp.options.dhcp.ServerIdentifier;
import org.apache.directory.server.dhcp.options.misc.NtpServers;
import org.apache.directory.server.dhcp.options.vendor.DomainName;
import org.apache.directory.server.dhcp.options.vendor.DomainNameServers;
import org.apache.directory.server.dhcp.options.vendor.Routers;
import org.apache.directory.server.dhcp.options.vendor.SubnetMask;

/**
 * What the ApacheDS and anarres adapters share: anarres's codec is a fork of ApacheDS's, with the
 * same class names and the same API for decoding, building and encoding a message; only reading
 * options differs. This one source is compiled twice, against each library alone, into each
 * peer's directory (see the benchmarks pom), so each {@code PeerLoader} defines a copy of its own,
 * bound to its own library. Encodes into a reused heap buffer. Not thread-safe.
 */
public abstract class ApachedsFamilyPeer extends PeerAdapter {
    private final DhcpMessageDecoder decoder = new DhcpMessageDecoder();
    private final DhcpMessageEncoder encoder = new DhcpMessageEncoder();
    private final ByteBuffer out = ByteBuffer.allocate(1500);
    private InetAddress yiaddr;
    private InetAddress siaddr;
    private DhcpMessage prepared;

    /** @param name library name and version */
    protected ApachedsFamilyPeer(String name) {
        super(name);
    }

    /** Decodes {@code packet}; the library's exceptions become {@link IllegalArgumentException}s. */
    protected final DhcpMessage decode(ByteBuffer packet) {
        try {
            return decodeDeclared(packet);
        } catch (DhcpException | IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    protected final void read(ByteBuffer packet) {
        DhcpMessage m = decode(packet);
        MessageType t = m.getMessageType();
        readOptions(t == null ? -1 : t.getCode() & 0xFF, m.getOptions());
    }

    /**
     * Reads client architecture, vendor class and requested address from {@code options} the
     * library's way, and hands them with {@code type} to {@link #found}.
     */
    protected abstract void readOptions(int type, OptionsField options);

    // anarres's decode and encode declare IOException and ApacheDS's do not; declaring it here lets
    // one source compile against both (javac rejects catching what the try block cannot throw)
    private DhcpMessage decodeDeclared(ByteBuffer packet) throws DhcpException, IOException {
        return decoder.decode(packet);
    }

    private void encodeDeclared(DhcpMessage m) throws IOException {
        encoder.encode(out, m);
    }

    @Override
    public final String bootFile(ByteBuffer packet) {
        DhcpMessage m = decode(packet);
        BootfileName o = (BootfileName) m.getOptions().get(BootfileName.class);
        return PeerProbes.bootFileReport(o == null ? null : o.getData(), m.getBootFileName());
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
    public final void prepare(OfferSpec offer) {
        try {
            yiaddr = InetAddress.getByAddress(OfferSpec.be(offer.yiaddr()));
            siaddr = InetAddress.getByAddress(OfferSpec.be(offer.siaddr()));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
        prepared = build(offer);
    }

    private int encode(DhcpMessage m) {
        out.clear();
        try {
            encodeDeclared(m);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.position();
    }

    @Override
    public final int buildAndEncode(OfferSpec offer) {
        return encode(build(offer));
    }

    @Override
    public final int encodePrepared() {
        return encode(prepared);
    }

    @Override
    public final byte[] lastEncoded() {
        return Arrays.copyOf(out.array(), out.position());
    }
}
