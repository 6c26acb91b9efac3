package dev.netboot.rules.isc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** RFC 1035 wire encoding of a domain list, optionally with RFC 3397 compression pointers. */
final class DomainList {
    private DomainList() {}

    /**
     * Encodes {@code names}.
     *
     * @throws IllegalArgumentException for a name with an empty or over-long label
     */
    static byte[] encode(List<String> names, boolean compress) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, Integer> seen = new HashMap<>();
        for (String n : names) {
            String name = n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
            if (name.isEmpty()) {
                out.write(0);
                continue;
            }
            String[] labels = name.split("\\.", -1);
            for (int i = 0; i < labels.length; i++) {
                String suffix = String.join(".", java.util.Arrays.copyOfRange(labels, i, labels.length)).toLowerCase(java.util.Locale.ROOT);
                Integer ptr = compress ? seen.get(suffix) : null;
                if (ptr != null) {
                    out.write(0xc0 | (ptr >>> 8));
                    out.write(ptr & 0xff);
                    break;
                }
                if (compress && out.size() < 0x3fff) {
                    seen.put(suffix, out.size());
                }
                byte[] l = labels[i].getBytes(StandardCharsets.ISO_8859_1);
                if (l.length == 0 || l.length > 63) {
                    throw new IllegalArgumentException("invalid domain name '" + n + "': labels must have 1 to 63 characters");
                }
                out.write(l.length);
                out.writeBytes(l);
                if (i == labels.length - 1) {
                    out.write(0);
                }
            }
        }
        return out.toByteArray();
    }
}
