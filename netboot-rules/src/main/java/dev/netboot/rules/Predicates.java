package dev.netboot.rules;

import dev.netboot.dhcp.Ipv4;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The closed set of built-in predicates: architecture, vendor and user class, iPXE, options,
 * hardware address, relay agent, interface, {@code known} and class membership, combined with
 * {@link #and}, {@link #or} and {@link #not}. None allocates when tested. Thread-safe.
 */
public final class Predicates {
    private Predicates() {}

    /** Always true. */
    public static Predicate always() {
        return Always.TRUE;
    }

    /** Always false. */
    public static Predicate never() {
        return Always.FALSE;
    }

    /** True if any element of option 93 equals one of {@code codes} (IANA architecture types). */
    public static Predicate archIs(int... codes) {
        return new ArchIs(codes.clone());
    }

    /** True if option 60 equals {@code value} exactly. */
    public static Predicate vendorClassIs(String value) {
        return new OptionEquals(ClientFacts.OPT_VENDOR_CLASS, Bytes.ascii(value), "vendor-class = \"" + value + "\"");
    }

    /** True if option 60 starts with {@code prefix} (e.g. {@code U-Boot.armv8} also matches board suffixes). */
    public static Predicate vendorClassStartsWith(String prefix) {
        return new OptionPrefix(ClientFacts.OPT_VENDOR_CLASS, Bytes.ascii(prefix), false,
                "vendor-class starts with \"" + prefix + "\"");
    }

    /** True if option 60 starts with {@code prefix}, ignoring ASCII case ({@code U-boot} vs {@code U-Boot}). */
    public static Predicate vendorClassStartsWithIgnoreCase(String prefix) {
        return new OptionPrefix(ClientFacts.OPT_VENDOR_CLASS, Bytes.ascii(prefix), true,
                "vendor-class starts with (any case) \"" + prefix + "\"");
    }

    /** True if some part of option 60 matches the regular expression (allocates when tested). */
    public static Predicate vendorClassMatches(String regex) {
        return new OptionRegex(ClientFacts.OPT_VENDOR_CLASS, Pattern.compile(regex), "vendor-class ~= \"" + regex + "\"");
    }

    /** True if option 60 has the PXEClient or HTTPClient form with {@code Arch:} equal to {@code arch}. */
    public static Predicate pxeArchIs(int arch) {
        return new VendorArch(arch);
    }

    /** True if the raw option 77, or one of its RFC 3004 items, equals {@code value}. */
    public static Predicate userClassIs(String value) {
        return new UserClassIs(Bytes.ascii(value), value);
    }

    /** True for iPXE clients: option 175 present, or user class {@code iPXE}. */
    public static Predicate isIpxe() {
        return Flag.IPXE;
    }

    /** True if option 60 starts with {@code PXEClient}. */
    public static Predicate isPxeClient() {
        return Flag.PXE_CLIENT;
    }

    /** True if option 60 starts with {@code HTTPClient}. */
    public static Predicate isHttpClient() {
        return Flag.HTTP_CLIENT;
    }

    /** True if the message came through a relay agent. */
    public static Predicate relayed() {
        return Flag.RELAYED;
    }

    /** True if a host declaration matched the client (ISC's {@code known}). */
    public static Predicate known() {
        return Flag.KNOWN;
    }

    /** True if option {@code code} is present. */
    public static Predicate optionExists(int code) {
        return new OptionExists(code);
    }

    /** True if option {@code code}'s raw bytes equal {@code value}. */
    public static Predicate optionEquals(int code, byte[] value) {
        return new OptionEquals(code, value.clone(), "option " + code + " = " + Bytes.display(value));
    }

    /** True if option {@code code}'s raw bytes start with {@code prefix}. */
    public static Predicate optionStartsWith(int code, byte[] prefix) {
        return new OptionPrefix(code, prefix.clone(), false, "option " + code + " starts with " + Bytes.display(prefix));
    }

    /** True if the client asked for option {@code code} in option 55. */
    public static Predicate requests(int code) {
        return new Requests(code);
    }

    /** True if the hardware address equals {@code mac} (e.g. {@code 52:54:00:12:34:56}). */
    public static Predicate macIs(String mac) {
        return new MacPrefix(Bytes.parseHexBytes(mac), true);
    }

    /** True if the hardware address starts with {@code prefix} (e.g. an OUI {@code b8:27:eb}). */
    public static Predicate macStartsWith(String prefix) {
        return new MacPrefix(Bytes.parseHexBytes(prefix), false);
    }

    /** True if the relay agent circuit-id equals {@code id}. */
    public static Predicate circuitIdIs(byte[] id) {
        return new RelayId(true, id.clone());
    }

    /** True if the relay agent remote-id equals {@code id}. */
    public static Predicate remoteIdIs(byte[] id) {
        return new RelayId(false, id.clone());
    }

    /** True if the message arrived on the named interface. */
    public static Predicate interfaceIs(String name) {
        return new InterfaceIs(name);
    }

    /** True if the client is a member of the class (classes are matched before scopes run). */
    public static Predicate memberOf(String className) {
        return new MemberOf(className);
    }

    /** True if all parts hold (short-circuit, left to right). */
    public static Predicate and(Predicate... parts) {
        return new And(parts.clone());
    }

    /** True if any part holds (short-circuit, left to right). */
    public static Predicate or(Predicate... parts) {
        return new Or(parts.clone());
    }

    /** True if {@code p} does not hold. */
    public static Predicate not(Predicate p) {
        return new Not(p);
    }

    // ------------------------------------------------------------------ implementations

    enum Always implements Predicate {
        TRUE, FALSE;

        @Override
        public boolean test(MatchContext ctx) {
            return this == TRUE;
        }

        @Override
        public String describe() {
            return this == TRUE ? "true" : "false";
        }
    }

    enum Flag implements Predicate {
        IPXE("ipxe"), PXE_CLIENT("pxe-client"), HTTP_CLIENT("http-client"), RELAYED("relayed"), KNOWN("known");

        private final String text;

        Flag(String text) {
            this.text = text;
        }

        @Override
        public boolean test(MatchContext ctx) {
            ClientFacts f = ctx.facts();
            return switch (this) {
                case IPXE -> f.isIpxe();
                case PXE_CLIENT -> f.isPxeClient();
                case HTTP_CLIENT -> f.isHttpClient();
                case RELAYED -> f.relayed();
                case KNOWN -> ctx.known();
            };
        }

        @Override
        public String describe() {
            return text;
        }

        @Override
        public String observe(MatchContext ctx) {
            ClientFacts f = ctx.facts();
            return switch (this) {
                case IPXE -> "option 175 " + (f.hasOption(175) ? "present" : "absent") + ", user-class "
                        + (f.hasUserClass() ? f.userClasses() : "absent");
                case PXE_CLIENT, HTTP_CLIENT -> "vendor-class " + (f.hasVendorClass() ? '"' + f.vendorClass() + '"' : "absent");
                case RELAYED -> "giaddr " + Ipv4.format(f.giaddr());
                case KNOWN -> ctx.known() ? "host " + ctx.hostName() : "no host declaration";
            };
        }
    }

    record ArchIs(int[] codes) implements Predicate {
        @Override
        public boolean test(MatchContext ctx) {
            ClientFacts f = ctx.facts();
            for (int c : codes) {
                if (f.hasArch(c)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String describe() {
            return "arch is " + (codes.length == 1 ? String.valueOf(codes[0]) : Arrays.toString(codes));
        }

        @Override
        public String observe(MatchContext ctx) {
            ClientFacts f = ctx.facts();
            if (f.archCount() == 0) {
                return "option 93 absent";
            }
            StringBuilder sb = new StringBuilder("option 93 = [");
            for (int i = 0; i < f.archCount(); i++) {
                sb.append(i == 0 ? "" : ", ").append(f.arch(i));
            }
            return sb.append(']').toString();
        }
    }

    record OptionExists(int code) implements Predicate {
        @Override
        public boolean test(MatchContext ctx) {
            return ctx.facts().hasOption(code);
        }

        @Override
        public String describe() {
            return "exists option " + code;
        }

        @Override
        public String observe(MatchContext ctx) {
            return observeOption(ctx, code);
        }
    }

    record OptionEquals(int code, byte[] value, String text) implements Predicate {
        @Override
        public boolean test(MatchContext ctx) {
            return ctx.facts().optionEquals(code, value);
        }

        @Override
        public String describe() {
            return text;
        }

        @Override
        public String observe(MatchContext ctx) {
            return observeOption(ctx, code);
        }
    }

    record OptionPrefix(int code, byte[] prefix, boolean ignoreCase, String text) implements Predicate {
        @Override
        public boolean test(MatchContext ctx) {
            ClientFacts f = ctx.facts();
            if (!ignoreCase) {
                return f.optionStartsWith(code, prefix);
            }
            if (f.optionLength(code) < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (lower(f.optionByte(code, i)) != lower(prefix[i] & 0xff)) {
                    return false;
                }
            }
            return true;
        }

        private static int lower(int c) {
            return c >= 'A' && c <= 'Z' ? c + 32 : c;
        }

        @Override
        public String describe() {
            return text;
        }

        @Override
        public String observe(MatchContext ctx) {
            return observeOption(ctx, code);
        }
    }

    record OptionRegex(int code, Pattern pattern, String text) implements Predicate {
        @Override
        public boolean test(MatchContext ctx) {
            byte[] v = ctx.facts().option(code);
            return v != null && pattern.matcher(new String(v, java.nio.charset.StandardCharsets.ISO_8859_1)).find();
        }

        @Override
        public String describe() {
            return text;
        }

        @Override
        public String observe(MatchContext ctx) {
            return observeOption(ctx, code);
        }
    }

    record VendorArch(int arch) implements Predicate {
        @Override
        public boolean test(MatchContext ctx) {
            return ctx.facts().vendorClassArch() == arch;
        }

        @Override
        public String describe() {
            return "vendor-class Arch:" + String.format("%05d", arch);
        }

        @Override
        public String observe(MatchContext ctx) {
            return observeOption(ctx, ClientFacts.OPT_VENDOR_CLASS);
        }
    }

    record UserClassIs(byte[] value, String text) implements Predicate {
        @Override
        public boolean test(MatchContext ctx) {
            return ctx.facts().userClassContains(value);
        }

        @Override
        public String describe() {
            return "user-class is \"" + text + "\"";
        }

        @Override
        public String observe(MatchContext ctx) {
            return observeOption(ctx, ClientFacts.OPT_USER_CLASS);
        }
    }

    record Requests(int code) implements Predicate {
        @Override
        public boolean test(MatchContext ctx) {
            return ctx.facts().requested(code);
        }

        @Override
        public String describe() {
            return "requests option " + code;
        }

        @Override
        public String observe(MatchContext ctx) {
            return observeOption(ctx, ClientFacts.OPT_PRL);
        }
    }

    record MacPrefix(byte[] bytes, boolean exact) implements Predicate {
        @Override
        public boolean test(MatchContext ctx) {
            ClientFacts f = ctx.facts();
            if (exact ? f.hardwareLength() != bytes.length : f.hardwareLength() < bytes.length) {
                return false;
            }
            for (int i = 0; i < bytes.length; i++) {
                if (f.chaddrByte(i) != (bytes[i] & 0xff)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String describe() {
            return (exact ? "mac is " : "mac starts with ") + Bytes.hex(bytes);
        }

        @Override
        public String observe(MatchContext ctx) {
            return "mac " + ctx.facts().mac();
        }
    }

    record RelayId(boolean circuit, byte[] id) implements Predicate {
        @Override
        public boolean test(MatchContext ctx) {
            return circuit ? ctx.facts().circuitIdEquals(id) : ctx.facts().remoteIdEquals(id);
        }

        @Override
        public String describe() {
            return (circuit ? "circuit-id = " : "remote-id = ") + Bytes.display(id);
        }

        @Override
        public String observe(MatchContext ctx) {
            byte[] v = circuit ? ctx.facts().circuitId() : ctx.facts().remoteId();
            return (circuit ? "circuit-id " : "remote-id ") + Bytes.display(v);
        }
    }

    record InterfaceIs(String name) implements Predicate {
        @Override
        public boolean test(MatchContext ctx) {
            return name.equals(ctx.facts().interfaceName());
        }

        @Override
        public String describe() {
            return "interface is " + name;
        }

        @Override
        public String observe(MatchContext ctx) {
            return "interface " + ctx.facts().interfaceName();
        }
    }

    record MemberOf(String className) implements Predicate {
        @Override
        public boolean test(MatchContext ctx) {
            return ctx.inClass(className);
        }

        @Override
        public String describe() {
            return "member of \"" + className + "\"";
        }
    }

    record And(Predicate[] parts) implements Predicate {
        @Override
        public boolean test(MatchContext ctx) {
            for (Predicate p : parts) {
                if (!p.test(ctx)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String describe() {
            return join(parts, " and ");
        }

        @Override
        public String observe(MatchContext ctx) {
            return observeAll(parts, ctx);
        }
    }

    record Or(Predicate[] parts) implements Predicate {
        @Override
        public boolean test(MatchContext ctx) {
            for (Predicate p : parts) {
                if (p.test(ctx)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String describe() {
            return join(parts, " or ");
        }

        @Override
        public String observe(MatchContext ctx) {
            return observeAll(parts, ctx);
        }
    }

    record Not(Predicate part) implements Predicate {
        @Override
        public boolean test(MatchContext ctx) {
            return !part.test(ctx);
        }

        @Override
        public String describe() {
            return "not (" + part.describe() + ")";
        }

        @Override
        public String observe(MatchContext ctx) {
            return part.observe(ctx);
        }
    }

    static String observeOption(MatchContext ctx, int code) {
        byte[] v = ctx.facts().option(code);
        return "option " + code + (v == null ? " absent" : " = " + Bytes.display(v));
    }

    private static String join(Predicate[] parts, String sep) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            sb.append(i == 0 ? "" : sep).append('(').append(parts[i].describe()).append(')');
        }
        return sb.toString();
    }

    private static String observeAll(Predicate[] parts, MatchContext ctx) {
        List<String> seen = new java.util.ArrayList<>();
        for (Predicate p : parts) {
            String s = p.observe(ctx);
            if (!seen.contains(s)) {
                seen.add(s);
            }
        }
        return String.join("; ", seen);
    }
}
