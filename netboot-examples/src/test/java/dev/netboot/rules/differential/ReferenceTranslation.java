package dev.netboot.rules.differential;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The verbatim reference configuration (test resources, copied from MISSION.md's
 * {@code docs/reference}) moved into the differential test's subnet: every seed address
 * {@code 192.168.2.N} becomes {@code 10.214.2.N} (so distinct seed addresses stay distinct), and
 * absolute {@code include} paths are rebased under the directory the files are written to, because
 * dhcpd has no include root. Nothing else changes: dhcpd and {@code DhcpdConf} read the very same
 * files. Stateless.
 */
final class ReferenceTranslation {
    static final String SEED_PREFIX = "192.168.2.";
    static final String TEST_PREFIX = "10.214.2.";
    /** The host name the reference uses for NTP; both sides resolve it to {@link #NTP_ADDRESS}. */
    static final String NTP_HOST = "ntp.home.kraxel.org";
    /** Not a seed address, so that a value taken from the wrong place cannot pass for it. */
    static final String NTP_ADDRESS = TEST_PREFIX + "123";
    static final List<String> FILES = List.of("etc/dhcp/dhcpd.conf", "etc/dhcp/home.4.dhcp.inc",
            "etc/dhcp/xeni.4.dhcp.inc");
    static final String MAIN = FILES.get(0);

    private static final String RESOURCES = "/dev/netboot/rules/differential/reference/";
    private static final Pattern SEED_ADDRESS = Pattern.compile("(?<![0-9.])192\\.168\\.2\\.(\\d{1,3})(?![0-9])");
    private static final Pattern ABSOLUTE_INCLUDE = Pattern.compile("(\\binclude\\s+\")(/[^\"]*\")");

    private ReferenceTranslation() {}

    /** The test-subnet address for a seed address ({@code 192.168.2.14} to {@code 10.214.2.14}). */
    static String address(String seed) {
        if (!seed.startsWith(SEED_PREFIX)) {
            throw new IllegalArgumentException("not a seed address: " + seed);
        }
        return TEST_PREFIX + seed.substring(SEED_PREFIX.length());
    }

    /** {@code text} with every seed address moved into the test subnet. */
    static String translateAddresses(String text) {
        return SEED_ADDRESS.matcher(text).replaceAll(m -> TEST_PREFIX + m.group(1));
    }

    /** Translates one file's text; absolute includes are rebased under {@code root}. */
    static String translate(String text, Path root) {
        String moved = translateAddresses(text);
        String base = root.toAbsolutePath().normalize().toString();
        return ABSOLUTE_INCLUDE.matcher(moved).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + base + m.group(2)));
    }

    /** The verbatim reference files, by their path under the reference root. */
    static Map<String, String> verbatim() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String f : FILES) {
            try (InputStream in = ReferenceTranslation.class.getResourceAsStream(RESOURCES + f)) {
                if (in == null) {
                    throw new IllegalStateException("test resource missing: " + RESOURCES + f);
                }
                out.put(f, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Writes the translated files under {@code root}; returns the main file. */
    static Path writeUnder(Path root) {
        try {
            for (Map.Entry<String, String> e : verbatim().entrySet()) {
                Path target = root.resolve(e.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, translate(e.getValue(), root), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root.resolve(MAIN);
    }
}
