package dev.netboot.server.tftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.tftp.TftpErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathResolverTest {
    @TempDir
    Path tmp;
    Path root;
    PathResolver resolver;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/file.txt"), "inside");
        Files.writeString(tmp.resolve("secret.txt"), "outside");
        resolver = new PathResolver(root, true, 512);
    }

    private static TftpErrorCode refusal(Runnable r) {
        return assertThrows(RequestRefused.class, r::run).code();
    }

    @Test
    void leadingSlashesDotsAndEmptySegmentsMapIntoTheRoot() {
        assertEquals("sub/file.txt", resolver.normalize("/sub/file.txt"));
        assertEquals("sub/file.txt", resolver.normalize("//sub/./file.txt"));
        assertEquals("sub/file.txt", resolver.normalize("\\sub\\file.txt"));
        assertEquals(root.resolve("sub/file.txt"), resolver.resolveExisting(resolver.normalize("/sub/file.txt")));
    }

    @Test
    void backslashesStayLiteralUnlessMapped() {
        PathResolver literal = new PathResolver(root, false, 512);
        assertEquals("sub\\file.txt", literal.normalize("sub\\file.txt"));
        assertEquals(TftpErrorCode.FILE_NOT_FOUND, refusal(() -> literal.resolveExisting("sub\\file.txt")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../secret.txt", "/../secret.txt", "sub/../../secret.txt", "sub/..", "a/../b",
        "..\\secret.txt", "sub\\..\\..\\secret.txt"})
    void dotDotIsRefusedAnywhere(String name) {
        assertEquals(TftpErrorCode.ACCESS_VIOLATION, refusal(() -> resolver.normalize(name)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0001b", "tab\there", "new\nline", "del\u007f", "/", "///", "./."})
    void controlCharactersAndTheRootItselfAreRefused(String name) {
        assertEquals(TftpErrorCode.ACCESS_VIOLATION, refusal(() -> resolver.normalize(name)));
    }

    @Test
    void overLongNamesAndComponentsAreRefused() {
        assertEquals(TftpErrorCode.ACCESS_VIOLATION, refusal(() -> resolver.normalize("a".repeat(513))));
        String longest = "d".repeat(255) + "/" + "e".repeat(255) + "/f";
        assertEquals(513, longest.length());
        assertEquals(longest, new PathResolver(root, false, 513).normalize(longest));
        assertEquals(TftpErrorCode.ACCESS_VIOLATION, refusal(() -> resolver.normalize("b".repeat(256))));
        assertEquals("c".repeat(255), resolver.normalize("c".repeat(255)));
    }

    @Test
    void absolutePathsOutsideTheRootAreLookedUpInsideIt() {
        String outside = tmp.resolve("secret.txt").toString();
        assertEquals(TftpErrorCode.FILE_NOT_FOUND, refusal(() -> resolver.resolveExisting(resolver.normalize(outside))));
    }

    @Test
    void symbolicLinksLeavingTheRootAreRefusedAndThoseInsideFollowed() throws IOException {
        Files.createSymbolicLink(root.resolve("escape"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("escdir"), tmp);
        Files.createSymbolicLink(root.resolve("inside"), root.resolve("sub/file.txt"));
        assertEquals(TftpErrorCode.ACCESS_VIOLATION, refusal(() -> resolver.resolveExisting("escape")));
        assertEquals(TftpErrorCode.ACCESS_VIOLATION, refusal(() -> resolver.resolveExisting("escdir/secret.txt")));
        assertEquals(root.resolve("sub/file.txt"), resolver.resolveExisting("inside"));
    }

    @Test
    void directoriesMissingFilesAndFilesUsedAsDirectoriesAreNotFound() {
        assertEquals(TftpErrorCode.FILE_NOT_FOUND, refusal(() -> resolver.resolveExisting("sub")));
        assertEquals(TftpErrorCode.FILE_NOT_FOUND, refusal(() -> resolver.resolveExisting("missing")));
        assertEquals(TftpErrorCode.FILE_NOT_FOUND, refusal(() -> resolver.resolveExisting("sub/file.txt/x")));
    }

    @Test
    void specialFilesAreRefused() throws Exception {
        Path fifo = root.resolve("fifo");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "mkfifo not available");
        assertEquals(TftpErrorCode.ACCESS_VIOLATION, refusal(() -> resolver.resolveExisting("fifo")));
    }

    @Test
    void writesNeedAnExistingParentInsideTheRootAndRespectOverwrite() throws IOException {
        assertEquals(root.resolve("sub/new.bin"), resolver.resolveForWrite("sub/new.bin", false));
        assertEquals(TftpErrorCode.ACCESS_VIOLATION, refusal(() -> resolver.resolveForWrite("nodir/new.bin", false)));
        assertEquals(TftpErrorCode.FILE_EXISTS, refusal(() -> resolver.resolveForWrite("sub/file.txt", false)));
        assertEquals(root.resolve("sub/file.txt"), resolver.resolveForWrite("sub/file.txt", true));
        Files.createSymbolicLink(root.resolve("outdir"), tmp);
        assertEquals(TftpErrorCode.ACCESS_VIOLATION, refusal(() -> resolver.resolveForWrite("outdir/x", true)));
        Files.createSymbolicLink(root.resolve("link"), tmp.resolve("secret.txt"));
        assertEquals(TftpErrorCode.ACCESS_VIOLATION, refusal(() -> resolver.resolveForWrite("link", true)));
        assertEquals("outside", Files.readString(tmp.resolve("secret.txt")));
    }

    @Test
    void theRootMustBeADirectory() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertThrows(IllegalArgumentException.class, () -> new PathResolver(file, false, 10));
        assertThrows(IllegalArgumentException.class, () -> new PathResolver(tmp.resolve("nope"), false, 10));
        assertTrue(resolver.root().isAbsolute());
    }
}
