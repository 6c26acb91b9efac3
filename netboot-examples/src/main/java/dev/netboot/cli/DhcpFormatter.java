package dev.netboot.cli;

import dev.netboot.dhcp.ClientArchitecture;
import dev.netboot.dhcp.DhcpCodecException;
import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.DhcpProblem;
import dev.netboot.dhcp.Ipv4;
import dev.netboot.dhcp.MessageType;
import dev.netboot.dhcp.option.OptionCodec;
import dev.netboot.dhcp.option.OptionKey;
import dev.netboot.dhcp.option.OptionRegistry;
import dev.netboot.dhcp.option.SubOption;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a decoded DHCP message as Wireshark-style text or as one JSON object, every option typed
 * where the registry knows it and as hex otherwise. Stateless and thread-safe.
 */
final class DhcpFormatter {
    private static final HexFormat HEX = HexFormat.ofDelimiter(":");

    private DhcpFormatter() {}

    /** One option, decoded: its typed value (or null when unknown or malformed) and its text. */
    record DecodedOption(int code, String name, int length, byte[] raw, Object value, String text, String error) {}

    static List<DecodedOption> options(DhcpMessage m) {
        OptionRegistry registry = m.registry();
        List<DecodedOption> out = new ArrayList<>();
        for (int i = 0; i < m.optionCount(); i++) {
            int code = m.optionCode(i);
            byte[] raw = new byte[m.optionLength(i)];
            m.buffer().getBytes(m.optionValueIndex(i), raw);
            OptionKey<?> key = registry.keyOrNull(code);
            Object value = null;
            String text = HEX.formatHex(raw);
            String error = null;
            if (key != null) {
                try {
                    // Each part of a split option is shown as it is on the wire; the typed value of
                    // the joined option is shown on its first part.
                    boolean first = m.indexOf(code) == i;
                    if (first) {
                        value = m.optionOrNull(key);
                        text = format(key, value);
                    } else {
                        text = "(continued) " + text;
                    }
                } catch (DhcpCodecException e) {
                    error = e.getMessage();
                }
            }
            out.add(new DecodedOption(code, registry.name(code), raw.length, raw, value, text, error));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> String format(OptionKey<T> key, Object value) {
        OptionCodec<T> codec = key.codec();
        return codec.format((T) value);
    }

    static String text(String title, DhcpMessage m) {
        StringBuilder sb = new StringBuilder();
        MessageType type = m.messageType();
        sb.append(title).append('\n');
        sb.append("Dynamic Host Configuration Protocol").append(type != null ? " (" + type.displayName() + ")" : m.hasMagicCookie() ? "" : " (BOOTP)").append('\n');
        line(sb, "Message type", m.op() == 1 ? "Boot Request (1)" : m.op() == 2 ? "Boot Reply (2)" : "Unknown (" + m.op() + ")");
        line(sb, "Hardware type", m.htype() == 1 ? "Ethernet (0x01)" : String.format("0x%02x", m.htype()));
        line(sb, "Hardware address length", Integer.toString(m.hlen()));
        line(sb, "Hops", Integer.toString(m.hops()));
        line(sb, "Transaction ID", String.format("0x%08x", m.xid()));
        line(sb, "Seconds elapsed", Integer.toString(m.secs()));
        line(sb, "Bootp flags", String.format("0x%04x (%s)", m.flags(), m.broadcast() ? "Broadcast" : "Unicast"));
        line(sb, "Client IP address", Ipv4.format(m.ciaddr()));
        line(sb, "Your (client) IP address", Ipv4.format(m.yiaddr()));
        line(sb, "Next server IP address", Ipv4.format(m.siaddr()));
        line(sb, "Relay agent IP address", Ipv4.format(m.giaddr()));
        line(sb, m.htype() == 1 && m.hlen() == 6 ? "Client MAC address" : "Client hardware address", m.chaddrString());
        String sname = m.sname();
        sb.append("    ").append(m.overload() >= 2 ? "Server host name field carries options"
                : sname.isEmpty() ? "Server host name not given" : "Server host name: " + sname).append('\n');
        String file = m.file();
        sb.append("    ").append((m.overload() & 1) != 0 ? "Boot file name field carries options"
                : file.isEmpty() ? "Boot file name not given" : "Boot file name: " + file).append('\n');
        if (m.hasMagicCookie()) {
            line(sb, "Magic cookie", "DHCP");
        }
        for (DecodedOption o : options(m)) {
            sb.append("    Option: (").append(o.code()).append(") ").append(o.name()).append(", length ").append(o.length())
                    .append(": ").append(o.error() != null ? "MALFORMED: " + o.error() + " [" + HEX.formatHex(o.raw()) + "]" : o.text())
                    .append('\n');
        }
        for (DhcpProblem p : m.problems()) {
            sb.append("    Malformed: ").append(p).append('\n');
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, String value) {
        sb.append("    ").append(name).append(": ").append(value).append('\n');
    }

    static Map<String, Object> json(DhcpMessage m) {
        Map<String, Object> o = new LinkedHashMap<>();
        MessageType type = m.messageType();
        o.put("op", m.op());
        o.put("htype", m.htype());
        o.put("hlen", m.hlen());
        o.put("hops", m.hops());
        o.put("xid", String.format("0x%08x", m.xid()));
        o.put("secs", m.secs());
        o.put("flags", String.format("0x%04x", m.flags()));
        o.put("ciaddr", Ipv4.format(m.ciaddr()));
        o.put("yiaddr", Ipv4.format(m.yiaddr()));
        o.put("siaddr", Ipv4.format(m.siaddr()));
        o.put("giaddr", Ipv4.format(m.giaddr()));
        o.put("chaddr", m.chaddrString());
        o.put("sname", m.sname());
        o.put("file", m.file());
        o.put("message-type", type == null ? null : type.name());
        List<Object> options = new ArrayList<>();
        for (DecodedOption d : options(m)) {
            Map<String, Object> opt = new LinkedHashMap<>();
            opt.put("code", d.code());
            opt.put("name", d.name());
            opt.put("length", d.length());
            opt.put("value", d.error() != null || d.value() == null ? HEX.formatHex(d.raw()) : jsonValue(d.value()));
            if (d.error() != null) {
                opt.put("error", d.error());
            }
            options.add(opt);
        }
        o.put("options", options);
        List<Object> problems = new ArrayList<>();
        for (DhcpProblem p : m.problems()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("field", p.field());
            pm.put("offset", p.offset());
            pm.put("raw", p.rawHex());
            pm.put("reason", p.reason());
            problems.add(pm);
        }
        if (!problems.isEmpty()) {
            o.put("problems", problems);
        }
        return o;
    }

    /** Typed values as JSON-friendly objects: numbers, strings, arrays, objects. */
    static Object jsonValue(Object v) {
        if (v instanceof Number || v instanceof Boolean || v instanceof String) {
            return v;
        }
        if (v instanceof InetAddress a) {
            return a.getHostAddress();
        }
        if (v instanceof MessageType t) {
            return t.name();
        }
        if (v instanceof ClientArchitecture a) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", a.code());
            m.put("name", a.description());
            return m;
        }
        if (v instanceof SubOption s) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", s.code());
            m.put("value", HEX.formatHex(s.value()));
            return m;
        }
        if (v instanceof byte[] b) {
            return HEX.formatHex(b);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object e : l) {
                out.add(jsonValue(e));
            }
            return out;
        }
        if (v instanceof dev.netboot.dhcp.option.ClasslessRoute) {
            return v.toString();
        }
        if (v instanceof Record r) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (var c : r.getClass().getRecordComponents()) {
                try {
                    m.put(c.getName(), jsonValue(c.getAccessor().invoke(r)));
                } catch (ReflectiveOperationException e) {
                    m.put(c.getName(), String.valueOf(e));
                }
            }
            return m;
        }
        return v.toString();
    }
}
