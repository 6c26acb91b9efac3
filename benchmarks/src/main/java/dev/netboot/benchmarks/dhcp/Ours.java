package dev.netboot.benchmarks.dhcp;

import dev.netboot.dhcp.ClientArchitecture;
import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.DhcpWriter;
import dev.netboot.dhcp.MessageType;
import io.netty.buffer.ByteBuf;

/** netboot's side of each benchmark, shared by the benchmarks and the setup checks. Stateless. */
final class Ours {
    private Ours() {}

    /**
     * Reads the four fields without allocating: the vendor class as its (RFC 3396 joined) length
     * and whether it starts with "PXEClient", compared in place.
     */
    static int decodeFields(DhcpMessage m) {
        MessageType t = m.messageType();
        ClientArchitecture a = m.clientArchitecture();
        return Fields.digest(t == null ? -1 : t.code(), a == null ? -1 : a.code(), m.valueLength(60),
                m.optionStartsWith(60, Fields.PXE_BYTES), m.optionInt(50, 0));
    }

    static String describeFields(DhcpMessage m) {
        MessageType t = m.messageType();
        ClientArchitecture a = m.clientArchitecture();
        return Fields.describe(t == null ? -1 : t.code(), a == null ? -1 : a.code(), m.valueLength(60),
                m.optionStartsWith(60, Fields.PXE_BYTES), m.optionInt(50, 0));
    }

    /** The OFFER with every option value pre-encoded ({@link DhcpWriter#option(int, byte[])}). */
    static int encodeOffer(DhcpWriter w, ByteBuf out, OfferSpec o) {
        w.begin(out, DhcpMessage.BOOTREPLY, MessageType.OFFER)
                .xid(o.xid()).flags(o.flags()).yiaddr(o.yiaddr()).siaddr(o.siaddr()).chaddr(o.chaddr()).file(o.file());
        int[] codes = o.codes();
        byte[][] values = o.values();
        for (int i = 0; i < codes.length; i++) {
            w.option(codes[i], values[i]);
        }
        return w.finish();
    }

    /** The same OFFER through the typed helpers ({@code optionInt}, {@code optionText}). */
    static int encodeOfferTyped(DhcpWriter w, ByteBuf out, OfferSpec o) {
        return w.begin(out, DhcpMessage.BOOTREPLY, MessageType.OFFER)
                .xid(o.xid()).flags(o.flags()).yiaddr(o.yiaddr()).siaddr(o.siaddr()).chaddr(o.chaddr()).file(o.file())
                .optionInt(OfferSpec.SERVER_ID, o.serverId())
                .optionInt(OfferSpec.LEASE_TIME, o.leaseTime())
                .optionInt(OfferSpec.RENEWAL_TIME, o.renewalTime())
                .optionInt(OfferSpec.REBINDING_TIME, o.rebindingTime())
                .optionInt(OfferSpec.SUBNET_MASK, o.subnetMask())
                .optionInt(OfferSpec.ROUTERS, o.router())
                .optionText(OfferSpec.DOMAIN_NAME, o.domainName())
                .optionInt(OfferSpec.DNS_SERVERS, o.dnsServer())
                .optionInt(OfferSpec.NTP_SERVERS, o.ntpServer())
                .finish();
    }
}
