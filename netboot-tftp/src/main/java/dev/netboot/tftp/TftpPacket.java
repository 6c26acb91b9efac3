package dev.netboot.tftp;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * A TFTP packet (RFC 1350, RFC 2347): one of the six records below, decoded and encoded by
 * {@link TftpCodec}. Immutable values, thread-safe except for the {@link Data} payload.
 *
 * <p><b>Buffer ownership.</b> Only {@link Data} holds a buffer. A {@code Data} returned by
 * {@link TftpCodec#decode} holds a <em>non-retained</em> slice of the datagram: it is valid only as
 * long as the datagram buffer is, and the caller releases the datagram as usual (call
 * {@code retain()} on the payload to keep it longer). A {@code Data} returned by
 * {@link TftpTransfer#pollOutgoing()} <em>owns</em> one reference to its payload, which the caller
 * must release once the packet is written (Netty releases it when the payload is the content of a
 * written {@code DatagramPacket}).
 */
public sealed interface TftpPacket {
    /** The 16-bit opcode: 1 RRQ, 2 WRQ, 3 DATA, 4 ACK, 5 ERROR, 6 OACK. */
    int opcode();

    /** A read or write request: the first packet of a transfer, sent to the server's port 69. */
    sealed interface Request extends TftpPacket permits ReadRequest, WriteRequest {
        /** The file name as sent, as ISO-8859-1 characters (one per byte). */
        String filename();

        /** The transfer mode. */
        TransferMode mode();

        /** The options (RFC 2347), possibly none. */
        TftpOptions options();
    }

    /**
     * RRQ: asks the server for a file.
     *
     * @param filename the file name, not empty, characters U+0001 to U+00FF (one byte each)
     * @param mode the transfer mode
     * @param options the options, in the order they are sent
     */
    record ReadRequest(String filename, TransferMode mode, TftpOptions options) implements Request {
        /** Validates that the request can be encoded. */
        public ReadRequest {
            checkRequest(filename, mode, options);
        }

        /** A read request without options. */
        public ReadRequest(String filename, TransferMode mode) {
            this(filename, mode, TftpOptions.empty());
        }

        @Override
        public int opcode() {
            return TftpCodec.RRQ;
        }
    }

    /**
     * WRQ: asks the server to accept a file.
     *
     * @param filename the file name, not empty, characters U+0001 to U+00FF (one byte each)
     * @param mode the transfer mode
     * @param options the options, in the order they are sent
     */
    record WriteRequest(String filename, TransferMode mode, TftpOptions options) implements Request {
        /** Validates that the request can be encoded. */
        public WriteRequest {
            checkRequest(filename, mode, options);
        }

        /** A write request without options. */
        public WriteRequest(String filename, TransferMode mode) {
            this(filename, mode, TftpOptions.empty());
        }

        @Override
        public int opcode() {
            return TftpCodec.WRQ;
        }
    }

    /**
     * DATA: one block of the file. Block numbers are 16 bits on the wire and wrap from 65535 to 0.
     * See the interface documentation for who owns {@code payload}.
     *
     * @param block the wire block number, 0 to 65535
     * @param payload the block's bytes (its readable bytes); fewer than the block size ends the file
     */
    record Data(int block, ByteBuf payload) implements TftpPacket {
        /** Validates the block number. */
        public Data {
            checkBlock(block);
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public int opcode() {
            return TftpCodec.DATA;
        }
    }

    /**
     * ACK: acknowledges a DATA block (or, with block 0, a write request or an OACK).
     *
     * @param block the wire block number, 0 to 65535
     */
    record Ack(int block) implements TftpPacket {
        /** Validates the block number. */
        public Ack {
            checkBlock(block);
        }

        @Override
        public int opcode() {
            return TftpCodec.ACK;
        }
    }

    /**
     * ERROR: ends the transfer (except code 5, which answers a stray packet).
     *
     * @param code the error code
     * @param message the human-readable message, possibly empty; characters above U+00FF are sent as '?'
     */
    record ErrorPacket(TftpErrorCode code, String message) implements TftpPacket {
        /** Validates that both fields are present. */
        public ErrorPacket {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        /** The answer to a packet from a port that is not the transfer's peer (RFC 1350 section 4). */
        public static ErrorPacket unknownTransferId() {
            return new ErrorPacket(TftpErrorCode.UNKNOWN_TRANSFER_ID, "Unknown transfer ID");
        }

        @Override
        public int opcode() {
            return TftpCodec.ERROR;
        }
    }

    /**
     * OACK: the server's acknowledgement of the options it accepted (RFC 2347).
     *
     * @param options the accepted options with their granted values
     */
    record OptionAck(TftpOptions options) implements TftpPacket {
        /** Validates that options are present (possibly empty). */
        public OptionAck {
            Objects.requireNonNull(options, "options");
        }

        @Override
        public int opcode() {
            return TftpCodec.OACK;
        }
    }

    private static void checkRequest(String filename, TransferMode mode, TftpOptions options) {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(options, "options");
        if (filename.isEmpty()) {
            throw new IllegalArgumentException("filename is empty");
        }
        Wire.requireEncodable("filename", filename);
    }

    private static void checkBlock(int block) {
        if (block < 0 || block > 0xFFFF) {
            throw new IllegalArgumentException("block: " + block + " (expected: 0 to 65535)");
        }
    }
}
