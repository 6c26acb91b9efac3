package dev.netboot.cli.capture;

import java.util.List;
import java.util.Optional;

/**
 * Test-only: one DHCP option as tshark 4.0 decoded it ({@code dhcp.option.type} and its
 * {@code dhcp.option.type_tree}).
 *
 * <p>tshark labels the End option {@code "dhcp.option.type": "0"} with a tree holding only
 * {@code "dhcp.option.end": "255"}; RFC 2132 says End is code 255, so {@link #code()} is 255 for it
 * and {@link #tsharkType()} keeps what tshark printed.
 *
 * @param code       the option code on the wire (255 for End)
 * @param tsharkType the value of {@code dhcp.option.type} as printed
 * @param length     {@code dhcp.option.length} (0 for End)
 * @param valueHex   {@code dhcp.option.value}: lowercase hex, no separators ("" for End or empty values)
 * @param fields     the typed sub-fields tshark gave, in order, duplicates kept (for example 64
 *                   {@code dhcp.option.request_list_item} members); excludes length and value
 */
record TsharkDhcpOption(int code, String tsharkType, int length, String valueHex, List<OrderedJson.Member> fields) {

    TsharkDhcpOption {
        fields = List.copyOf(fields);
    }

    /** Whether this is the End option. */
    boolean isEnd() {
        return code == 255;
    }

    /** The first string value of sub-field {@code key} ("dhcp.option.vendor_class_id", ...). */
    Optional<String> field(String key) {
        return fields.stream().filter(m -> m.key().equals(key) && m.value() instanceof OrderedJson.Str)
                .map(m -> m.value().asString()).findFirst();
    }

    /** Every string value of sub-field {@code key}, in order. */
    List<String> fieldValues(String key) {
        return fields.stream().filter(m -> m.key().equals(key) && m.value() instanceof OrderedJson.Str)
                .map(m -> m.value().asString()).toList();
    }

    static TsharkDhcpOption of(String tsharkType, OrderedJson.Obj tree) {
        if (tree.first("dhcp.option.end").isPresent()) {
            int code = Integer.parseInt(tree.string("dhcp.option.end"));
            return new TsharkDhcpOption(code, tsharkType, 0, "", List.of());
        }
        int length = Integer.parseInt(tree.string("dhcp.option.length"));
        String value = tree.first("dhcp.option.value").map(OrderedJson.Value::asString).orElse("")
                .replace(":", "").toLowerCase(java.util.Locale.ROOT);
        List<OrderedJson.Member> fields = tree.members().stream()
                .filter(m -> !m.key().equals("dhcp.option.length") && !m.key().equals("dhcp.option.value"))
                .toList();
        return new TsharkDhcpOption(Integer.parseInt(tsharkType), tsharkType, length, value, fields);
    }
}
