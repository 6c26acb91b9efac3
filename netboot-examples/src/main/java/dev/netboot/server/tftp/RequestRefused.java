package dev.netboot.server.tftp;

import dev.netboot.tftp.TftpErrorCode;
import dev.netboot.tftp.TftpPacket;

/**
 * A request the server answers with a TFTP ERROR instead of a transfer: the code and message sent
 * to the client, and a reason for the log line (which may say more than the client is told).
 * Unchecked, without a stack trace: refusals are routine (pxelinux probes a dozen missing files)
 * and must stay cheap.
 */
final class RequestRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient TftpErrorCode code;
    private final String clientMessage;

    RequestRefused(TftpErrorCode code, String clientMessage, String logReason) {
        super(logReason, null, false, false);
        this.code = code;
        this.clientMessage = clientMessage;
    }

    RequestRefused(TftpErrorCode code, String message) {
        this(code, message, message);
    }

    TftpErrorCode code() {
        return code;
    }

    /** The ERROR packet for the client. */
    TftpPacket.ErrorPacket toPacket() {
        return new TftpPacket.ErrorPacket(code, clientMessage);
    }
}
