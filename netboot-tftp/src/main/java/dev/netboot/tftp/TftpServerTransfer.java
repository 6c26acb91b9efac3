package dev.netboot.tftp;

import java.util.Objects;

/**
 * Creates the server side of a transfer from a client's request: {@link #read} serves a read
 * request from a {@link TftpBlockSource}, {@link #write} accepts a write request into a
 * {@link TftpBlockSink}. Both negotiate options with {@link OptionNegotiation#negotiate} and queue
 * the first packet (OACK, DATA 1 or ACK 0) at once. Stateless and thread-safe; the transfers are not.
 */
public final class TftpServerTransfer {
    private TftpServerTransfer() {}

    /**
     * A transfer serving {@code request}. The file size for tsize comes from {@code source.size()}
     * (octet mode only: a netascii transfer's size is unknown in advance). Mail mode is refused with
     * ERROR 4.
     */
    public static TftpTransfer read(TftpPacket.ReadRequest request, TftpBlockSource source,
            TftpServerPolicy policy, long nowNanos) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(policy, "policy");
        return SendingTransfer.server(request, source, policy, nowNanos);
    }

    /**
     * A transfer accepting {@code request}. The client's tsize, if acknowledged, is in
     * {@link TransferParameters#transferSize()}; a driver that must refuse a size should do so
     * before calling this (ERROR 3) or throw {@link TftpAbortException} from the sink. Mail mode is
     * refused with ERROR 4.
     */
    public static TftpTransfer write(TftpPacket.WriteRequest request, TftpBlockSink sink,
            TftpServerPolicy policy, long nowNanos) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(policy, "policy");
        return ReceivingTransfer.server(request, sink, policy, nowNanos);
    }
}
