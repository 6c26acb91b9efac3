package dev.netboot.cli.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only: the expected decoding of one DHCP packet, from tshark's {@code -T json -J dhcp}
 * output ({@code corpus/dhcp/*.tshark.json}), read with {@link OrderedJson} so that repeated keys
 * (one {@code dhcp.option.type} per option) survive.
 *
 * <pre>{@code
 * List<TsharkDhcpPacket> expected = TsharkDhcpPacket.loadResource("corpus/dhcp/nmap-discover.tshark.json");
 * TsharkDhcpPacket first = expected.get(0);
 * first.xid();                     // 0x4200df5a
 * first.field("dhcp.hw.mac_addr"); // "de:ad:c0:de:ca:fe"
 * first.options().get(0).code();   // 53, valueHex "01", field("dhcp.option.dhcp") "1"
 * }</pre>
 *
 * @param name    the file or resource read, for messages
 * @param index   0-based position of the packet in that file (tshark's JSON has no frame numbers)
 * @param header  the header fields (scalar members of the dhcp layer, and of {@code dhcp.flags_tree})
 *                as tshark printed them, in order, first occurrence kept
 * @param options the options in wire order, End included
 * @param padding {@code dhcp.option.padding} after End as lowercase hex, "" if absent
 * @param layer   the whole dhcp layer, for anything the other components do not expose
 */
record TsharkDhcpPacket(String name, int index, Map<String, String> header, List<TsharkDhcpOption> options,
        String padding, OrderedJson.Obj layer) {

    TsharkDhcpPacket {
        header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
        options = List.copyOf(options);
    }

    /** Loads a classpath resource such as {@code "corpus/dhcp/dhclient-dora.tshark.json"}. */
    static List<TsharkDhcpPacket> loadResource(String resource) {
        try (InputStream in = TsharkDhcpPacket.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a file. */
    static List<TsharkDhcpPacket> load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses tshark JSON text: an array of packets, each with {@code _source.layers.dhcp}. */
    static List<TsharkDhcpPacket> parse(String json, String name) {
        List<TsharkDhcpPacket> packets = new ArrayList<>();
        for (OrderedJson.Value element : OrderedJson.parse(json, name).asArray().elements()) {
            OrderedJson.Obj layers = element.asObject().first("_source").orElseThrow().asObject()
                    .first("layers").orElseThrow().asObject();
            OrderedJson.Obj dhcp = layers.first("dhcp")
                    .orElseThrow(() -> new IllegalStateException(name + ": packet " + packets.size() + " has no dhcp layer"))
                    .asObject();
            packets.add(of(name, packets.size(), dhcp));
        }
        return List.copyOf(packets);
    }

    private static TsharkDhcpPacket of(String name, int index, OrderedJson.Obj dhcp) {
        Map<String, String> header = new LinkedHashMap<>();
        List<TsharkDhcpOption> options = new ArrayList<>();
        String padding = "";
        List<OrderedJson.Member> members = dhcp.members();
        for (int i = 0; i < members.size(); i++) {
            OrderedJson.Member m = members.get(i);
            switch (m.key()) {
                case "dhcp.option.type" -> {
                    OrderedJson.Member tree = i + 1 < members.size() ? members.get(i + 1) : null;
                    if (tree == null || !tree.key().equals("dhcp.option.type_tree")) {
                        // tshark always follows a type with its tree; a bare type would be a different tshark.
                        throw new IllegalStateException(name + ": packet " + index + ": dhcp.option.type "
                                + m.value() + " without dhcp.option.type_tree");
                    }
                    options.add(TsharkDhcpOption.of(m.value().asString(), tree.value().asObject()));
                    i++;
                }
                case "dhcp.option.padding" -> padding = m.value().asString().replace(":", "");
                default -> {
                    if (m.value() instanceof OrderedJson.Str s) {
                        header.putIfAbsent(m.key(), s.value());
                    } else if (m.key().equals("dhcp.flags_tree")) {
                        for (OrderedJson.Member flag : m.value().asObject().members()) {
                            if (flag.value() instanceof OrderedJson.Str s) {
                                header.putIfAbsent(flag.key(), s.value());
                            }
                        }
                    }
                }
            }
        }
        return new TsharkDhcpPacket(name, index, header, options, padding, dhcp);
    }

    /** A header field as tshark printed it; an exception naming the packet if absent. */
    String field(String key) {
        String value = header.get(key);
        if (value == null) {
            throw new IllegalStateException(name + ": packet " + index + " has no " + key + " (has " + header.keySet() + ")");
        }
        return value;
    }

    /** {@code dhcp.type}: op, 1 request or 2 reply. */
    int op() {
        return Integer.parseInt(field("dhcp.type"));
    }

    /** {@code dhcp.hw.type}: htype. */
    int hardwareType() {
        return Integer.decode(field("dhcp.hw.type"));
    }

    /** {@code dhcp.hw.len}: hlen. */
    int hardwareLength() {
        return Integer.parseInt(field("dhcp.hw.len"));
    }

    /** {@code dhcp.hops}. */
    int hops() {
        return Integer.parseInt(field("dhcp.hops"));
    }

    /** {@code dhcp.id}: the transaction id. */
    long xid() {
        return Long.decode(field("dhcp.id"));
    }

    /** {@code dhcp.secs}. */
    int secs() {
        return Integer.parseInt(field("dhcp.secs"));
    }

    /** {@code dhcp.flags}. */
    int flags() {
        return Integer.decode(field("dhcp.flags"));
    }

    /** {@code dhcp.ip.client}: ciaddr, dotted quad. */
    String clientAddress() {
        return field("dhcp.ip.client");
    }

    /** {@code dhcp.ip.your}: yiaddr. */
    String yourAddress() {
        return field("dhcp.ip.your");
    }

    /** {@code dhcp.ip.server}: siaddr. */
    String serverAddress() {
        return field("dhcp.ip.server");
    }

    /** {@code dhcp.ip.relay}: giaddr. */
    String relayAddress() {
        return field("dhcp.ip.relay");
    }

    /** {@code dhcp.hw.mac_addr}: chaddr as colon-separated hex (Ethernet clients). */
    String clientMac() {
        return field("dhcp.hw.mac_addr");
    }

    /** {@code dhcp.server}: sname as text ("" when empty). */
    String serverName() {
        return field("dhcp.server");
    }

    /** {@code dhcp.file}: the boot file name as text. */
    String file() {
        return field("dhcp.file");
    }

    /** {@code dhcp.cookie}: the magic cookie as tshark prints it, "99.130.83.99". */
    String cookie() {
        return field("dhcp.cookie");
    }

    /** The first option with {@code code}, if any. */
    java.util.Optional<TsharkDhcpOption> option(int code) {
        return options.stream().filter(o -> o.code() == code).findFirst();
    }
}
