package dev.netboot.benchmarks.dhcp;

import java.net.InetAddress;
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
final class Dhcp4javaPeer implements DhcpPeer {
    private int type;
    private int arch;
    private int vendorLength;
    private boolean pxe;
    private int requested;
    private DHCPPacket prepared;
    private byte[] last;

    @Override
    public String name() {
        return "dhcp4java 1.1.0";
    }

    private void read(ByteBuffer packet) {
        DHCPPacket p = DHCPPacket.getPacket(packet.array(), packet.arrayOffset() + packet.position(),
                packet.remaining(), false);
        Byte t = p.getDHCPMessageType();
        type = t == null ? -1 : t & 0xFF;
        // option 93 is a list of 16-bit values; getOptionAsShort refuses code 93, the raw value is the API
        byte[] a = p.getOptionRaw((byte) 93);
        arch = a == null || a.length < 2 ? -1 : (a[0] & 0xFF) << 8 | (a[1] & 0xFF);
        String vendor = p.getOptionAsString(DHCPConstants.DHO_VENDOR_CLASS_IDENTIFIER);
        vendorLength = vendor == null ? -1 : vendor.length();
        pxe = vendor != null && vendor.startsWith(Fields.PXE);
        InetAddress r = p.getOptionAsInetAddr(DHCPConstants.DHO_DHCP_REQUESTED_ADDRESS);
        requested = r == null ? 0 : r.hashCode(); // Inet4Address.hashCode() is the address
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
