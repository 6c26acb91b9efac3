package dev.netboot.rules.hosts;

import dev.netboot.dhcp.Ipv4;
import dev.netboot.rules.Declaration;
import dev.netboot.rules.Origin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A hosts table: one line per machine with its host name, MAC and IP address (CSV with a header
 * naming the columns {@code hostname}, {@code mac}, {@code ip} in any order; blank lines and
 * {@code #} comments are skipped). Turns into host declarations for a rule set, a dhcpd include
 * file, and forward and reverse BIND zone records, so that names, MACs and addresses live in one
 * place. Immutable and thread-safe.
 */
public final class HostsTable {
    /**
     * One machine.
     *
     * @param hostname the host name (letters, digits, inner hyphens)
     * @param mac the Ethernet address, 6 bytes
     * @param address the IPv4 address as a big-endian int
     * @param origin the line it comes from
     */
    public record Entry(String hostname, byte[] mac, int address, Origin origin) {
        /** Validates and copies. */
        public Entry {
            Objects.requireNonNull(hostname, "hostname");
            mac = mac.clone();
            Objects.requireNonNull(origin, "origin");
        }

        /** A copy of the MAC. */
        @Override
        public byte[] mac() {
            return mac.clone();
        }

        /** {@code 10:60:4b:11:71:34}. */
        public String macString() {
            StringBuilder sb = new StringBuilder();
            for (byte b : mac) {
                sb.append(sb.length() == 0 ? "" : ":").append(String.format("%02x", b & 0xff));
            }
            return sb.toString();
        }

        /** {@code 192.168.2.53}. */
        public String addressString() {
            return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && e.hostname.equals(hostname) && Arrays.equals(e.mac, mac) && e.address == address;
        }

        @Override
        public int hashCode() {
            return Objects.hash(hostname, Arrays.hashCode(mac), address);
        }

        @Override
        public String toString() {
            return hostname + "," + macString() + "," + addressString();
        }
    }

    private final List<Entry> entries;

    private HostsTable(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Reads a hosts table file.
     *
     * @throws HostsTableException for malformed content, with file, line and column
     * @throws UncheckedIOException if the file cannot be read
     */
    public static HostsTable read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses hosts table text; {@code fileName} is used in errors.
     *
     * @throws HostsTableException for malformed content, with file, line and column
     */
    public static HostsTable parse(String text, String fileName) {
        String[] lines = text.split("\r?\n", -1);
        int[] columns = null;
        List<Entry> out = new ArrayList<>();
        Map<String, Entry> byName = new HashMap<>();
        Map<String, Entry> byMac = new HashMap<>();
        Map<Integer, Entry> byIp = new HashMap<>();
        for (int ln = 0; ln < lines.length; ln++) {
            String line = lines[ln];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            List<int[]> spans = split(line);
            if (columns == null) {
                columns = header(line, spans, fileName, ln + 1);
                continue;
            }
            int need = Math.max(columns[0], Math.max(columns[1], columns[2])) + 1;
            if (spans.size() < need) {
                throw new HostsTableException(Origin.of(fileName, ln + 1, line.length() + 1),
                        "expected " + need + " fields, found " + spans.size());
            }
            String name = field(line, spans.get(columns[0]));
            Origin nameAt = Origin.of(fileName, ln + 1, spans.get(columns[0])[0] + 1);
            if (!validHostName(name)) {
                throw new HostsTableException(nameAt, "invalid host name '" + name + "'");
            }
            String macText = field(line, spans.get(columns[1]));
            Origin macAt = Origin.of(fileName, ln + 1, spans.get(columns[1])[0] + 1);
            byte[] mac = parseMac(macText);
            if (mac == null) {
                throw new HostsTableException(macAt, "invalid MAC address '" + macText + "'");
            }
            String ipText = field(line, spans.get(columns[2]));
            Origin ipAt = Origin.of(fileName, ln + 1, spans.get(columns[2])[0] + 1);
            long ip = Ipv4.tryParse(ipText);
            if (ip < 0) {
                throw new HostsTableException(ipAt, "invalid IPv4 address '" + ipText + "'");
            }
            Entry e = new Entry(name, mac, (int) ip, Origin.of(fileName, ln + 1, 1));
            duplicate(byName.putIfAbsent(name.toLowerCase(Locale.ROOT), e), nameAt, "host name " + name);
            duplicate(byMac.putIfAbsent(e.macString(), e), macAt, "MAC " + e.macString());
            duplicate(byIp.putIfAbsent((int) ip, e), ipAt, "address " + e.addressString());
            out.add(e);
        }
        if (columns == null) {
            throw new HostsTableException(Origin.of(fileName, 1, 1), "missing header line 'hostname,mac,ip'");
        }
        return new HostsTable(out);
    }

    private static void duplicate(Entry first, Origin at, String what) {
        if (first != null) {
            throw new HostsTableException(at, "duplicate " + what + " (first on line " + first.origin().line() + ")");
        }
    }

    private static int[] header(String line, List<int[]> spans, String file, int ln) {
        int[] cols = {-1, -1, -1};
        String[] names = {"hostname", "mac", "ip"};
        for (int i = 0; i < spans.size(); i++) {
            String h = field(line, spans.get(i)).toLowerCase(Locale.ROOT);
            for (int k = 0; k < 3; k++) {
                if (h.equals(names[k])) {
                    cols[k] = i;
                }
            }
        }
        for (int k = 0; k < 3; k++) {
            if (cols[k] < 0) {
                throw new HostsTableException(Origin.of(file, ln, 1), "header has no '" + names[k] + "' column");
            }
        }
        return cols;
    }

    /** Field spans [start, end) split at commas. */
    private static List<int[]> split(String line) {
        List<int[]> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == ',') {
                int s = start;
                int e = i;
                while (s < e && Character.isWhitespace(line.charAt(s))) {
                    s++;
                }
                while (e > s && Character.isWhitespace(line.charAt(e - 1))) {
                    e--;
                }
                out.add(new int[] {s, e});
                start = i + 1;
            }
        }
        return out;
    }

    private static String field(String line, int[] span) {
        String f = line.substring(span[0], span[1]);
        return f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"") ? f.substring(1, f.length() - 1) : f;
    }

    private static boolean validHostName(String s) {
        if (s.isEmpty() || s.length() > 63 || s.startsWith("-") || s.endsWith("-")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static byte[] parseMac(String s) {
        String[] parts = s.split("[:\\-]", -1);
        if (parts.length != 6) {
            return null;
        }
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 2) {
                return null;
            }
            try {
                out[i] = (byte) Integer.parseInt(parts[i], 16);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return out;
    }

    /** The entries in file order. */
    public List<Entry> entries() {
        return entries;
    }

    /** One host declaration per entry (Ethernet address, fixed address), for a rule model. */
    public List<Declaration.Host> toHosts() {
        List<Declaration.Host> out = new ArrayList<>();
        for (Entry e : entries) {
            out.add(new Declaration.Host(e.hostname(), 1, e.mac, null, List.of(e.address()), List.of(), e.origin()));
        }
        return List.copyOf(out);
    }

    /** A dhcpd include file with one {@code host} declaration per entry. */
    public String toDhcpdInclude() {
        StringBuilder sb = new StringBuilder("# Generated from the hosts table (hostname, mac, ip): static addresses by MAC.\n");
        for (Entry e : entries) {
            sb.append("host ").append(e.hostname()).append(" {\n")
                    .append("        hardware ethernet ").append(e.macString()).append(";\n")
                    .append("        fixed-address ").append(e.addressString()).append(";\n")
                    .append("}\n");
        }
        return sb.toString();
    }

    /** Forward zone records ({@code NAME IN A ADDRESS}) under {@code $ORIGIN domain.}. */
    public String toForwardZone(String domain) {
        String origin = domain.endsWith(".") ? domain : domain + ".";
        StringBuilder sb = new StringBuilder("; Generated from the hosts table.\n$ORIGIN ").append(origin).append('\n');
        for (Entry e : entries) {
            sb.append(e.hostname()).append("\tIN\tA\t").append(e.addressString()).append('\n');
        }
        return sb.toString();
    }

    /**
     * Reverse zone records ({@code N IN PTR NAME.domain.}) for the entries inside {@code cidr}, whose
     * prefix length must be 8, 16 or 24; the {@code $ORIGIN} is the matching in-addr.arpa zone.
     */
    public String toReverseZone(String cidr, String domain) {
        int slash = cidr.indexOf('/');
        long net = slash < 0 ? -1 : Ipv4.tryParse(cidr.substring(0, slash));
        int len = slash < 0 ? -1 : Integer.parseInt(cidr.substring(slash + 1));
        if (net < 0 || (len != 8 && len != 16 && len != 24)) {
            throw new IllegalArgumentException("expected a.b.c.d/8, /16 or /24, got " + cidr);
        }
        int mask = -1 << (32 - len);
        int octets = len / 8;
        StringBuilder origin = new StringBuilder();
        for (int i = octets - 1; i >= 0; i--) {
            origin.append((net >>> (24 - 8 * i)) & 0xff).append('.');
        }
        origin.append("in-addr.arpa.");
        String d = domain.endsWith(".") ? domain : domain + ".";
        StringBuilder sb = new StringBuilder("; Generated from the hosts table.\n$ORIGIN ").append(origin).append('\n');
        for (Entry e : entries) {
            if ((e.address() & mask) != (int) (net & mask)) {
                continue;
            }
            StringBuilder rel = new StringBuilder();
            for (int i = 3; i >= octets; i--) {
                rel.append(rel.length() == 0 ? "" : ".").append((e.address() >>> (24 - 8 * i)) & 0xff);
            }
            sb.append(rel).append("\tIN\tPTR\t").append(e.hostname()).append('.').append(d).append('\n');
        }
        return sb.toString();
    }
}
