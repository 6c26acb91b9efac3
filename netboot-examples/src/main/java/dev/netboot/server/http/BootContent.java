package dev.netboot.server.http;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Content a {@link BootContentProvider} generates for one request (an iPXE script per client, a
 * GRUB configuration). Served like a file: HEAD and single Range requests work, Content-Length is
 * exact, Last-Modified is sent when given. Immutable and thread-safe; holds its own copy of the
 * bytes, no Netty buffer.
 */
public final class BootContent {
    private final byte[] body;
    private final String contentType;
    private final Instant lastModified;

    private BootContent(byte[] body, String contentType, Instant lastModified) {
        this.body = body;
        this.contentType = contentType;
        this.lastModified = lastModified;
    }

    /** {@code body} (copied) with this Content-Type. */
    public static BootContent of(byte[] body, String contentType) {
        return new BootContent(body.clone(), Objects.requireNonNull(contentType, "contentType"), null);
    }

    /** {@code text} in UTF-8 as {@code text/plain; charset=utf-8} (iPXE scripts are served so). */
    public static BootContent text(String text) {
        return new BootContent(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8", null);
    }

    /** This content with a Last-Modified time (enables If-Modified-Since and If-Range). */
    public BootContent withLastModified(Instant time) {
        return new BootContent(body, contentType, Objects.requireNonNull(time, "time"));
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return body.clone();
    }

    /** The body length in bytes. */
    public int length() {
        return body.length;
    }

    /** The Content-Type. */
    public String contentType() {
        return contentType;
    }

    /** The Last-Modified time, if given. */
    public Optional<Instant> lastModified() {
        return Optional.ofNullable(lastModified);
    }

    /** The bytes without a copy, for the server only. */
    byte[] unsafeBytes() {
        return body;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BootContent c && Arrays.equals(c.body, body) && c.contentType.equals(contentType)
                && Objects.equals(c.lastModified, lastModified);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(body) * 31 + contentType.hashCode();
    }

    @Override
    public String toString() {
        return "BootContent[" + body.length + " bytes, " + contentType + "]";
    }
}
