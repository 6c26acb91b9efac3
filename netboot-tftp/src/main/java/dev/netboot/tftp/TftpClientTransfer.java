package dev.netboot.tftp;

import java.util.Objects;

/**
 * Creates the client side of a transfer: {@link #get} reads a remote file into a
 * {@link TftpBlockSink}, {@link #put} writes one from a {@link TftpBlockSource}. The request is
 * queued at once (send it to the server's port 69); the driver then locks onto the address and port
 * of the first answer and answers packets from any other port with ERROR 5
 * ({@link TftpPacket.ErrorPacket#unknownTransferId()}). An OACK is checked with
 * {@link OptionNegotiation#acceptOack} and refused with ERROR 8 when it grants more than asked,
 * changes the timeout or adds an option. Stateless and thread-safe; the transfers are not.
 */
public final class TftpClientTransfer {
    private TftpClientTransfer() {}

    /** A transfer reading {@code filename} with the options and retransmission of {@code config}. */
    public static TftpTransfer get(String filename, TftpClientConfig config, TftpBlockSink sink, long nowNanos) {
        Objects.requireNonNull(config, "config");
        TftpPacket.ReadRequest request =
                new TftpPacket.ReadRequest(filename, config.mode(), config.requestOptions(0));
        return get(request, config.retransmit(), sink, nowNanos);
    }

    /**
     * A transfer sending exactly {@code request} (any options, for example to imitate a boot ROM).
     * Mail mode is refused with {@link IllegalArgumentException}.
     */
    public static TftpTransfer get(TftpPacket.ReadRequest request, RetransmitPolicy retransmit,
            TftpBlockSink sink, long nowNanos) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(retransmit, "retransmit");
        Objects.requireNonNull(sink, "sink");
        requireNotMail(request);
        return ReceivingTransfer.client(request, sink, retransmit, nowNanos);
    }

    /**
     * A transfer writing {@code filename}; tsize, if configured, is {@code source.size()} (octet mode
     * and a known size only).
     */
    public static TftpTransfer put(String filename, TftpClientConfig config, TftpBlockSource source, long nowNanos) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(source, "source");
        long size = config.mode() == TransferMode.OCTET ? source.size() : -1;
        TftpPacket.WriteRequest request =
                new TftpPacket.WriteRequest(filename, config.mode(), config.requestOptions(size));
        return put(request, config.retransmit(), source, nowNanos);
    }

    /**
     * A transfer sending exactly {@code request}. Mail mode is refused with
     * {@link IllegalArgumentException}.
     */
    public static TftpTransfer put(TftpPacket.WriteRequest request, RetransmitPolicy retransmit,
            TftpBlockSource source, long nowNanos) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(retransmit, "retransmit");
        Objects.requireNonNull(source, "source");
        requireNotMail(request);
        return SendingTransfer.client(request, source, retransmit, nowNanos);
    }

    private static void requireNotMail(TftpPacket.Request request) {
        if (request.mode() == TransferMode.MAIL) {
            throw new IllegalArgumentException("mode: mail (expected: octet or netascii)");
        }
    }
}
