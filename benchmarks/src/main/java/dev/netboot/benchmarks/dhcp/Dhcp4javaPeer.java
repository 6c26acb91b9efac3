package dev.netboot.benchmarks.dhcp;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.dhcp4java.DHCPConstants;
import org.dhcp4java.DHCPPacket;

/**
 * dhcp4java (com.helger 1.1.0) through its API: {@link DHCPPacket#getPacket(byte[], int, int, boolean)}
 * to decode (lenient, like netboot's reader), typed option getters, and {@link DHCPPacket#serialize()}
 * to encode (it always returns a new array; there is no way to encode into a caller's buffer).
 * Not thread-safe.
 */
final class Dhcp4javaPeer extends PeerAdapter {
    private DHCPPacket prepared;
    private byte[] last;

    Dhcp4javaPeer() {
        super("dhcp4java 1.1.0");
    }

    @Override
    protected void read(ByteBuffer packet) {
        DHCPPacket p = DHCPPacket.getPacket(packet.array(), packet.arrayOffset() + packet.position(),
                packet.remaining(), false);
        Byte t = p.getDHCPMessageType();
        // option 93 is a list of 16-bit values; getOptionAsShort refuses code 93, the raw value is the API
        found(t == null ? -1 : t & 0xFF, firstArchitecture(p.getOptionRaw((byte) 93)),
                p.getOptionAsString(DHCPConstants.DHO_VENDOR_CLASS_IDENTIFIER),
                p.getOptionAsInetAddr(DHCPConstants.DHO_DHCP_REQUESTED_ADDRESS));
    }

    @Override
    public String bootFile(ByteBuffer packet) {
        DHCPPacket p = DHCPPacket.getPacket(packet.array(), packet.arrayOffset(), packet.remaining(), false);
        byte[] o67 = p.getOptionRaw(DHCPConstants.DHO_BOOTFILE);
        return PeerProbes.bootFileReport(o67, p.getFile());
    }

    @Override
    public int optionLength(ByteBuffer packet, int code) {
        DHCPPacket p = DHCPPacket.getPacket(packet.array(), packet.arrayOffset(), packet.remaining(), false);
        byte[] v = p.getOptionRaw((byte) code);
        return v == null ? -1 : v.length;
    }

    private static DHCPPacket build(OfferSpec o) {
        DHCPPacket p = new DHCPPacket();
        p.setOp(DHCPConstants.BOOTREPLY);
        p.setHtype(DHCPConstants.HTYPE_ETHER);
        p.setHlen((byte) o.chaddr().length);
        p.setXid(o.xid());
        p.setFlags((short) o.flags());
        p.setYiaddrRaw(OfferSpec.be(o.yiaddr()));
        p.setSiaddrRaw(OfferSpec.be(o.siaddr()));
        p.setChaddr(o.chaddr());
        p.setFile(o.file());
        p.setDHCPMessageType(DHCPConstants.DHCPOFFER);
        int[] codes = o.codes();
        byte[][] values = o.values();
        for (int i = 0; i < codes.length; i++) {
            p.setOptionRaw((byte) codes[i], values[i]);
        }
        return p;
    }

    @Override
    public void prepare(OfferSpec offer) {
        prepared = build(offer);
    }

    @Override
    public int buildAndEncode(OfferSpec offer) {
        last = build(offer).serialize();
        return last.length;
    }

    @Override
    public int encodePrepared() {
        last = prepared.serialize();
        return last.length;
    }

    @Override
    public byte[] lastEncoded() {
        return Arrays.copyOf(last, last.length);
    }
}
