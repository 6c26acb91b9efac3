package dev.netboot.server.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Confinement under arbitrary request targets: nothing outside the root is ever resolved. */
class BootPathsProperties {
    private static Path dir;
    private static Path realRoot;

    @BeforeContainer
    static void tree() throws IOException {
        dir = Files.createTempDirectory("bootpaths");
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(root.resolve("sub"));
        Files.writeString(root.resolve("sub/file"), "inside");
        Files.writeString(root.resolve("a"), "inside");
        Files.writeString(dir.resolve("secret"), "outside");
        Files.createDirectories(dir.resolve("outdir"));
        Files.writeString(dir.resolve("outdir/secret"), "outside");
        Files.createSymbolicLink(root.resolve("out"), dir.resolve("secret"));
        Files.createSymbolicLink(root.resolve("outd"), dir.resolve("outdir"));
        Files.createSymbolicLink(root.resolve("in"), Path.of("sub"));
        realRoot = root.toRealPath();
    }

    @AfterContainer
    static void clean() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Provide
    Arbitrary<String> targets() {
        Arbitrary<String> token = Arbitraries.of("a", "sub", "file", "secret", "outdir", "out", "outd", "in", "root",
                "..", ".", "%2e", "%2E", "%2e%2e", ".%2e", "%2f", "%2F", "%00", "%", "%25", "%252e", "/", "//", "\\",
                "%c0%ae", "%ff", "%C3%A9", "?", "#", "x");
        return token.list().ofMaxSize(12).map(l -> "/" + String.join("", l));
    }

    @Property(tries = 3000)
    void nothingOutsideTheRootIsEverResolved(@ForAll("targets") String target) {
        List<String> segments;
        try {
            segments = BootPaths.parse(target, HttpLimits.DEFAULT).segments();
        } catch (PathRejectedException e) {
            return;
        }
        for (String s : segments) {
            assertFalse(s.isEmpty() || s.equals(".") || s.equals("..") || s.indexOf('/') >= 0 || s.indexOf(0) >= 0,
                    target + " -> " + segments);
        }
        Path file;
        try {
            file = BootPaths.resolveFile(realRoot, segments);
        } catch (PathRejectedException e) {
            return;
        }
        assertTrue(file.startsWith(realRoot) && Files.isRegularFile(file), target + " -> " + file);
    }

    @Property(tries = 3000)
    void anyStringIsParsedOrRefusedWithAReason(@ForAll String target) {
        try {
            BootPaths.parse("/" + target, HttpLimits.DEFAULT);
        } catch (PathRejectedException e) {
            assertTrue(e.rejection.status >= 400 && e.rejection.status < 500);
        }
    }
}
