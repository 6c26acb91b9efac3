package dev.netboot.tftp;

/** Placeholder replaced by the TFTP codec's typed exception. */
public class TftpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message. */
    public TftpException(String message) {
        super(message);
    }
}
