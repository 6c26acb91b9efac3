package dev.netboot.server.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.Ipv4;
import dev.netboot.dhcp.MessageType;
import dev.netboot.server.dhcp.lease.ClientKey;
import dev.netboot.server.dhcp.lease.Lease;
import dev.netboot.server.dhcp.lease.LeaseJournal;
import dev.netboot.testlab.Proc;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs the DHCP server (a child JVM on loopback, clients behind a simulated relay agent)
 * while it is acknowledging a load of REQUESTs, some kills aimed at a journal compaction; after
 * each kill, checks the journal the server left and restarts the server on it: every DHCPACK the
 * clients received is in the restored leases (at its address, at least as long as
 * acknowledged), every client gets its address back by INIT-REBOOT from the restarted server,
 * and no address is ever offered or acknowledged to two clients.
 */
class DhcpServerCrashTest {
    static final String RELAY = "127.0.0.2";
    static final int PLAIN_KILLS = 4;
    static final int MAX_COMPACTION_ATTEMPTS = 6;
    static final int WINDOW = 32;
    static final long OP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final long ITERATION_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path dir;

    enum Kind { DISCOVER, SELECTING, RENEWING, INIT_REBOOT }

    record Pending(long mac, Kind kind, int address, long sentAtMillis, long sentAtNanos) {}

    record Acked(int address, long sentAtMillis, long leaseMillis) {}

    final Map<Long, Acked> acked = new HashMap<>();
    final Map<Integer, Long> owner = new HashMap<>();
    final List<Long> boundClients = new ArrayList<>();
    final Map<Integer, Pending> pending = new LinkedHashMap<>();
    final Set<Long> busy = new HashSet<>();
    final Random random = new Random();
    long seed;
    long nextMac = 1;
    int nextXid = 1;
    int totalAcks;
    int lost;
    DatagramSocket relay;
    InetSocketAddress server;

    @Test
    void everyAcknowledgedLeaseSurvivesSigkillOfTheServer() throws Exception {
        seed = System.nanoTime();
        random.setSeed(seed);
        Path journal = dir.resolve("leases");
        int inCompaction = 0;
        int kills = 0;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(RELAY, 0))) {
            relay = socket;
            for (int i = 0; i < PLAIN_KILLS; i++) {
                runAndKill(journal, false, "kill " + kills++);
                verifyJournal(journal, "after kill " + (kills - 1));
            }
            for (int attempt = 0; attempt < MAX_COMPACTION_ATTEMPTS && inCompaction < 2; attempt++) {
                if (runAndKill(journal, true, "kill " + kills++)) {
                    inCompaction++;
                }
                verifyJournal(journal, "after kill " + (kills - 1));
            }
            // A last start proves the final journal serves every client its address.
            runAndKill(journal, false, "final restart");
        }
        assertTrue(inCompaction >= 1, "no kill landed inside a compaction in " + MAX_COMPACTION_ATTEMPTS
                + " attempts (seed " + seed + ")");
        assertTrue(totalAcks > 2000, "only " + totalAcks + " ACKs (seed " + seed + ")");
        assertTrue(lost < totalAcks / 100, lost + " requests unanswered of " + totalAcks + " ACKs");
        System.out.printf("server crash test: %d kills (%d inside a compaction), %d ACKs, %d clients, %d lost%n",
                kills, inCompaction, totalAcks, acked.size(), lost);
    }

    /**
     * Starts the server on {@code journal}, re-requests every bound client's address
     * (INIT-REBOOT), runs a load of new clients and renewals, and SIGKILLs it after a random
     * number of ACKs or, if {@code atCompaction}, as soon as it starts a compaction. Returns
     * whether the kill landed inside a compaction.
     */
    boolean runAndKill(Path journal, boolean atCompaction, String where) throws IOException {
        List<String> cmd = new ArrayList<>(NetnsLab.javaCommand());
        // The per-transaction log is off: it is not what this test measures.
        cmd.add(1, "-Dorg.slf4j.simpleLogger.log.dev.netboot.server.dhcp.transactions=warn");
        cmd.addAll(List.of("dev.netboot.server.dhcp.lease.ServerCrashChild", journal.toString(),
                Integer.toString(relay.getLocalPort()), "1500"));
        Proc child = Proc.start(cmd, Map.of());
        try {
            String ready = child.await(Pattern.compile("^READY (\\d+)$"), 60).group(1);
            server = new InetSocketAddress("127.0.0.1", Integer.parseInt(ready));
            where = where + " (seed " + seed + ")";
            ArrayDeque<Long> rebooting = new ArrayDeque<>(boundClients);
            int killAfter = 300 + random.nextInt(3000);
            int acks = 0;
            relay.setSoTimeout(5);
            long start = System.nanoTime();
            pending.clear();
            busy.clear();
            while (true) {
                if (System.nanoTime() - start > ITERATION_LIMIT_NANOS) {
                    fail("no kill point within 60 s: " + where + "\n" + child.output());
                }
                if (atCompaction ? child.output().contains("EVENT compaction-start") : acks >= killAfter
                        && rebooting.isEmpty()) {
                    break;
                }
                while (pending.size() < WINDOW) {
                    if (!rebooting.isEmpty()) {
                        long mac = rebooting.poll();
                        Packets p = client(MessageType.REQUEST, mac).address(50, Ipv4.format(acked.get(mac).address()));
                        send(p, new Pending(mac, Kind.INIT_REBOOT, acked.get(mac).address(), 0, 0));
                    } else if (boundClients.size() < 200 || random.nextInt(8) == 0) {
                        long mac = nextMac++;
                        send(client(MessageType.DISCOVER, mac), new Pending(mac, Kind.DISCOVER, 0, 0, 0));
                    } else {
                        long mac = boundClients.get(random.nextInt(boundClients.size()));
                        if (busy.contains(mac)) {
                            continue;
                        }
                        int address = acked.get(mac).address();
                        send(client(MessageType.REQUEST, mac).ciaddr(Ipv4.format(address)),
                                new Pending(mac, Kind.RENEWING, address, 0, 0));
                    }
                }
                acks += receive(true, where);
                expire();
            }
            child.kill(); // SIGKILL
            // ACKs the server sent before it died count as received.
            relay.setSoTimeout(300);
            while (receive(false, where) >= 0) {
                // drain
            }
            String lastEvent = null;
            for (String line : child.output().split("\n")) {
                if (line.startsWith("EVENT ")) {
                    lastEvent = line;
                }
            }
            return lastEvent != null && !lastEvent.equals("EVENT compaction-end");
        } finally {
            child.kill();
        }
    }

    Packets client(MessageType type, long mac) {
        return Packets.of(type).mac(macBytes(mac)).giaddr(RELAY).requestList(1, 3, 51, 54);
    }

    static byte[] macBytes(long mac) {
        return new byte[] {2, 0x13, (byte) 0xcc, (byte) (mac >>> 16), (byte) (mac >>> 8), (byte) mac};
    }

    void send(Packets p, Pending what) throws IOException {
        int xid = nextXid++;
        ByteBuf b = p.xid(xid).build();
        try {
            byte[] bytes = new byte[b.readableBytes()];
            b.getBytes(b.readerIndex(), bytes);
            Pending stamped = new Pending(what.mac(), what.kind(), what.address(), System.currentTimeMillis(),
                    System.nanoTime());
            pending.put(xid, stamped);
            busy.add(what.mac());
            relay.send(new DatagramPacket(bytes, bytes.length, server));
        } finally {
            b.release();
        }
    }

    /**
     * Receives one reply (or none within the socket timeout: returns -1) and acts on it: an
     * OFFER gets its REQUEST (if {@code follow}), an ACK is recorded and checked. Returns the
     * number of ACKs (0 or 1).
     */
    int receive(boolean follow, String where) throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        try {
            relay.receive(p);
        } catch (SocketTimeoutException e) {
            return -1;
        }
        DhcpMessage m = DhcpMessage.decode(Unpooled.wrappedBuffer(p.getData(), 0, p.getLength()));
        Pending was = pending.remove(m.xid());
        if (was == null) {
            return 0; // answered after we gave up on it
        }
        busy.remove(was.mac());
        MessageType type = m.messageType();
        if (type.equals(MessageType.NAK)) {
            fail(was.kind() + " of " + Ipv4.format(was.address()) + " by " + ClientKey.hardware(1, macBytes(was.mac()))
                    + " NAKed (" + new String(m.optionBytes(56)) + "): " + where);
        }
        if (type.equals(MessageType.OFFER)) {
            Long holder = owner.get(m.yiaddr());
            if (holder != null && holder != was.mac()) {
                fail("offered " + Ipv4.format(m.yiaddr()) + ", acknowledged to client " + holder + ": " + where);
            }
            if (follow) {
                Packets request = client(MessageType.REQUEST, was.mac()).address(54, "127.0.0.1")
                        .address(50, Ipv4.format(m.yiaddr()));
                send(request, new Pending(was.mac(), Kind.SELECTING, m.yiaddr(), 0, 0));
            }
            return 0;
        }
        assertEquals(MessageType.ACK, type, where);
        int address = m.yiaddr();
        if (was.kind() != Kind.SELECTING) {
            assertEquals(Ipv4.format(was.address()), Ipv4.format(address), was.kind() + ": " + where);
        }
        Long holder = owner.putIfAbsent(address, was.mac());
        if (holder != null && holder != was.mac()) {
            fail("acknowledged " + Ipv4.format(address) + " to two clients, " + holder + " and " + was.mac() + ": "
                    + where);
        }
        Acked previous = acked.put(was.mac(), new Acked(address, was.sentAtMillis(),
                Integer.toUnsignedLong(m.optionInt(51, 0)) * 1000));
        if (previous == null) {
            boundClients.add(was.mac());
        } else if (previous.address() != address) {
            fail("client " + was.mac() + " moved from " + Ipv4.format(previous.address()) + " to "
                    + Ipv4.format(address) + ": " + where);
        }
        totalAcks++;
        return 1;
    }

    void expire() {
        long now = System.nanoTime();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (now - p.sentAtNanos() > OP_TIMEOUT_NANOS) {
                it.remove();
                busy.remove(p.mac());
                lost++;
            }
        }
    }

    /** The journal the killed server left: every acknowledged lease, nothing twice. */
    void verifyJournal(Path file, String where) {
        String at = where + " (seed " + seed + ")";
        try (LeaseJournal journal = LeaseJournal.open(file, InstantSource.system())) {
            for (LeaseJournal.Problem problem : journal.loadReport().problems()) {
                assertEquals(LeaseJournal.Problem.Kind.TORN, problem.kind(), problem + ": " + at);
            }
            for (Map.Entry<Long, Acked> e : acked.entrySet()) {
                ClientKey key = ClientKey.hardware(1, macBytes(e.getKey()));
                Acked a = e.getValue();
                Lease lease = journal.findByClient(key).orElse(null);
                assertNotNull(lease, () -> "acknowledged lease of " + key + " (" + Ipv4.format(a.address())
                        + ") lost " + at);
                assertEquals(Ipv4.format(a.address()), Ipv4.format(lease.address()), () -> lease + " " + at);
                assertEquals(Lease.State.ACTIVE, lease.state(), () -> lease + " " + at);
                assertTrue(lease.end() >= a.sentAtMillis() + a.leaseMillis(),
                        () -> lease + " shorter than acknowledged (request sent at " + a.sentAtMillis() + ", "
                                + a.leaseMillis() + " ms) " + at);
            }
            Set<Integer> addresses = new HashSet<>();
            Set<ClientKey> clients = new HashSet<>();
            for (Lease lease : journal.leases()) {
                assertTrue(addresses.add(lease.address()), () -> "address twice: " + lease + " " + at);
                assertTrue(clients.add(lease.client()), () -> "client twice: " + lease + " " + at);
            }
        }
    }
}
