package dev.netboot.cli.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TsharkDhcpPacketTest {

    @Test
    void headerFieldsOfTheFirstNmapDiscover() {
        List<TsharkDhcpPacket> packets = TsharkDhcpPacket.loadResource("corpus/dhcp/nmap-discover.tshark.json");
        assertEquals(2, packets.size());
        TsharkDhcpPacket p = packets.get(0);
        assertEquals(1, p.op());
        assertEquals(1, p.hardwareType());
        assertEquals(6, p.hardwareLength());
        assertEquals(0, p.hops());
        assertEquals(0x4200df5aL, p.xid());
        assertEquals(0, p.secs());
        assertEquals(0x8000, p.flags());
        assertEquals("1", p.field("dhcp.flags.bc"));
        assertEquals("0.0.0.0", p.clientAddress());
        assertEquals("0.0.0.0", p.yourAddress());
        assertEquals("0.0.0.0", p.serverAddress());
        assertEquals("0.0.0.0", p.relayAddress());
        assertEquals("de:ad:c0:de:ca:fe", p.clientMac());
        assertEquals("", p.serverName());
        assertEquals("", p.file());
        assertEquals("99.130.83.99", p.cookie());
        assertThrows(IllegalStateException.class, () -> p.field("dhcp.no.such.field"));
    }

    @Test
    void repeatedKeysSurvive() {
        TsharkDhcpPacket p = TsharkDhcpPacket.loadResource("corpus/dhcp/nmap-discover.tshark.json").get(0);
        assertEquals(53, p.options().get(0).code());
        assertEquals("01", p.options().get(0).valueHex());
        assertEquals(Optional.of("1"), p.options().get(0).field("dhcp.option.dhcp"));
        TsharkDhcpOption prl = p.option(55).orElseThrow();
        assertEquals(64, prl.length());
        assertEquals(128, prl.valueHex().length());
        List<String> items = prl.fieldValues("dhcp.option.request_list_item");
        assertEquals(64, items.size());
        assertEquals("252", items.get(0));
        assertEquals("66", items.get(63));
        assertEquals(p.layer().all("dhcp.option.type").size(), p.options().size());
    }

    @Test
    void endIsCode255ThoughTsharkPrintsType0() {
        for (TsharkDhcpPacket p : TsharkDhcpPacket.loadResource("corpus/dhcp/dhcpcd-dora.tshark.json")) {
            TsharkDhcpOption last = p.options().get(p.options().size() - 1);
            assertTrue(last.isEnd());
            assertEquals("0", last.tsharkType());
            assertEquals(0, last.length());
            assertEquals(1, p.options().stream().filter(TsharkDhcpOption::isEnd).count());
        }
    }

    @Test
    void typedSubFieldsPaddingAndNestedTrees() {
        TsharkDhcpPacket dhcpcd = TsharkDhcpPacket.loadResource("corpus/dhcp/dhcpcd-dora.tshark.json").get(0);
        assertEquals("00000000000000", dhcpcd.padding());
        TsharkDhcpOption clientId = dhcpcd.option(61).orElseThrow();
        assertEquals(19, clientId.length());
        assertEquals("ff000000c10001000132 98c2f70213000000c1".replace(" ", ""), clientId.valueHex());
        assertEquals(Optional.of("1"), clientId.field("dhcp.client_id.duid_type"));
        assertEquals(Optional.of("02:13:00:00:00:c1"), clientId.field("dhcp.client_id.link_layer_address"));
        assertFalse(clientId.fields().stream().anyMatch(m -> m.key().equals("dhcp.option.value")));
        assertEquals("", dhcpcd.option(80).orElseThrow().valueHex());

        TsharkDhcpOption arch = TsharkDhcpPacket.loadResource("corpus/dhcp/scapy-arch9-efi-x64.tshark.json").get(0)
                .option(93).orElseThrow();
        assertEquals("0009", arch.valueHex());
        assertEquals(Optional.of("9"), arch.field("dhcp.option.client_system_architecture"));
        OrderedJson.Obj expert = arch.fields().stream()
                .filter(m -> m.key().equals("dhcp.option.client_system_architecture_tree")).findFirst().orElseThrow()
                .value().asObject().first("_ws.expert").orElseThrow().asObject();
        assertEquals("Client Architecture ID 9 is often incorrectly used for EFI x64", expert.string("_ws.expert.message"));
    }

    @Test
    void wholeCorpusLoads() {
        int packets = 0;
        int options = 0;
        for (var capture : Corpus.dhcpCaptures()) {
            for (TsharkDhcpPacket p : TsharkDhcpPacket.load(Corpus.expectationsOf(capture))) {
                packets++;
                options += p.options().size();
                for (TsharkDhcpOption o : p.options()) {
                    assertEquals(2 * o.length(), o.valueHex().length(), p.name() + " " + p.index() + " option " + o.code());
                }
            }
        }
        // Counted with grep: 62 "dhcp.type" and 526 "dhcp.option.type" in the 13 files.
        assertEquals(62, packets);
        assertEquals(526, options);
    }
}
