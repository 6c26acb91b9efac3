package dev.netboot.server.tftp;

import dev.netboot.tftp.TftpErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a requested file name to a file inside the root, or refuses it. A name is normalized first
 * (backslashes to '/' when configured, leading '/' into the root as {@code in.tftpd -s} does,
 * empty and "." segments dropped) and refused when it holds a ".." segment, a control character,
 * or is longer than the limits; the file found is then refused when its real path (symbolic links
 * resolved) leaves the root, or when it is not a regular file (a directory, a FIFO that would block
 * the reader, a device). Immutable and thread-safe.
 */
final class PathResolver {
    /** Longest file name component (Linux NAME_MAX). */
    static final int MAX_COMPONENT_BYTES = 255;

    private final Path root;
    private final boolean mapBackslash;
    private final int maxPathLength;

    /**
     * @param root the served directory; resolved to its real path here
     * @throws IllegalArgumentException if the root is not an existing directory
     */
    PathResolver(Path root, boolean mapBackslash, int maxPathLength) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("root " + root + ": " + e.getMessage(), e);
        }
        if (!Files.isDirectory(this.root)) {
            throw new IllegalArgumentException("root " + root + " is not a directory");
        }
        this.mapBackslash = mapBackslash;
        this.maxPathLength = maxPathLength;
    }

    /** The real path of the root. */
    Path root() {
        return root;
    }

    /**
     * The normalized relative path of {@code filename}: segments joined by '/', never empty, never
     * starting with '/', without "." or ".." segments.
     *
     * @throws RequestRefused with ERROR 2 (access violation) for a name that must not be served
     */
    String normalize(String filename) {
        if (filename.length() > maxPathLength) {
            throw refuse("file name too long", "file name of " + filename.length()
                    + " characters exceeds the limit of " + maxPathLength);
        }
        for (int i = 0; i < filename.length(); i++) {
            char c = filename.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                throw refuse("illegal character in file name", "control character 0x"
                        + Integer.toHexString(c) + " at index " + i + " of the file name");
            }
        }
        String name = mapBackslash ? filename.replace('\\', '/') : filename;
        List<String> segments = new ArrayList<>();
        for (String s : name.split("/", -1)) {
            if (s.isEmpty() || s.equals(".")) {
                continue;
            }
            if (s.equals("..")) {
                throw refuse("access violation", "'..' in file name (path traversal)");
            }
            if (s.getBytes(StandardCharsets.UTF_8).length > MAX_COMPONENT_BYTES) {
                throw refuse("file name too long", "file name component longer than " + MAX_COMPONENT_BYTES + " bytes");
            }
            segments.add(s);
        }
        if (segments.isEmpty()) {
            throw refuse("access violation", "file name names the root directory");
        }
        return String.join("/", segments);
    }

    /**
     * The real path of the existing regular file at {@code relative} (from {@link #normalize}).
     *
     * @throws RequestRefused ERROR 1 when there is no such file, ERROR 2 when it leaves the root, is
     *     not a regular file or cannot be read
     */
    Path resolveExisting(String relative) {
        Path candidate = inRoot(relative);
        Path real;
        BasicFileAttributes attrs;
        try {
            real = candidate.toRealPath();
            if (!real.startsWith(root)) {
                throw refuse("access violation", "'" + relative + "' resolves outside the root (symbolic link to "
                        + real + ")");
            }
            attrs = Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new RequestRefused(TftpErrorCode.FILE_NOT_FOUND, "File not found", "no such file");
        } catch (AccessDeniedException e) {
            throw refuse("access violation", "permission denied: " + e.getMessage());
        } catch (FileSystemException e) {
            // realpath(3) fails with ENOTDIR when a middle segment is a file: nothing there to find
            if ("Not a directory".equals(e.getReason())) {
                throw new RequestRefused(TftpErrorCode.FILE_NOT_FOUND, "File not found", "no such file");
            }
            throw refuse("access violation", "cannot resolve: " + e);
        } catch (IOException e) {
            throw refuse("access violation", "cannot resolve: " + e);
        }
        if (attrs.isDirectory()) {
            throw new RequestRefused(TftpErrorCode.FILE_NOT_FOUND, "File not found", "is a directory");
        }
        if (!attrs.isRegularFile()) {
            throw refuse("access violation", "not a regular file");
        }
        return real;
    }

    /**
     * Where a write request for {@code relative} may create its file: the parent directory must
     * exist inside the root (after resolving links); an existing target must be a regular file that
     * is not a symbolic link, and is refused with ERROR 6 unless {@code overwrite}.
     *
     * @throws RequestRefused when the file must not be written
     */
    Path resolveForWrite(String relative, boolean overwrite) {
        Path candidate = inRoot(relative);
        Path parent = candidate.getParent();
        Path realParent;
        try {
            realParent = parent.toRealPath();
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw refuse("directory does not exist", "parent directory of '" + relative + "' does not exist");
        } catch (IOException e) {
            throw refuse("access violation", "cannot resolve the parent directory: " + e);
        }
        if (!realParent.startsWith(root)) {
            throw refuse("access violation", "parent directory of '" + relative + "' resolves outside the root ("
                    + realParent + ")");
        }
        if (!Files.isDirectory(realParent)) {
            throw refuse("access violation", "parent of '" + relative + "' is not a directory");
        }
        Path target = realParent.resolve(candidate.getFileName().toString());
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return target;
        } catch (IOException e) {
            throw refuse("access violation", "cannot inspect the target: " + e);
        }
        if (attrs.isSymbolicLink() || !attrs.isRegularFile()) {
            throw refuse("access violation", "target exists and is not a regular file");
        }
        if (!overwrite) {
            throw new RequestRefused(TftpErrorCode.FILE_EXISTS, "File already exists",
                    "file exists (overwriting needs --allow-overwrite)");
        }
        return target;
    }

    private Path inRoot(String relative) {
        try {
            Path p = root.resolve(relative).normalize();
            if (!p.startsWith(root)) {
                throw refuse("access violation", "'" + relative + "' leaves the root");
            }
            return p;
        } catch (InvalidPathException e) {
            throw refuse("illegal file name", "invalid path: " + e.getMessage());
        }
    }

    private static RequestRefused refuse(String clientMessage, String reason) {
        return new RequestRefused(TftpErrorCode.ACCESS_VIOLATION, clientMessage, reason);
    }
}
