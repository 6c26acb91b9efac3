package dev.netboot.cli.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.dhcp.DhcpDecoder;
import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.Ipv4;
import dev.netboot.dhcp.option.ClientIdentifier;
import dev.netboot.dhcp.option.ClientMachineId;
import dev.netboot.dhcp.option.ClientNetworkInterface;
import dev.netboot.dhcp.option.DhcpOptions;
import dev.netboot.dhcp.option.UserClass;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The DHCP codec against tshark on every real capture: each packet decodes strictly, and its
 * header fields and typed option values equal what tshark 4.0 decoded (the expectations beside
 * each capture).
 */
class DhcpCodecCorpusTest {
    static List<Path> captures() {
        return Corpus.dhcpCaptures();
    }

    @ParameterizedTest
    @MethodSource("captures")
    void decodedFieldsEqualTsharks(Path capture) {
        List<TsharkDhcpPacket> expected = TsharkDhcpPacket.load(Corpus.expectationsOf(capture));
        int n = 0;
        int typed = 0;
        try (CaptureReader reader = CaptureReader.open(capture, CaptureOptions.defaults().withFilter(UdpPortFilter.dhcp()))) {
            while (reader.hasNext()) {
                try (UdpDatagram d = reader.next()) {
                    TsharkDhcpPacket t = expected.get(n++);
                    DhcpMessage m = DhcpDecoder.strict().decode(d.payload());
                    typed += compare(capture.getFileName() + " packet " + n, t, m);
                }
            }
        }
        assertEquals(expected.size(), n);
        assertTrue(typed >= 2 * n, "typed values compared: " + typed);
    }

    private static int compare(String where, TsharkDhcpPacket t, DhcpMessage m) {
        assertEquals(t.op(), m.op(), where + " op");
        assertEquals(t.hardwareType(), m.htype(), where);
        assertEquals(t.hardwareLength(), m.hlen(), where);
        assertEquals(t.hops(), m.hops(), where);
        assertEquals(t.xid(), Integer.toUnsignedLong(m.xid()), where);
        assertEquals(t.secs(), m.secs(), where);
        assertEquals(t.flags(), m.flags(), where);
        assertEquals(t.clientAddress(), Ipv4.format(m.ciaddr()), where);
        assertEquals(t.yourAddress(), Ipv4.format(m.yiaddr()), where);
        assertEquals(t.serverAddress(), Ipv4.format(m.siaddr()), where);
        assertEquals(t.relayAddress(), Ipv4.format(m.giaddr()), where);
        assertEquals(t.clientMac(), m.chaddrString(), where);
        assertEquals(t.serverName(), m.sname(), where);
        assertEquals(t.file(), m.file(), where);
        List<TsharkDhcpOption> options = new ArrayList<>();
        for (TsharkDhcpOption o : t.options()) {
            if (o.code() != 0 && o.code() != 255) {
                options.add(o);
            }
        }
        assertEquals(options.size(), m.optionCount(), where + " option count");
        for (int i = 0; i < options.size(); i++) {
            TsharkDhcpOption o = options.get(i);
            String at = where + " option " + o.code();
            assertEquals(o.code(), m.optionCode(i), at);
            assertEquals(o.length(), m.optionLength(i), at);
            byte[] raw = new byte[m.optionLength(i)];
            m.buffer().getBytes(m.optionValueIndex(i), raw);
            assertEquals(o.valueHex(), HexFormat.of().formatHex(raw), at);
        }
        return typed(where, t, m);
    }

    /** Compares typed values with tshark's typed fields; returns how many were compared. */
    private static int typed(String where, TsharkDhcpPacket t, DhcpMessage m) {
        int n = 0;
        for (TsharkDhcpOption o : t.options()) {
            String at = where + " option " + o.code();
            switch (o.code()) {
                case 53 -> n += eq(at, o.field("dhcp.option.dhcp"), String.valueOf(m.messageType().code()));
                case 54 -> n += eq(at, o.field("dhcp.option.dhcp_server_id"), addr(m, DhcpOptions.SERVER_IDENTIFIER::equals, DhcpOptions.SERVER_IDENTIFIER));
                case 50 -> n += eq(at, o.field("dhcp.option.requested_ip_address"), addr(m, x -> true, DhcpOptions.REQUESTED_IP_ADDRESS));
                case 1 -> n += eq(at, o.field("dhcp.option.subnet_mask"), addr(m, x -> true, DhcpOptions.SUBNET_MASK));
                case 28 -> n += eq(at, o.field("dhcp.option.broadcast_address"), addr(m, x -> true, DhcpOptions.BROADCAST_ADDRESS));
                case 3 -> n += eq(at, String.join(",", o.fieldValues("dhcp.option.router")), addrs(m.option(DhcpOptions.ROUTERS).orElseThrow()));
                case 6 -> n += eq(at, String.join(",", o.fieldValues("dhcp.option.domain_name_server")), addrs(m.option(DhcpOptions.DOMAIN_NAME_SERVERS).orElseThrow()));
                case 42 -> n += eq(at, String.join(",", o.fieldValues("dhcp.option.ntp_server")), addrs(m.option(DhcpOptions.NTP_SERVERS).orElseThrow()));
                case 15 -> n += eq(at, o.field("dhcp.option.domain_name"), m.option(DhcpOptions.DOMAIN_NAME).orElseThrow());
                case 12 -> n += eq(at, o.field("dhcp.option.hostname"), m.option(DhcpOptions.HOST_NAME).orElseThrow());
                case 60 -> n += eq(at, o.field("dhcp.option.vendor_class_id"), m.option(DhcpOptions.VENDOR_CLASS_IDENTIFIER).orElseThrow());
                // tshark shows 67 up to a trailing NUL (dnsmasq NUL-terminates it); so does bootFileName()
                case 67 -> n += eq(at, o.field("dhcp.option.bootfile_name"), m.bootFileName());
                case 57 -> n += eq(at, o.field("dhcp.option.dhcp_max_message_size"), String.valueOf(m.option(DhcpOptions.MAX_MESSAGE_SIZE).orElseThrow()));
                case 51 -> n += eq(at, o.field("dhcp.option.ip_address_lease_time"), String.valueOf(m.option(DhcpOptions.LEASE_TIME).orElseThrow()));
                case 58 -> n += eq(at, o.field("dhcp.option.renewal_time_value"), String.valueOf(m.option(DhcpOptions.RENEWAL_TIME).orElseThrow()));
                case 59 -> n += eq(at, o.field("dhcp.option.rebinding_time_value"), String.valueOf(m.option(DhcpOptions.REBINDING_TIME).orElseThrow()));
                case 93 -> n += eq(at, o.field("dhcp.option.client_system_architecture"), String.valueOf(m.clientArchitecture().code()));
                case 55 -> n += eq(at, String.join(",", o.fieldValues("dhcp.option.request_list_item")),
                        String.join(",", m.option(DhcpOptions.PARAMETER_REQUEST_LIST).orElseThrow().stream().map(String::valueOf).toList()));
                case 97 -> {
                    ClientMachineId id = m.option(DhcpOptions.CLIENT_MACHINE_ID).orElseThrow();
                    n += eq(at, o.field("dhcp.client_id.uuid"), id.guid());
                }
                case 94 -> {
                    ClientNetworkInterface nii = m.option(DhcpOptions.CLIENT_NETWORK_INTERFACE).orElseThrow();
                    n += eq(at, o.field("dhcp.client_network_id_major"), String.valueOf(nii.major()));
                    n += eq(at, o.field("dhcp.client_network_id_minor"), String.valueOf(nii.minor()));
                }
                case 77 -> {
                    UserClass uc = m.option(DhcpOptions.USER_CLASS).orElseThrow();
                    // tshark flags iPXE's raw form as "non standard compliant" and shows the text
                    n += eq(at, o.field("dhcp.option.user_class.text"), uc.classes().get(0));
                    assertTrue(!uc.rfc3004(), at + " raw form");
                }
                case 61 -> {
                    ClientIdentifier id = m.option(DhcpOptions.CLIENT_IDENTIFIER).orElseThrow();
                    if (o.field("dhcp.client_id.iaid").isPresent()) {
                        n += eq(at, o.field("dhcp.client_id.iaid"), String.format("%08x", id.iaid()));
                    }
                }
                default -> { }
            }
        }
        return n;
    }

    private static int eq(String at, java.util.Optional<String> tshark, String ours) {
        if (tshark.isEmpty()) {
            return 0; // tshark gave no typed field for this occurrence
        }
        assertEquals(tshark.get(), ours, at);
        return 1;
    }

    private static int eq(String at, String tshark, String ours) {
        return eq(at, java.util.Optional.of(tshark), ours);
    }

    private static String addr(DhcpMessage m, java.util.function.Predicate<Object> unused,
            dev.netboot.dhcp.option.OptionKey<Inet4Address> key) {
        return m.option(key).orElseThrow().getHostAddress();
    }

    private static String addrs(List<Inet4Address> list) {
        return String.join(",", list.stream().map((Function<Inet4Address, String>) Inet4Address::getHostAddress).toList());
    }
}
