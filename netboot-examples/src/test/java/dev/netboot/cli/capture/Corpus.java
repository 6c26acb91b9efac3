package dev.netboot.cli.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Test-only: where the copied captures live (test resources; never /work/shared). */
final class Corpus {
    private Corpus() {}

    /** A folder of test resources, such as {@code "corpus/dhcp"}. */
    static Path resourceDir(String name) {
        URL url = Corpus.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("no test resource folder " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path dhcp() {
        return resourceDir("corpus/dhcp");
    }

    static Path handmade() {
        return resourceDir("corpus/handmade");
    }

    /** The corpus DHCP captures, sorted by name. */
    static List<Path> dhcpCaptures() {
        try (Stream<Path> files = Files.list(dhcp())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".pcap")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tshark expectations beside {@code capture}. */
    static Path expectationsOf(Path capture) {
        String name = capture.getFileName().toString();
        return capture.resolveSibling(name.substring(0, name.length() - ".pcap".length()) + ".tshark.json");
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
