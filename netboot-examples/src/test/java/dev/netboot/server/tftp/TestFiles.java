package dev.netboot.server.tftp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Test files of deterministic random content, and their digests. */
final class TestFiles {
    /** The sizes every real-peer test transfers: empty, around 512, one 1468 block, 64 KiB, 1 MiB. */
    static final List<Integer> SIZES = List.of(0, 511, 512, 513, 1468, 65536, 1 << 20);

    private TestFiles() {}

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < size; i += 8) {
            long v = r.nextLong();
            for (int j = 0; j < 8 && i + j < size; j++) {
                b[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return b;
    }

    /** Writes {@code size} random bytes to {@code dir/name}; returns the file. */
    static Path create(Path dir, String name, int size) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, random(size, name.hashCode() * 31L + size));
        return p;
    }

    /** Writes a file of {@code size} bytes in 1 MiB pieces (for files too big for one array). */
    static Path createLarge(Path dir, String name, long size) throws IOException {
        Path p = dir.resolve(name);
        try (var out = Files.newOutputStream(p)) {
            long left = size;
            long seed = 7;
            while (left > 0) {
                int n = (int) Math.min(left, 1 << 20);
                out.write(random(n, seed++));
                left -= n;
            }
        }
        return p;
    }

    static String sha256(byte[] data) {
        return HexFormat.of().formatHex(digest().digest(data));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest d = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Names of the files in {@code dir} (not recursive), sorted. */
    static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
