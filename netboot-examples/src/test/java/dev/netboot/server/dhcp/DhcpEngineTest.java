package dev.netboot.server.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.Ipv4;
import dev.netboot.dhcp.MessageType;
import dev.netboot.server.dhcp.lease.AddressAllocator;
import dev.netboot.server.dhcp.lease.ClientKey;
import dev.netboot.server.dhcp.lease.Lease;
import dev.netboot.server.dhcp.lease.LeaseJournal;
import dev.netboot.server.dhcp.lease.LeaseStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DhcpEngineTest {
    static final int SERVER = Ipv4.parse("10.213.0.1");
    static final Link LINK = Link.of("nbs0", SERVER, 24);
    static final InetSocketAddress CLIENT = new InetSocketAddress("0.0.0.0", 68);

    @TempDir
    Path dir;

    final TestClock clock = new TestClock();
    final RecordingSink sink = new RecordingSink();
    LeaseStore journal;
    HeldStore store;
    DhcpEngine engine;

    static SimplePolicy.Builder policy() {
        return SimplePolicy.builder()
                .subnet("10.213.0.0/24", s -> s.range("10.213.0.100", "10.213.0.109").routers("10.213.0.1")
                        .dns("10.213.0.1").domain("nb.test").ntp("10.213.0.1"))
                .subnet("10.214.0.0/24", s -> s.range("10.214.0.100", "10.214.0.109").routers("10.214.0.1"))
                .bootRule("uefi-x64", SimplePolicy.arch(7, 9), "snponly.efi")
                .filename("undionly.kpxe").nextServer("10.213.0.1").leaseTimes(600, 3600);
    }

    void start(BootPolicy policy) {
        if (journal == null) {
            journal = LeaseJournal.open(dir.resolve("leases"), clock);
            store = new HeldStore(journal);
        }
        AddressAllocator allocator = AddressAllocator.builder(store, clock).build();
        engine = new DhcpEngine(policy, allocator, store, clock, new DhcpEngine.Settings(68, 67, false, 43200, 86400));
    }

    @AfterEach
    void close() {
        sink.close();
        if (journal != null) {
            journal.close();
        }
    }

    /** Hands the packet to the engine, releases it, makes commits durable; returns the new reply, if any. */
    RecordingSink.Sent exchange(Packets p) {
        return exchange(p, LINK, false);
    }

    RecordingSink.Sent exchange(Packets p, Link link, boolean pxePort) {
        int before = sink.count();
        ByteBuf b = p.build();
        engine.handle(b, CLIENT, link, pxePort, sink);
        store.makeDurable();
        assertTrue(b.release(), "engine must not keep the datagram");
        return sink.count() > before ? sink.last() : null;
    }

    DhcpMessage offer(int macLast, Consumer<Packets> extra) {
        Packets p = Packets.of(MessageType.DISCOVER).mac(macLast);
        extra.accept(p);
        RecordingSink.Sent s = exchange(p);
        return s == null ? null : s.message();
    }

    @Test
    void offerCarriesServerIdLeaseTimesMaskRoutersAndBootFileInTheHeader() {
        start(policy().build());
        RecordingSink.Sent s = exchange(Packets.of(MessageType.DISCOVER).mac(1).requestList(1, 3, 6, 15, 42));
        DhcpMessage m = s.message();
        assertEquals(MessageType.OFFER, m.messageType());
        assertEquals(2, m.op());
        assertEquals(0x1234, m.xid());
        assertEquals("10.213.0.100", Ipv4.format(m.yiaddr()));
        assertEquals(SERVER, m.optionInt(54, 0));
        assertEquals(600, m.optionInt(51, 0));
        assertEquals(300, m.optionInt(58, 0));
        assertEquals(525, m.optionInt(59, 0));
        assertEquals("255.255.255.0", Ipv4.format(m.optionInt(1, 0)));
        assertEquals(SERVER, m.optionInt(3, 0));
        assertEquals("nb.test", Packets.text(m, 15));
        assertEquals(SERVER, m.siaddr());
        assertEquals("undionly.kpxe", m.file());
        assertEquals(0, s.content().getByte(108 + "undionly.kpxe".length()), "file is NUL-terminated");
        assertEquals(new InetSocketAddress("255.255.255.255", 68), s.to());
        // mask and routers come right after the engine's own options
        assertEquals(1, m.optionCode(m.indexOf(59) + 1));
        assertEquals(3, m.optionCode(m.indexOf(59) + 2));
    }

    @Test
    void optionsThatDoNotFitAreLeftOutAndTheReplyStillGoes() {
        byte[] big = new byte[250];
        java.util.Arrays.fill(big, (byte) 'x');
        start(policy().option(224, big).option(225, big).option(226, big).build());
        // no option 57: 576 bytes at most; the file field holds the boot file, so only sname can take overflow
        RecordingSink.Sent s = exchange(Packets.of(MessageType.DISCOVER).mac(1).requestList(1, 3, 224, 225, 226));
        assertTrue(s != null, "the OFFER was dropped because some options did not fit");
        DhcpMessage m = s.message();
        assertEquals(MessageType.OFFER, m.messageType());
        assertTrue(s.content().readableBytes() <= 576 - 28, s.content().readableBytes() + " bytes");
        assertEquals(SERVER, m.optionInt(54, 0));
        assertTrue(m.has(1) && m.has(3) && m.has(51), "what the engine needs is always there");
        assertArrayEquals(big, m.optionBytes(224), "the first requested option fits");
        assertFalse(m.has(225) || m.has(226), "the ones that fit nowhere are left out");
        assertEquals("undionly.kpxe", m.file());
    }

    @Test
    void parameterRequestListIsHonouredButMaskAndRoutersAlwaysSent() {
        start(policy().build());
        DhcpMessage asked = offer(1, p -> p.requestList(6));
        assertTrue(asked.has(1));
        assertTrue(asked.has(3));
        assertTrue(asked.has(6));
        assertFalse(asked.has(15), "domain not asked for");
        assertFalse(asked.has(42), "ntp not asked for");
        DhcpMessage none = offer(2, p -> { });
        assertTrue(none.has(15) && none.has(42) && none.has(6), "no list: everything configured is sent");
    }

    @Test
    void bootRuleChoosesTheFileByArchitecture() {
        start(policy().build());
        assertEquals("snponly.efi", offer(1, p -> p.arch(7)).file());
        assertEquals("snponly.efi", offer(2, p -> p.arch(9)).file());
        assertEquals("undionly.kpxe", offer(3, p -> p.arch(0)).file());
    }

    @Test
    void ackIsSentOnlyOnceTheLeaseIsDurable() {
        start(policy().build());
        DhcpMessage o = offer(1, p -> { });
        ByteBuf req = Packets.of(MessageType.REQUEST).mac(1).address(54, "10.213.0.1")
                .address(50, Ipv4.format(o.yiaddr())).option(12, "pc1").build();
        int before = sink.count();
        engine.handle(req, CLIENT, LINK, false, sink);
        assertEquals(before, sink.count(), "no ACK before the lease is durable");
        assertEquals(1, store.pending());
        assertFalse(req.release(), "the request is kept for a NAK while the commit is pending");
        store.makeDurable();
        assertEquals(0, req.refCnt(), "and released once the commit completed");
        DhcpMessage ack = sink.last().message();
        assertEquals(MessageType.ACK, ack.messageType());
        assertEquals(o.yiaddr(), ack.yiaddr());
        assertEquals("undionly.kpxe", ack.file());
        Lease lease = journal.findByAddress(o.yiaddr()).orElseThrow();
        assertEquals(Lease.State.ACTIVE, lease.state());
        assertEquals("pc1", lease.hostname().orElseThrow());
        assertEquals(1, engine.counters().acked());
    }

    @Test
    void clientIdentifierIsTheLeaseKey() {
        start(policy().build());
        DhcpMessage a = offer(1, p -> p.option(61, new byte[] {1, 2, 3}));
        DhcpMessage b = offer(1, p -> p.option(61, new byte[] {1, 2, 4}));
        assertNotEquals(a.yiaddr(), b.yiaddr(), "same MAC, different client identifiers: two clients");
        DhcpMessage c = offer(1, p -> p.option(61, new byte[] {1, 2, 3}));
        assertEquals(a.yiaddr(), c.yiaddr(), "the held offer is repeated for the same client");
    }

    @Test
    void firmwareWithoutClientIdAndIpxeWithHardwareClientIdShareOneLease() {
        start(policy().build());
        // EDK2: no option 61; its lease is committed
        DhcpMessage o = offer(7, p -> p.arch(7));
        ByteBuf req = Packets.of(MessageType.REQUEST).mac(7).arch(7).address(54, "10.213.0.1")
                .address(50, Ipv4.format(o.yiaddr())).build();
        engine.handle(req, CLIENT, LINK, false, sink);
        store.makeDurable();
        assertEquals(MessageType.ACK, sink.last().message().messageType());
        // then iPXE on the same NIC: 61 = 01 (Ethernet) + the MAC, the same interface
        byte[] mac = Packets.of(MessageType.DISCOVER).mac(7).macAddress();
        byte[] id = new byte[mac.length + 1];
        id[0] = 1;
        System.arraycopy(mac, 0, id, 1, mac.length);
        assertEquals(o.yiaddr(), offer(7, p -> p.arch(7).option(61, id)).yiaddr(), "one machine, one address");
        // a different identifier on the same MAC (an RFC 4361 DUID, another OS) stays another client
        assertNotEquals(o.yiaddr(), offer(7, p -> p.option(61, new byte[] {(byte) 0xff, 0, 0, 0, 1, 0, 2, 9})).yiaddr());
        // and 01:MAC of another hardware type is not taken for the same interface
        id[0] = 6;
        assertNotEquals(o.yiaddr(), offer(7, p -> p.option(61, id)).yiaddr());
    }

    @Test
    void requestedLeaseTimeIsBoundedByTheMaximum() {
        start(policy().build());
        assertEquals(3600, offer(1, p -> p.option(51, new byte[] {0, 1, 0, 0})).optionInt(51, 0));
        assertEquals(120, offer(2, p -> p.option(51, new byte[] {0, 0, 0, 120})).optionInt(51, 0));
    }

    DhcpMessage bind(int macLast) {
        DhcpMessage o = offer(macLast, p -> { });
        return exchange(Packets.of(MessageType.REQUEST).mac(macLast).address(54, "10.213.0.1")
                .address(50, Ipv4.format(o.yiaddr()))).message();
    }

    @Test
    void renewingIsAckedByUnicastToCiaddr() {
        start(policy().build());
        DhcpMessage ack = bind(1);
        String addr = Ipv4.format(ack.yiaddr());
        RecordingSink.Sent renew = exchange(Packets.of(MessageType.REQUEST).mac(1).ciaddr(addr));
        assertEquals(MessageType.ACK, renew.message().messageType());
        assertEquals(new InetSocketAddress(addr, 68), renew.to());
    }

    @Test
    void initRebootForAnAddressOfAnotherClientIsNaked() {
        start(policy().build());
        String taken = Ipv4.format(bind(1).yiaddr());
        RecordingSink.Sent nak = exchange(Packets.of(MessageType.REQUEST).mac(2).address(50, taken));
        assertEquals(MessageType.NAK, nak.message().messageType());
        assertEquals(new InetSocketAddress("255.255.255.255", 68), nak.to());
        RecordingSink.Sent wrongNet = exchange(Packets.of(MessageType.REQUEST).mac(3).address(50, "192.168.1.7"));
        assertEquals(MessageType.NAK, wrongNet.message().messageType());
        assertEquals(2, engine.counters().naked());
    }

    @Test
    void initRebootAfterRestartIsAckedFromTheJournal() {
        start(policy().build());
        String addr = Ipv4.format(bind(1).yiaddr());
        journal.close();
        journal = LeaseJournal.open(dir.resolve("leases"), clock);
        store = new HeldStore(journal);
        start(policy().build());
        RecordingSink.Sent ack = exchange(Packets.of(MessageType.REQUEST).mac(1).address(50, addr));
        assertEquals(MessageType.ACK, ack.message().messageType());
        assertEquals(addr, Ipv4.format(ack.message().yiaddr()));
        assertEquals(addr, Ipv4.format(offer(1, p -> { }).yiaddr()), "the bound client is offered its address");
        assertNotEquals(addr, Ipv4.format(offer(2, p -> { }).yiaddr()), "nobody else gets it");
    }

    @Test
    void dynamicClientThatNowHasAHostEntryIsNakedOnInitRebootThenGetsItsFixedAddress() {
        start(policy().build());
        String dynamic = Ipv4.format(bind(0x10).yiaddr());
        start(policy().host("02:13:00:00:00:10", "10.213.0.60").build());
        RecordingSink.Sent nak = exchange(Packets.of(MessageType.REQUEST).mac(0x10).address(50, dynamic));
        assertEquals(MessageType.NAK, nak.message().messageType());
        assertEquals(Lease.State.RELEASED, journal.findByClient(ClientKey.hardware(1,
                new byte[] {2, 0x13, 0, 0, 0, 0x10})).orElseThrow().state(), "the dynamic lease is given back");
        DhcpMessage fixed = offer(0x10, p -> { });
        assertEquals("10.213.0.60", Ipv4.format(fixed.yiaddr()));
        RecordingSink.Sent ack = exchange(Packets.of(MessageType.REQUEST).mac(0x10).address(54, "10.213.0.1")
                .address(50, "10.213.0.60"));
        assertEquals(MessageType.ACK, ack.message().messageType());
        assertEquals("10.213.0.60", Ipv4.format(ack.message().yiaddr()));
    }

    @Test
    void relayedMessagesAreAnsweredToTheRelayAndSelectTheSubnetByGiaddr() {
        start(policy().build());
        RecordingSink.Sent offer = exchange(Packets.of(MessageType.DISCOVER).mac(1).giaddr("10.214.0.1")
                .option(82, new byte[] {1, 3, 'a', 'b', 'c'}));
        assertEquals(new InetSocketAddress("10.214.0.1", 67), offer.to());
        DhcpMessage m = offer.message();
        assertEquals("10.214.0.100", Ipv4.format(m.yiaddr()));
        assertEquals("10.214.0.1", Ipv4.format(m.giaddr()));
        assertArrayEquals(new byte[] {1, 3, 'a', 'b', 'c'}, m.optionBytes(82), "relay agent information echoed");
        RecordingSink.Sent nak = exchange(Packets.of(MessageType.REQUEST).mac(2).giaddr("10.214.0.1")
                .address(50, "10.213.0.5"));
        assertEquals(MessageType.NAK, nak.message().messageType());
        assertEquals(new InetSocketAddress("10.214.0.1", 67), nak.to());
        assertTrue(nak.message().broadcast(), "a relayed NAK asks the relay to broadcast");
    }

    @Test
    void informIsAckedWithoutAnAddressOrLeaseTime() {
        start(policy().build());
        RecordingSink.Sent ack = exchange(Packets.of(MessageType.INFORM).mac(1).ciaddr("10.213.0.7"));
        DhcpMessage m = ack.message();
        assertEquals(MessageType.ACK, m.messageType());
        assertEquals(0, m.yiaddr());
        assertFalse(m.has(51));
        assertEquals(SERVER, m.optionInt(54, 0));
        assertEquals(new InetSocketAddress("10.213.0.7", 68), ack.to());
        assertEquals(1, engine.counters().informed());
    }

    @Test
    void declinedAddressIsSetAsideAndReleasedAddressIsFree() {
        start(policy().build());
        DhcpMessage o = offer(1, p -> { });
        String a = Ipv4.format(o.yiaddr());
        assertNull(exchange(Packets.of(MessageType.DECLINE).mac(1).address(54, "10.213.0.1").address(50, a)));
        assertEquals(Lease.State.DECLINED, journal.findByAddress(o.yiaddr()).orElseThrow().state());
        assertNotEquals(a, Ipv4.format(offer(2, p -> { }).yiaddr()));
        String b = Ipv4.format(bind(3).yiaddr());
        assertNull(exchange(Packets.of(MessageType.RELEASE).mac(3).ciaddr(b).address(54, "10.213.0.1")));
        assertEquals(Lease.State.RELEASED, journal.findByAddress(Ipv4.parse(b)).orElseThrow().state());
        assertEquals(1, engine.counters().declined());
        assertEquals(1, engine.counters().released());
    }

    @Test
    void badPacketsAreCountedByKindAndDropped() {
        start(policy().build());
        ByteBuf shortOne = Unpooled.buffer(100).writeZero(100);
        engine.handle(shortOne, CLIENT, LINK, false, sink);
        assertTrue(shortOne.release());
        assertNull(exchange(Packets.of(MessageType.DISCOVER).op(2)));
        ByteBuf hlen = Packets.of(MessageType.DISCOVER).build();
        hlen.setByte(2, 17);
        engine.handle(hlen, CLIENT, LINK, false, sink);
        assertTrue(hlen.release());
        ByteBuf noType = Packets.of(MessageType.DISCOVER).build();
        noType.setByte(240, 0); // option 53 becomes pads and a stray byte
        noType.setByte(241, 0);
        noType.setByte(242, 0);
        engine.handle(noType, CLIENT, LINK, false, sink);
        assertTrue(noType.release());
        assertNull(exchange(Packets.of(MessageType.REQUEST).mac(1).address(54, "10.213.0.99")
                .address(50, "10.213.0.100")));
        assertNull(exchange(Packets.of(MessageType.OFFER).mac(1)));
        DhcpCounters c = engine.counters();
        assertEquals(6, c.received());
        assertEquals(1, c.dropped().get(DropReason.MALFORMED));
        assertEquals(1, c.dropped().get(DropReason.WRONG_OP));
        assertEquals(1, c.dropped().get(DropReason.BAD_HLEN));
        assertEquals(1, c.dropped().get(DropReason.NO_MESSAGE_TYPE));
        assertEquals(1, c.dropped().get(DropReason.FOREIGN_SERVER_ID));
        assertEquals(1, c.dropped().get(DropReason.UNEXPECTED_TYPE));
        assertEquals(0, sink.count());
        // and the server keeps serving
        assertEquals(MessageType.OFFER, offer(1, p -> { }).messageType());
    }

    @Test
    void stormOfFiftyDiscoversAgainstTenAddressesGivesTenDistinctOffers() {
        start(policy().build());
        Set<Integer> offered = new HashSet<>();
        int replies = 0;
        for (int i = 0; i < 50; i++) {
            DhcpMessage o = offer(0x100 + i, p -> { });
            if (o != null) {
                replies++;
                offered.add(o.yiaddr());
            }
        }
        assertEquals(10, replies);
        assertEquals(10, offered.size());
        assertEquals(40, engine.counters().dropped().get(DropReason.NO_ADDRESS));
    }

    @Test
    void conflictingSelectingRequestIsNaked() {
        start(policy().build());
        String a = Ipv4.format(bind(1).yiaddr());
        RecordingSink.Sent nak = exchange(Packets.of(MessageType.REQUEST).mac(2).address(54, "10.213.0.1")
                .address(50, a));
        assertEquals(MessageType.NAK, nak.message().messageType());
    }

    @Test
    void nonAuthoritativeServerStaysSilentForUnknownAddresses() {
        start(policy().authoritative(false).build());
        assertNull(exchange(Packets.of(MessageType.REQUEST).mac(2).address(50, "192.168.1.7")));
        assertNull(exchange(Packets.of(MessageType.REQUEST).mac(2).address(50, "10.213.0.105")));
        assertEquals(2, engine.counters().dropped().get(DropReason.NOT_AUTHORITATIVE));
    }

    @Test
    void optionsMoveIntoSnameOnlyWhenTheMaximumMessageSizeForcesIt() {
        start(policy().subnet("10.215.0.0/24", s -> s.range("10.215.0.10", "10.215.0.20")
                .option(43, new byte[250]).option(125, new byte[40])).build());
        DhcpMessage small = exchange(Packets.of(MessageType.DISCOVER).mac(1).giaddr("10.215.0.1")).message();
        assertEquals(2, small.overload(), "file carries the boot file name, so options spill into sname");
        assertEquals("undionly.kpxe", small.file());
        assertEquals(250, small.optionBytes(43).length);
        DhcpMessage big = exchange(Packets.of(MessageType.DISCOVER).mac(2).giaddr("10.215.0.1")
                .option(57, new byte[] {5, (byte) 0xc0})).message();
        assertEquals(0, big.overload(), "a 1472-byte maximum leaves room in the options field");
        assertEquals(List.of(250, 40), List.of(big.optionBytes(43).length, big.optionBytes(125).length));
    }

    @Test
    void declineIsActedOnOnlyForAnAddressOfferedOrLeasedToTheSenderInAPool() {
        start(policy().build());
        int offered = offer(1, p -> { }).yiaddr();
        int bound = bind(3).yiaddr();
        // another client declines client 1's offer, client 3's lease, a free pool address, addresses outside every pool
        for (String a : List.of(Ipv4.format(offered), Ipv4.format(bound), "10.213.0.109", "10.213.0.50",
                "192.168.7.7")) {
            assertNull(exchange(Packets.of(MessageType.DECLINE).mac(2).address(54, "10.213.0.1").address(50, a)));
        }
        assertEquals(0, engine.counters().declined());
        assertEquals(5, engine.counters().dropped().get(DropReason.DECLINE_NOT_CLIENTS));
        assertEquals(List.of(Lease.State.ACTIVE), journal.leases().stream().map(Lease::state).toList(),
                "nothing set aside, no record added");
        assertEquals(Ipv4.parse("10.213.0.109"), offer(4, p -> p.address(50, "10.213.0.109")).yiaddr(),
                "the free address is still offered");
        // the owners' own DECLINEs are acted on
        assertNull(exchange(Packets.of(MessageType.DECLINE).mac(1).address(54, "10.213.0.1")
                .address(50, Ipv4.format(offered))));
        assertNull(exchange(Packets.of(MessageType.DECLINE).mac(3).address(54, "10.213.0.1")
                .address(50, Ipv4.format(bound))));
        assertEquals(Lease.State.DECLINED, journal.findByAddress(offered).orElseThrow().state());
        assertEquals(Lease.State.DECLINED, journal.findByAddress(bound).orElseThrow().state());
        assertEquals(2, engine.counters().declined());
    }

    @Test
    void oversizedSplitClientIdentifierIsDroppedAsMalformed() {
        start(policy().build());
        byte[] id = new byte[300]; // RFC 3396: split into two option 61 instances
        id[0] = (byte) 0xff;
        assertNull(exchange(Packets.of(MessageType.DISCOVER).mac(1).maxSize(1500).option(61, id)));
        assertNull(exchange(Packets.of(MessageType.REQUEST).mac(1).maxSize(1500).option(61, id)
                .address(50, "10.213.0.100")));
        assertNull(exchange(Packets.of(MessageType.REQUEST).mac(1).maxSize(1500).option(61, id)
                .address(54, "10.213.0.99").address(50, "10.213.0.100")));
        DhcpCounters c = engine.counters();
        assertEquals(3, c.dropped().get(DropReason.MALFORMED));
        assertEquals(0, c.dropped().get(DropReason.INTERNAL_ERROR));
        assertEquals(3, c.droppedTotal());
        assertEquals(MessageType.OFFER, offer(1, p -> p.option(61, new byte[255])).messageType(),
                "255 bytes still fit");
    }

    @Test
    void nakThatCannotEchoOption82IsDroppedAsTooLarge() {
        start(policy().build());
        assertNull(exchange(Packets.of(MessageType.REQUEST).mac(2).giaddr("10.214.0.1").maxSize(1500)
                .option(82, new byte[400]).address(50, "10.213.0.5")));
        DhcpCounters c = engine.counters();
        assertEquals(1, c.dropped().get(DropReason.REPLY_TOO_LARGE));
        assertEquals(0, c.dropped().get(DropReason.INTERNAL_ERROR));
        assertEquals(0, c.naked());
    }

    @Test
    void requestForAnotherServerFreesOurOfferAtOnce() {
        start(policy().build());
        String a = Ipv4.format(offer(1, p -> { }).yiaddr());
        assertNull(exchange(Packets.of(MessageType.REQUEST).mac(1).address(54, "10.213.0.99")
                .address(50, "10.213.0.200")));
        assertEquals(1, engine.counters().dropped().get(DropReason.FOREIGN_SERVER_ID));
        assertEquals(a, Ipv4.format(offer(2, p -> p.address(50, a)).yiaddr()),
                "the address offered to the client that chose another server is free for others");
    }

    @Test
    void releaseThatFreesNothingIsNotCountedAsARelease() {
        start(policy().build());
        String a = Ipv4.format(bind(1).yiaddr());
        assertNull(exchange(Packets.of(MessageType.RELEASE).mac(2).ciaddr(a).address(54, "10.213.0.1")));
        assertNull(exchange(Packets.of(MessageType.RELEASE).mac(2).ciaddr("10.213.0.107").address(54, "10.213.0.1")));
        assertEquals(Lease.State.ACTIVE, journal.findByAddress(Ipv4.parse(a)).orElseThrow().state());
        assertEquals(0, engine.counters().released());
        assertNull(exchange(Packets.of(MessageType.RELEASE).mac(1).ciaddr(a).address(54, "10.213.0.1")));
        assertEquals(Lease.State.RELEASED, journal.findByAddress(Ipv4.parse(a)).orElseThrow().state());
        assertNull(exchange(Packets.of(MessageType.RELEASE).mac(1).ciaddr(a).address(54, "10.213.0.1")));
        assertEquals(1, engine.counters().released(), "only the release that freed the lease");
        assertEquals(3, engine.counters().dropped().get(DropReason.NOTHING_TO_RELEASE));
    }

    @Test
    void requestedLeaseTimeHasAFloorAndTheDefaultNeverExceedsTheMaximum() {
        start(policy().build());
        assertEquals(DhcpEngine.MIN_REQUESTED_LEASE_SECONDS, offer(1, p -> p.option(51, new byte[4])).optionInt(51, 0));
        assertEquals(DhcpEngine.MIN_REQUESTED_LEASE_SECONDS,
                offer(2, p -> p.option(51, new byte[] {0, 0, 0, 5})).optionInt(51, 0));
        DhcpMessage o = offer(3, p -> { });
        DhcpMessage ack = exchange(Packets.of(MessageType.REQUEST).mac(3).address(54, "10.213.0.1")
                .address(50, Ipv4.format(o.yiaddr())).option(51, new byte[4])).message();
        assertEquals(DhcpEngine.MIN_REQUESTED_LEASE_SECONDS, ack.optionInt(51, 0));
        Lease lease = journal.findByAddress(o.yiaddr()).orElseThrow();
        assertEquals(DhcpEngine.MIN_REQUESTED_LEASE_SECONDS * 1000, lease.end() - lease.start());
        start(policy().leaseTimes(7200, 3600).build());
        assertEquals(3600, offer(4, p -> { }).optionInt(51, 0), "a default above the maximum is capped");
    }
}
