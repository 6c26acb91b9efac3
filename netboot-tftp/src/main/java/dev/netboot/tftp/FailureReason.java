package dev.netboot.tftp;

/** Why a transfer failed (see {@link TftpEvent.Failed}). Immutable and thread-safe. */
public enum FailureReason {
    /** The retransmission budget ran out without progress (no ERROR packet is sent). */
    TIMEOUT,
    /** The peer sent an ERROR packet (for example ERROR 8 after an OACK, as UEFI does). */
    PEER_ERROR,
    /** This client refused the server's OACK and sent ERROR 8. */
    OPTION_REJECTED,
    /** The peer broke the protocol (a block larger than negotiated) or asked for an unsupported mode. */
    PROTOCOL_ERROR,
    /** The block source threw; an ERROR was sent. */
    SOURCE_ERROR,
    /** The block sink threw; an ERROR was sent. */
    SINK_ERROR,
    /** The driver called {@link TftpTransfer#abort}; an ERROR was sent. */
    ABORTED,
}
