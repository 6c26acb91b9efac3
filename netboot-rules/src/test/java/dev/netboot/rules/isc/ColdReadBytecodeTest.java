package dev.netboot.rules.isc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.dhcp.DhcpMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The first read of a configuration in a fresh JVM (target: the reference dhcpd.conf in under
 * 20 ms) must not bootstrap invokedynamic string concatenation, which spins method handles for
 * about 9 ms the first time: the parent POM compiles with {@code -XDstringConcat=inline}. This
 * checks the compiled classes of this module and of netboot-dhcp (whose {@code Ipv4} the reader
 * calls), so that a module built without the flag fails here rather than only in a benchmark.
 */
class ColdReadBytecodeTest {
    private static final byte[] INDY_CONCAT = "makeConcatWithConstants".getBytes(StandardCharsets.US_ASCII);

    @Test
    void noInvokedynamicStringConcatenationInTheReaderOrTheCodec() throws IOException, URISyntaxException {
        for (Class<?> anchor : List.of(DhcpdConf.class, DhcpMessage.class)) {
            List<String> offenders = new ArrayList<>();
            int classes = forEachClass(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()),
                    (name, bytes) -> {
                        if (indexOf(bytes, INDY_CONCAT) >= 0) {
                            offenders.add(name);
                        }
                    });
            assertTrue(classes > 10, anchor.getPackageName() + ": only " + classes + " class files found");
            assertEquals(List.of(), offenders, "classes using invokedynamic string concatenation");
        }
    }

    private interface ClassVisitor {
        void visit(String name, byte[] bytes);
    }

    /** Visits every class file under a classes directory or in a jar; returns how many. */
    private static int forEachClass(Path location, ClassVisitor visitor) throws IOException {
        int n = 0;
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                    visitor.visit(location.relativize(f).toString(), Files.readAllBytes(f));
                    n++;
                }
            }
            return n;
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            for (JarEntry e : (Iterable<JarEntry>) jar.stream()::iterator) {
                if (e.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(e)) {
                        visitor.visit(e.getName(), in.readAllBytes());
                    }
                    n++;
                }
            }
        }
        return n;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
