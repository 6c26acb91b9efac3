package dev.netboot.server.http;

import java.util.Locale;

/** Why a request path was refused, with the status it gets; the label names the reason in metrics. */
enum PathRejection {
    MALFORMED_TARGET(400, "malformed request target"),
    BAD_ESCAPE(400, "bad percent-escape in path"),
    BAD_UTF8(400, "path is not valid UTF-8"),
    CONTROL_CHARACTER(400, "control character (NUL, CR, LF, ...) in path"),
    ENCODED_SLASH(400, "encoded slash (%2F) in path segment"),
    DOT_DOT(403, "'..' segment in path"),
    TOO_LONG(414, "path too long"),
    OUTSIDE_ROOT(403, "path resolves outside the root"),
    NO_ACCESS(403, "permission denied"),
    NOT_FOUND(404, "not found"),
    DIRECTORY(404, "is a directory"),
    NOT_REGULAR_FILE(403, "not a regular file"),
    OUTSIDE_PREFIX(404, "not under the served prefix");

    final int status;
    final String reason;
    final String label;

    PathRejection(int status, String reason) {
        this.status = status;
        this.reason = reason;
        this.label = name().toLowerCase(Locale.ROOT);
    }
}
