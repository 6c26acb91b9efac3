package dev.netboot.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Path confinement, as strict as a TFTP server's: the request target is split into segments on
 * {@code /} before any decoding, each segment is percent-decoded exactly once, and a decoded
 * segment must be UTF-8 without control characters or {@code /}; {@code ..} is refused (even when
 * it would stay inside the root), empty and {@code .} segments are dropped (so {@code //} is served,
 * never redirected). The file is then resolved to its real path, which must lie under the root's
 * real path: a symbolic link leaving the root is refused.
 */
final class BootPaths {
    private BootPaths() {}

    /** A parsed request target: decoded segments and the raw query. */
    record Target(List<String> segments, String query) {}

    /**
     * Parses an origin-form ({@code /a/b?q}) or absolute-form ({@code http://host/a/b}) target.
     *
     * @throws PathRejectedException when the target is malformed, too long, or contains a
     *     forbidden segment
     */
    static Target parse(String uri, HttpLimits limits) {
        String path = uri;
        if (startsWithIgnoreCase(path, "http://") || startsWithIgnoreCase(path, "https://")) {
            int authority = path.indexOf("//") + 2;
            int slash = path.indexOf('/', authority);
            int query = path.indexOf('?', authority);
            if (slash < 0 || (query >= 0 && query < slash)) {
                path = "/" + (query >= 0 ? path.substring(query) : "");
            } else {
                path = path.substring(slash);
            }
        }
        if (path.isEmpty() || path.charAt(0) != '/') {
            throw new PathRejectedException(PathRejection.MALFORMED_TARGET, "expected a path starting with /");
        }
        String query = "";
        int cut = indexOfAny(path, '?', '#');
        if (cut >= 0) {
            if (path.charAt(cut) == '?') {
                int hash = path.indexOf('#', cut);
                query = hash < 0 ? path.substring(cut + 1) : path.substring(cut + 1, hash);
            }
            path = path.substring(0, cut);
        }
        List<String> segments = new ArrayList<>();
        int decodedLength = 0;
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (end > start) {
                String segment = decodeSegment(path, start, end, limits);
                // the decoded byte length is at most the raw length; count it exactly
                decodedLength += utf8Length(segment) + 1;
                if (decodedLength > limits.maxPathLength()) {
                    throw new PathRejectedException(PathRejection.TOO_LONG,
                            "more than " + limits.maxPathLength() + " bytes (HttpLimits.maxPathLength)");
                }
                if (segment.equals("..")) {
                    throw new PathRejectedException(PathRejection.DOT_DOT, null);
                }
                if (!segment.equals(".")) {
                    segments.add(segment);
                }
            }
            start = end + 1;
        }
        return new Target(List.copyOf(segments), query);
    }

    /** Decodes raw {@code path[start, end)} (no {@code /} inside) once; its length is in UTF-8 bytes. */
    private static String decodeSegment(String path, int start, int end, HttpLimits limits) {
        byte[] bytes = new byte[end - start];
        int n = 0;
        for (int i = start; i < end; i++) {
            char c = path.charAt(i);
            int b;
            if (c == '%') {
                if (i + 2 >= end) {
                    throw new PathRejectedException(PathRejection.BAD_ESCAPE, "truncated escape at column " + i);
                }
                int hi = hex(path.charAt(i + 1));
                int lo = hex(path.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw new PathRejectedException(PathRejection.BAD_ESCAPE, "at column " + i);
                }
                b = hi << 4 | lo;
                i += 2;
                if (b == '/') {
                    throw new PathRejectedException(PathRejection.ENCODED_SLASH, null);
                }
            } else if (c > 0xff) {
                throw new PathRejectedException(PathRejection.MALFORMED_TARGET, "character U+"
                        + Integer.toHexString(c) + " in request line");
            } else {
                // the HTTP decoder hands over request-line bytes as ISO-8859-1 characters
                b = c;
            }
            if (b < 0x20 || b == 0x7f) {
                throw new PathRejectedException(PathRejection.CONTROL_CHARACTER,
                        b == 0 ? "NUL" : String.format("0x%02x", b));
            }
            bytes[n++] = (byte) b;
        }
        if (n > limits.maxSegmentLength()) {
            throw new PathRejectedException(PathRejection.TOO_LONG,
                    "segment of " + n + " bytes (HttpLimits.maxSegmentLength: " + limits.maxSegmentLength() + ")");
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return utf8.decode(ByteBuffer.wrap(bytes, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw new PathRejectedException(PathRejection.BAD_UTF8, null);
        }
    }

    /**
     * The real path of the regular file at {@code segments} under {@code realRoot} (itself a real
     * path).
     *
     * @throws PathRejectedException when it does not exist, is not a regular file, cannot be
     *     read, or its real path leaves the root
     */
    static Path resolveFile(Path realRoot, List<String> segments) {
        Path candidate = realRoot;
        try {
            for (String s : segments) {
                candidate = candidate.resolve(s);
            }
        } catch (InvalidPathException e) {
            throw new PathRejectedException(PathRejection.MALFORMED_TARGET, null);
        }
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (NoSuchFileException e) {
            throw new PathRejectedException(PathRejection.NOT_FOUND, null);
        } catch (AccessDeniedException e) {
            throw new PathRejectedException(PathRejection.NO_ACCESS, null);
        } catch (IOException e) {
            // ENOTDIR, ELOOP, ENAMETOOLONG: nothing the client may have
            throw new PathRejectedException(PathRejection.NOT_FOUND, e.getClass().getSimpleName());
        }
        if (!real.startsWith(realRoot)) {
            throw new PathRejectedException(PathRejection.OUTSIDE_ROOT, null);
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            throw new PathRejectedException(PathRejection.NO_ACCESS, null);
        } catch (IOException e) {
            throw new PathRejectedException(PathRejection.NOT_FOUND, null);
        }
        if (attributes.isDirectory()) {
            throw new PathRejectedException(PathRejection.DIRECTORY, null);
        }
        if (!attributes.isRegularFile()) {
            // a FIFO or device would block the I/O thread or never end
            throw new PathRejectedException(PathRejection.NOT_REGULAR_FILE, null);
        }
        return real;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == a || c == b) {
                return i;
            }
        }
        return -1;
    }
}
