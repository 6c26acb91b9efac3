package dev.netboot.server.http;

/** A request path was refused; carries the reason and a detail for the response body and log. */
final class PathRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final PathRejection rejection;

    PathRejectedException(PathRejection rejection, String detail) {
        // no stack trace: hostile clients can make these cheaply and often
        super(detail == null ? rejection.reason : rejection.reason + ": " + detail, null, false, false);
        this.rejection = rejection;
    }
}
