package dev.netboot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootPathsTest {
    private static final HttpLimits LIMITS = HttpLimits.DEFAULT;

    @TempDir
    Path dir;
    Path root;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/file.txt"), "inside");
        Files.writeString(dir.resolve("secret.txt"), "outside");
        Files.createDirectories(dir.resolve("outdir"));
        Files.writeString(dir.resolve("outdir/secret.txt"), "outside");
        Files.createSymbolicLink(root.resolve("out-file"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("out-dir"), dir.resolve("outdir"));
        Files.createSymbolicLink(root.resolve("out-relative"), Path.of("../secret.txt"));
        Files.createSymbolicLink(root.resolve("in-file"), Path.of("sub/file.txt"));
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
    }

    private static BootPaths.Target parse(String uri) {
        return BootPaths.parse(uri, LIMITS);
    }

    private static PathRejection rejection(String uri) {
        return assertThrows(PathRejectedException.class, () -> parse(uri), uri).rejection;
    }

    @Test
    void emptyAndDotSegmentsAreDroppedNotRedirected() {
        assertEquals(List.of("tftpboot", "a", "b"), parse("/tftpboot/a/b").segments());
        assertEquals(List.of("tftpboot", "a", "b"), parse("//tftpboot//a/./b/").segments());
        assertEquals(List.of("tftpboot", "a"), parse("/tftpboot/%2e/a").segments());
        assertEquals(List.of(), parse("/").segments());
    }

    @Test
    void queryAndFragmentAreCutBeforeDecoding() {
        BootPaths.Target t = parse("/tftpboot/boot.ipxe?mac=52%3A54&x#frag");
        assertEquals(List.of("tftpboot", "boot.ipxe"), t.segments());
        assertEquals("mac=52%3A54&x", t.query());
        assertEquals("", parse("/a#b?c").query());
        assertEquals(List.of("a%3Fb"), parse("/a%253Fb").segments(), "decoded once: %25 -> %");
        assertEquals(List.of("a?b"), parse("/a%3Fb").segments());
    }

    @Test
    void absoluteFormTargets() {
        assertEquals(List.of("tftpboot", "x"), parse("http://192.168.2.14/tftpboot/x").segments());
        assertEquals(List.of("tftpboot", "x"), parse("HTTP://host:8080/tftpboot/x?q").segments());
        assertEquals(List.of(), parse("http://host").segments());
        assertEquals("q", parse("http://host?q").query());
        assertEquals(PathRejection.DOT_DOT, rejection("http://host/tftpboot/../etc/passwd"));
    }

    @Test
    void decodingHappensOnceAndSafely() {
        assertEquals(List.of("é", "a+b", "a b"), parse("/%C3%A9/a+b/a%20b").segments());
        assertEquals(List.of("é"), parse("/\u00c3\u00a9").segments(), "raw UTF-8 bytes in the request line");
        assertEquals(List.of("%2e%2e"), parse("/%252e%252e").segments(), "double encoding stays literal");
        assertEquals(List.of("..."), parse("/...").segments(), "three dots is a name");
        assertEquals(List.of("a\\..\\b"), parse("/a\\..\\b").segments(), "backslash is a name character");
    }

    @Test
    void traversalAndHostileBytesAreRefused() {
        assertEquals(PathRejection.DOT_DOT, rejection("/tftpboot/../etc/passwd"));
        assertEquals(PathRejection.DOT_DOT, rejection("/tftpboot/%2e%2e/etc/passwd"));
        assertEquals(PathRejection.DOT_DOT, rejection("/tftpboot/%2E%2e/x"));
        assertEquals(PathRejection.DOT_DOT, rejection("/tftpboot/.%2e/x"));
        assertEquals(PathRejection.DOT_DOT, rejection("/tftpboot/sub/../file"), "even when it would stay inside");
        assertEquals(PathRejection.ENCODED_SLASH, rejection("/tftpboot/..%2fetc%2fpasswd"));
        assertEquals(PathRejection.ENCODED_SLASH, rejection("/tftpboot/%2Fetc%2Fpasswd"));
        assertEquals(PathRejection.CONTROL_CHARACTER, rejection("/tftpboot/pxelinux.0%00.txt"));
        assertEquals(PathRejection.CONTROL_CHARACTER, rejection("/tftpboot/a%0d%0aSet-Cookie:x"));
        assertEquals(PathRejection.CONTROL_CHARACTER, rejection("/tftpboot/a\u0001"));
        assertEquals(PathRejection.CONTROL_CHARACTER, rejection("/tftpboot/a%7f"));
        assertEquals(PathRejection.BAD_ESCAPE, rejection("/tftpboot/%zz"));
        assertEquals(PathRejection.BAD_ESCAPE, rejection("/tftpboot/%4"));
        assertEquals(PathRejection.BAD_ESCAPE, rejection("/tftpboot/%"));
        assertEquals(PathRejection.BAD_ESCAPE, rejection("/tftpboot/%\u0663\u0663"), "Arabic-Indic digits are not hex");
        assertEquals(PathRejection.BAD_UTF8, rejection("/tftpboot/%c0%ae%c0%ae/x"), "overlong UTF-8 dot");
        assertEquals(PathRejection.BAD_UTF8, rejection("/tftpboot/%ff"));
        assertEquals(PathRejection.MALFORMED_TARGET, rejection("/tftpboot/\u2215"));
        assertEquals(PathRejection.MALFORMED_TARGET, rejection("*"));
        assertEquals(PathRejection.MALFORMED_TARGET, rejection(""));
        assertEquals(PathRejection.MALFORMED_TARGET, rejection("tftpboot/x"));
    }

    @Test
    void overLongPathsAndNamesAreRefused() {
        assertEquals(PathRejection.TOO_LONG, rejection("/" + "a".repeat(256)));
        assertEquals(List.of("a".repeat(255)), parse("/" + "a".repeat(255)).segments());
        assertEquals(PathRejection.TOO_LONG, rejection("/%41" + "a".repeat(255)), "counted after decoding");
        assertEquals(PathRejection.TOO_LONG, rejection("/abcdefghi".repeat(103)));
        assertEquals(10 * 102, ("/abcdefghi".repeat(102)).length());
        parse("/abcdefghi".repeat(102));
        assertEquals(PathRejection.TOO_LONG, rejection("/" + "%C3%A9".repeat(128)), "limits are in bytes");
    }

    private Path resolve(String... segments) {
        try {
            return BootPaths.resolveFile(root.toRealPath(), List.of(segments));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private PathRejection resolveRejection(String... segments) {
        return assertThrows(PathRejectedException.class, () -> resolve(segments)).rejection;
    }

    @Test
    void filesResolveToRealPathsInsideTheRoot() throws IOException {
        assertEquals(root.toRealPath().resolve("sub/file.txt"), resolve("sub", "file.txt"));
        assertEquals(root.toRealPath().resolve("sub/file.txt"), resolve("in-file"), "links inside are followed");
    }

    @Test
    void symlinksLeavingTheRootAreRefused() {
        assertEquals(PathRejection.OUTSIDE_ROOT, resolveRejection("out-file"));
        assertEquals(PathRejection.OUTSIDE_ROOT, resolveRejection("out-relative"));
        assertEquals(PathRejection.OUTSIDE_ROOT, resolveRejection("out-dir", "secret.txt"));
    }

    @Test
    void directoriesMissingFilesAndLoopsAreNotFound() {
        assertEquals(PathRejection.DIRECTORY, resolveRejection("sub"));
        assertEquals(PathRejection.NOT_FOUND, resolveRejection("nope"));
        assertEquals(PathRejection.NOT_FOUND, resolveRejection("sub", "file.txt", "x"), "a file used as directory");
        assertEquals(PathRejection.NOT_FOUND, resolveRejection("loop"));
        assertEquals(PathRejection.NOT_FOUND, resolveRejection(dir.resolve("secret.txt").toString().substring(1)
                .split("/")), "an absolute path is looked up inside the root");
    }

    @Test
    void fifosAreRefusedBeforeTheyCanBlockAThread() throws Exception {
        Path fifo = root.resolve("fifo");
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("mkfifo not available: " + e.getMessage());
            return;
        }
        Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
        assertEquals(PathRejection.NOT_REGULAR_FILE, resolveRejection("fifo"));
    }
}
