package dev.netboot.benchmarks.dhcp;

import java.nio.ByteBuffer;

/**
 * One peer DHCP library, driven through its own API the way a server would use it. The decode
 * methods take the UDP payload between position 0 and the limit of a heap buffer and may consume
 * it; the caller rewinds. Implementations are not thread-safe (they keep the last fields read
 * and a reused output buffer); JMH gives each thread its own.
 *
 * <p>Two implementations live in class loaders of their own (see {@link PeerLoader}), so this
 * interface uses JDK and benchmark types only.
 */
public interface DhcpPeer {
    /** Library name and version. */
    String name();

    /**
     * Decodes the packet and reads message type, client architecture, vendor class and requested
     * address through the library's API.
     *
     * @return {@link Fields#digest} of the four fields
     */
    int decodeFields(ByteBuffer packet);

    /** Like {@link #decodeFields} but describes the fields ({@link Fields#describe}). */
    String describeFields(ByteBuffer packet);

    /** The boot file the library reports: option 67 through its API, then the {@code file} field. */
    String bootFile(ByteBuffer packet);

    /** Length of option {@code code}'s value as the library reads it, or -1 if it reports none. */
    int optionLength(ByteBuffer packet, int code);

    /** Builds {@code offer} as a message object, once, for {@link #encodePrepared()}. */
    void prepare(OfferSpec offer);

    /** Builds a message object from {@code offer} and encodes it; returns the encoded length. */
    int buildAndEncode(OfferSpec offer);

    /** Encodes the message built by {@link #prepare}; returns the encoded length. */
    int encodePrepared();

    /** A copy of the bytes of the last encode. */
    byte[] lastEncoded();
}
