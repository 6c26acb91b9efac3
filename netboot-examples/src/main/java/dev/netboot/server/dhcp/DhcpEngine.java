package dev.netboot.server.dhcp;

import dev.netboot.dhcp.DhcpCodecException;
import dev.netboot.dhcp.DhcpDecoder;
import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.DhcpMessageReader;
import dev.netboot.dhcp.DhcpWriter;
import dev.netboot.dhcp.Ipv4;
import dev.netboot.dhcp.MessageType;
import dev.netboot.server.dhcp.lease.AddressAllocator;
import dev.netboot.server.dhcp.lease.AddressPool;
import dev.netboot.server.dhcp.lease.ClientKey;
import dev.netboot.server.dhcp.lease.Lease;
import dev.netboot.server.dhcp.lease.LeaseConflictException;
import dev.netboot.server.dhcp.lease.LeaseStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol logic of the DHCP server (RFC 2131 §4.3) and of proxyDHCP (PXE 2.1), without
 * sockets: a datagram and the link it came from go in, replies go out through a {@link Sink}.
 * DHCPACKs for new or renewed leases are sent only once the lease store reports the lease durable.
 *
 * <p>Thread-safe: per-thread decoders and writers; the allocator and store synchronise
 * themselves. Buffer ownership: {@link #handle} never releases the datagram it is given (it
 * retains it while a lease commit is pending); every reply buffer is handed to the sink, which
 * owns it from then on.
 */
final class DhcpEngine {
    static final Logger LOG = LoggerFactory.getLogger(DhcpEngine.class);
    /** Transaction log: one line per OFFER, ACK, NAK, RELEASE, DECLINE, INFORM. */
    static final Logger TX = LoggerFactory.getLogger("dev.netboot.server.dhcp.transactions");

    /**
     * Shortest lease granted for a client's requested lease time (option 51) when the policy sets no
     * minimum, so that a client cannot ask for a lease that frees its address at once.
     */
    static final long MIN_REQUESTED_LEASE_SECONDS = 60;

    private static final int BROADCAST = 0xffffffff;
    private static final int BROADCAST_FLAG = 0x8000;
    /** PXE discovery control (43.6) = 8: boot the file in this offer, no menu, no discovery. */
    private static final byte[] PXE_DISCOVERY_CONTROL_BOOT_NOW = {6, 1, 8, (byte) 255};
    private static final byte[] PXE_CLIENT = "PXEClient".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP_CLIENT = "HTTPClient".getBytes(StandardCharsets.US_ASCII);

    /** Where replies go, and on which thread continuations run; thread-safe. */
    interface Sink {
        /** Sends {@code content} (ownership passes to the sink) to {@code recipient}. */
        void send(ByteBuf content, InetSocketAddress recipient);

        /** Runs lease-commit continuations (a Netty event loop). */
        Executor executor();

        /** Allocates reply buffers. */
        ByteBufAllocator alloc();
    }

    /**
     * Settings of the engine.
     *
     * @param clientPort where clients listen (68)
     * @param relayPort where relay agents listen (67)
     * @param proxy proxyDHCP mode: boot information only, no addresses
     * @param defaultLeaseSeconds lease time when neither the policy nor the client says
     * @param maxLeaseSeconds longest lease when the policy does not say
     * @param httpBoot where UEFI HTTP boot clients fetch relative boot files, or null to send them as
     *     decided (an HTTP URL in the decision is always sent with option 60 {@code HTTPClient})
     */
    record Settings(int clientPort, int relayPort, boolean proxy, long defaultLeaseSeconds, long maxLeaseSeconds,
            HttpBootUrls httpBoot) {
        Settings(int clientPort, int relayPort, boolean proxy, long defaultLeaseSeconds, long maxLeaseSeconds) {
            this(clientPort, relayPort, proxy, defaultLeaseSeconds, maxLeaseSeconds, null);
        }
    }

    private static final class Worker {
        final DhcpMessageReader reader = DhcpDecoder.lenient().newReader();
        final DhcpWriter writer = new DhcpWriter();
        final long[] written = new long[4];
    }

    private final BootPolicy policy;
    private final AddressAllocator allocator;
    private final LeaseStore store;
    private final Settings settings;
    private final DhcpCounters.Live counters = new DhcpCounters.Live();
    private final RateLimitedLog dropLog;
    private final ThreadLocal<Worker> workers = ThreadLocal.withInitial(Worker::new);

    /**
     * @param allocator null in proxy mode
     * @param store null in proxy mode
     */
    DhcpEngine(BootPolicy policy, AddressAllocator allocator, LeaseStore store, InstantSource clock, Settings settings) {
        this.policy = policy;
        this.allocator = allocator;
        this.store = store;
        this.settings = settings;
        this.dropLog = new RateLimitedLog(LOG, clock, 60_000);
        if (!settings.proxy() && (allocator == null || store == null)) {
            throw new IllegalArgumentException("a DHCP server needs an allocator and a lease store");
        }
    }

    DhcpCounters counters() {
        return counters.snapshot();
    }

    /**
     * Handles one datagram from {@code sender} that arrived on {@code link}.
     *
     * @param pxePort true when it arrived on the PXE boot server port (4011)
     */
    void handle(ByteBuf datagram, InetSocketAddress sender, Link link, boolean pxePort, Sink sink) {
        counters.received.increment();
        Worker w = workers.get();
        DhcpMessage m;
        try {
            m = w.reader.read(datagram);
        } catch (DhcpCodecException e) {
            drop(DropReason.MALFORMED, "from " + sender + ": " + e.getMessage());
            return;
        }
        try {
            dispatch(w, datagram, m, sender, link, pxePort, sink);
        } catch (RuntimeException e) {
            counters.drop(DropReason.INTERNAL_ERROR);
            LOG.error("internal error handling {} from {} on {}", m, sender, link, e);
        }
    }

    private void dispatch(Worker w, ByteBuf datagram, DhcpMessage m, InetSocketAddress sender, Link link,
            boolean pxePort, Sink sink) {
        if (m.op() != DhcpMessage.BOOTREQUEST) {
            drop(DropReason.WRONG_OP, "op " + m.op() + " from " + sender);
            return;
        }
        int rawHlen = datagram.getUnsignedByte(datagram.readerIndex() + 2);
        if (rawHlen > 16) {
            drop(DropReason.BAD_HLEN, "hlen " + rawHlen + " from " + sender);
            return;
        }
        MessageType type = m.messageType();
        if (type == null) {
            drop(DropReason.NO_MESSAGE_TYPE, (m.hasMagicCookie() ? "DHCP message" : "BOOTP message")
                    + " without option 53 from " + m.chaddrString() + " (" + sender + ")");
            return;
        }
        if (!settings.proxy()) {
            int idLength = clientIdentifierLength(m);
            if (idLength > ClientKey.MAX_IDENTIFIER) {
                drop(DropReason.MALFORMED, type + " from " + m.chaddrString() + ": client identifier (option 61) of "
                        + idLength + " bytes (expected: at most " + ClientKey.MAX_IDENTIFIER + ")");
                return;
            }
        }
        if (m.has(54) && m.optionInt(54, 0) != link.serverAddress()) {
            if (!settings.proxy() && type.equals(MessageType.REQUEST)) {
                // RFC 2131 4.3.2: the client declined our offer; free it now rather than when the hold lapses.
                allocator.withdrawOffer(key(m));
            }
            drop(DropReason.FOREIGN_SERVER_ID, type + " from " + m.chaddrString() + " for server "
                    + serverIdText(m));
            return;
        }
        if (settings.proxy()) {
            proxy(w, m, type, sender, link, pxePort, sink);
            return;
        }
        if (type.equals(MessageType.DISCOVER)) {
            discover(w, m, link, sink);
        } else if (type.equals(MessageType.REQUEST)) {
            request(w, datagram, m, link, sink);
        } else if (type.equals(MessageType.DECLINE)) {
            decline(m, link);
        } else if (type.equals(MessageType.RELEASE)) {
            release(m);
        } else if (type.equals(MessageType.INFORM)) {
            inform(w, m, link, sink);
        } else {
            drop(DropReason.UNEXPECTED_TYPE, type + " from " + m.chaddrString());
        }
    }

    // ------------------------------------------------------------------ DHCP

    private void discover(Worker w, DhcpMessage m, Link link, Sink sink) {
        BootDecision d = policy.decide(m, link);
        int address;
        if (d.fixedAddress().isPresent()) {
            address = d.fixedAddress().getAsInt();
        } else if (d.subnet().isEmpty()) {
            drop(DropReason.NO_SUBNET, "DISCOVER from " + m.chaddrString() + via(m, link));
            return;
        } else if (d.pool().isEmpty()) {
            drop(DropReason.NO_ADDRESS, "DISCOVER from " + m.chaddrString() + ": no pool on " + d.subnet().get()
                    + " admits it");
            return;
        } else {
            int requested = m.optionInt(50, 0);
            OptionalInt offered = allocator.offer(d.pool().get(), key(m),
                    requested == 0 ? OptionalInt.empty() : OptionalInt.of(requested));
            if (offered.isEmpty()) {
                drop(DropReason.NO_ADDRESS, "DISCOVER from " + m.chaddrString() + ": pool " + d.pool().get()
                        + " is exhausted");
                return;
            }
            address = offered.getAsInt();
        }
        long lease = leaseSeconds(d, m);
        ByteBuf reply = reply(w, m, MessageType.OFFER, link, d, address, lease, sink.alloc());
        if (reply == null) {
            return;
        }
        counters.offered.increment();
        sink.send(reply, destination(m, false));
        logTransaction("DHCPOFFER", address, m, link, lease, null, d);
    }

    private void request(Worker w, ByteBuf datagram, DhcpMessage m, Link link, Sink sink) {
        int requested = m.optionInt(50, 0);
        int ciaddr = m.ciaddr();
        boolean selecting = m.has(54);
        String state;
        int address;
        if (selecting) {
            state = "SELECTING";
            address = requested != 0 ? requested : ciaddr;
        } else if (requested != 0 && ciaddr == 0) {
            state = "INIT-REBOOT";
            address = requested;
        } else if (ciaddr != 0) {
            state = "RENEWING/REBINDING";
            address = ciaddr;
        } else {
            state = "?";
            address = 0;
        }
        if (address == 0) {
            drop(DropReason.MISSING_ADDRESS, "REQUEST from " + m.chaddrString() + " names no address");
            return;
        }
        BootDecision d = policy.decide(m, link);
        ClientKey key = key(m);
        if (d.fixedAddress().isPresent()) {
            int fixed = d.fixedAddress().getAsInt();
            if (address == fixed) {
                long lease = leaseSeconds(d, m);
                ByteBuf ack = reply(w, m, MessageType.ACK, link, d, fixed, lease, sink.alloc());
                if (ack != null) {
                    counters.acked.increment();
                    sink.send(ack, destination(m, false));
                    logTransaction("DHCPACK", fixed, m, link, lease, state, d);
                }
                return;
            }
            // A client with a reservation asks for another address (a dynamic one it held before
            // the host entry was added): free that lease, NAK, and it comes back for the fixed one.
            store.findByClient(key).filter(l -> l.state() == Lease.State.ACTIVE && l.address() == address)
                    .ifPresent(l -> allocator.release(key, address));
            nak(w, m, link, sink, "client has the fixed address " + Ipv4.format(fixed), state, address);
            return;
        }
        if (d.subnet().isEmpty()) {
            drop(DropReason.NO_SUBNET, "REQUEST (" + state + ") for " + Ipv4.format(address) + " from "
                    + m.chaddrString() + via(m, link));
            return;
        }
        Subnet subnet = d.subnet().get();
        boolean mayNak = selecting || d.authoritative();
        if (!subnet.contains(address)) {
            if (mayNak) {
                nak(w, m, link, sink, "address not on the client's network " + subnet, state, address);
            } else {
                drop(DropReason.NOT_AUTHORITATIVE, "REQUEST for " + Ipv4.format(address) + " outside " + subnet);
            }
            return;
        }
        AddressPool pool = d.pool().orElse(null);
        if (pool == null || !pool.contains(address)) {
            if (mayNak) {
                nak(w, m, link, sink, "address not in a pool for this client", state, address);
            } else {
                drop(DropReason.NOT_AUTHORITATIVE, "REQUEST for " + Ipv4.format(address) + " outside the pool");
            }
            return;
        }
        if (!selecting && !d.authoritative()) {
            Optional<Lease> own = store.findByAddress(address);
            if (own.isEmpty() || !own.get().client().equals(key)) {
                drop(DropReason.NOT_AUTHORITATIVE, "REQUEST (" + state + ") for " + Ipv4.format(address)
                        + " from " + m.chaddrString() + ": no lease on record");
                return;
            }
        }
        long lease = leaseSeconds(d, m);
        ByteBuf ack = reply(w, m, MessageType.ACK, link, d, address, lease, sink.alloc());
        if (ack == null) {
            return;
        }
        InetSocketAddress ackTo = destination(m, false);
        CompletableFuture<Lease> commit;
        try {
            commit = allocator.commit(pool, key, address, Duration.ofSeconds(lease), hostname(m));
        } catch (RuntimeException e) {
            ack.release();
            throw e;
        }
        if (commit.isDone() && !commit.isCompletedExceptionally()) {
            // Durable already (a store that completes synchronously).
            sendAck(sink, ack, ackTo, address, m, link, lease, state, d);
            return;
        }
        if (commit.isCompletedExceptionally()) {
            ack.release();
            failedCommit(w, commit, m, link, sink, state, address, mayNak);
            return;
        }
        // The lease is not durable yet: keep the request for a NAK, answer when the store says.
        datagram.retain();
        String summary = d.summary();
        int xid = m.xid();
        commit.whenCompleteAsync((ok, error) -> {
            try {
                if (error == null) {
                    counters.acked.increment();
                    sink.send(ack, ackTo);
                    logLine("DHCPACK", address, xid, link, ackTo, lease, state, summary);
                } else {
                    ack.release();
                    DhcpMessage again = DhcpDecoder.lenient().decode(datagram);
                    failedCommit(workers.get(), commit, again, link, sink, state, address, mayNak);
                }
            } catch (RuntimeException e) {
                counters.drop(DropReason.INTERNAL_ERROR);
                LOG.error("internal error after the lease commit of {}", Ipv4.format(address), e);
            } finally {
                datagram.release();
            }
        }, sink.executor());
    }

    private void sendAck(Sink sink, ByteBuf ack, InetSocketAddress to, int address, DhcpMessage m, Link link,
            long lease, String state, BootDecision d) {
        counters.acked.increment();
        sink.send(ack, to);
        logTransaction("DHCPACK", address, m, link, lease, state, d);
    }

    private void failedCommit(Worker w, CompletableFuture<?> commit, DhcpMessage m, Link link, Sink sink,
            String state, int address, boolean mayNak) {
        Throwable error = cause(commit);
        if (error instanceof LeaseConflictException conflict) {
            if (mayNak) {
                nak(w, m, link, sink, conflict.getMessage(), state, address);
            } else {
                drop(DropReason.NOT_AUTHORITATIVE, conflict.getMessage());
            }
        } else {
            drop(DropReason.LEASE_STORE_FAILURE, "lease of " + Ipv4.format(address) + " for " + m.chaddrString()
                    + " not recorded, no ACK sent: " + error);
        }
    }

    private static Throwable cause(CompletableFuture<?> future) {
        try {
            future.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private void nak(Worker w, DhcpMessage m, Link link, Sink sink, String why, String state, int address) {
        ByteBuf out = sink.alloc().ioBuffer(DhcpWriter.BOOTP_MIN_LENGTH);
        try {
            DhcpWriter wr = w.writer;
            wr.beginReply(out, m, MessageType.NAK);
            if (m.giaddr() != 0) {
                // RFC 2131 4.3.2: the relay must broadcast a NAK to the client.
                wr.flags(m.flags() | BROADCAST_FLAG);
            }
            wr.optionInt(54, link.serverAddress());
            wr.optionText(56, why.length() > 200 ? why.substring(0, 200) : why);
            wr.finish();
        } catch (DhcpCodecException e) {
            out.release();
            drop(DropReason.REPLY_TOO_LARGE, "NAK to " + m.chaddrString() + ": " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        counters.naked.increment();
        sink.send(out, destination(m, true));
        if (TX.isInfoEnabled()) {
            TX.info("DHCPNAK {} to {} xid 0x{} via {} ({}): {}", Ipv4.format(address), m.chaddrString(),
                    Integer.toHexString(m.xid()), link, state, why);
        }
    }

    /**
     * RFC 2131 4.3.3: acted on only for an address of the client's pool that is offered or leased to
     * that client, so that each accepted DECLINE sets aside at most one address the client was given.
     */
    private void decline(DhcpMessage m, Link link) {
        int address = m.optionInt(50, 0);
        if (address == 0) {
            drop(DropReason.MISSING_ADDRESS, "DECLINE from " + m.chaddrString() + " names no address");
            return;
        }
        ClientKey key = key(m);
        AddressPool pool = policy.decide(m, link).pool().orElse(null);
        if (pool == null || !pool.contains(address) || !allocator.isOfferedOrLeasedTo(key, address)) {
            drop(DropReason.DECLINE_NOT_CLIENTS, "DECLINE of " + Ipv4.format(address) + " from " + m.chaddrString()
                    + ": not offered or leased to it in its pool");
            return;
        }
        allocator.decline(pool, key, address);
        counters.declined.increment();
        LOG.warn("DHCPDECLINE of {} from {}: the address is in use by someone else; set aside",
                Ipv4.format(address), m.chaddrString());
        if (TX.isInfoEnabled()) {
            TX.info("DHCPDECLINE {} from {}", Ipv4.format(address), m.chaddrString());
        }
    }

    private void release(DhcpMessage m) {
        int address = m.ciaddr();
        if (address == 0) {
            drop(DropReason.MISSING_ADDRESS, "RELEASE from " + m.chaddrString() + " without ciaddr");
            return;
        }
        ClientKey key = key(m);
        boolean leased = store.findByAddress(address)
                .filter(l -> l.state() == Lease.State.ACTIVE && l.client().equals(key)).isPresent();
        if (!leased) {
            drop(DropReason.NOTHING_TO_RELEASE, "RELEASE of " + Ipv4.format(address) + " from " + m.chaddrString()
                    + ": not leased to it");
            return;
        }
        counters.released.increment();
        allocator.release(key, address);
        if (TX.isInfoEnabled()) {
            TX.info("DHCPRELEASE {} from {}", Ipv4.format(address), m.chaddrString());
        }
    }

    private void inform(Worker w, DhcpMessage m, Link link, Sink sink) {
        BootDecision d = policy.decide(m, link);
        ByteBuf reply = reply(w, m, MessageType.ACK, link, d, 0, -1, sink.alloc());
        if (reply == null) {
            return;
        }
        counters.informed.increment();
        sink.send(reply, destination(m, false));
        logTransaction("DHCPACK(INFORM)", m.ciaddr(), m, link, -1, null, d);
    }

    // ------------------------------------------------------------------ proxyDHCP

    private void proxy(Worker w, DhcpMessage m, MessageType type, InetSocketAddress sender, Link link,
            boolean pxePort, Sink sink) {
        boolean http = m.optionStartsWith(60, HTTP_CLIENT);
        if (!http && !m.optionStartsWith(60, PXE_CLIENT) && !m.has(93)) {
            drop(DropReason.NOT_PXE_CLIENT, type + " from " + m.chaddrString());
            return;
        }
        MessageType replyType;
        InetSocketAddress to;
        if (pxePort && (type.equals(MessageType.REQUEST) || type.equals(MessageType.INFORM))) {
            replyType = MessageType.ACK;
            // The client has its address by now and listens where it sent from.
            to = sender.getAddress().isAnyLocalAddress() ? destination(m, false) : sender;
        } else if (!pxePort && type.equals(MessageType.DISCOVER)) {
            replyType = MessageType.OFFER;
            to = destination(m, false);
        } else if (!pxePort && type.equals(MessageType.REQUEST) && m.has(54)) {
            replyType = MessageType.ACK; // a REQUEST naming us (54 checked above)
            to = destination(m, false);
        } else {
            drop(DropReason.UNEXPECTED_TYPE, type + " from " + m.chaddrString() + " (proxy mode, port "
                    + (pxePort ? "4011" : "67") + ")");
            return;
        }
        BootDecision d = policy.decide(m, link);
        ByteBuf out = sink.alloc().ioBuffer(DhcpWriter.MIN_MAX_MESSAGE_SIZE);
        try {
            DhcpWriter wr = w.writer;
            wr.beginReply(out, m, replyType);
            wr.siaddr(d.nextServer().orElse(link.serverAddress()));
            String file = bootFile(d, http, link);
            if (file.length() < 128) {
                wr.file(file);
            }
            d.serverName().filter(s -> s.length() < 64).ifPresent(wr::sname);
            wr.optionInt(54, link.serverAddress());
            byte[] vendorClass = d.option(60);
            if (vendorClass != null) {
                wr.option(60, vendorClass);
            } else {
                wr.option(60, http ? HTTP_CLIENT : PXE_CLIENT);
            }
            int guid = m.indexOf(97);
            if (guid >= 0) {
                wr.option(97, m.buffer(), m.optionValueIndex(guid), m.optionLength(guid));
            }
            byte[] vendorOptions = d.option(43);
            if (vendorOptions != null) {
                wr.option(43, vendorOptions);
            } else if (!http && isBios(m)) {
                wr.option(43, PXE_DISCOVERY_CONTROL_BOOT_NOW);
            }
            long[] written = w.written;
            java.util.Arrays.fill(written, 0);
            mark(written, 60);
            mark(written, 43);
            mark(written, 97);
            if (file.length() >= 128 || m.has(55) && requested(m, 67)) {
                if (!file.isEmpty() && file.length() <= 255) {
                    wr.optionText(67, file);
                }
                mark(written, 67);
            }
            writeOptions(wr, m, d, written, false);
            wr.finish();
        } catch (DhcpCodecException e) {
            out.release();
            drop(DropReason.REPLY_TOO_LARGE, "proxy reply to " + m.chaddrString() + ": " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        counters.informed.increment();
        sink.send(out, to);
        logLine(replyType.equals(MessageType.OFFER) ? "proxy DHCPOFFER" : "proxy DHCPACK", 0, m.xid(), link, to, -1,
                pxePort ? "port 4011" : null, d.summary());
    }

    /** The decision's boot file; for an HTTP boot client, made a URL on our HTTP boot server if relative. */
    private String bootFile(BootDecision d, boolean httpClient, Link link) {
        String file = d.filename().orElse("");
        HttpBootUrls urls = settings.httpBoot();
        if (httpClient && urls != null && !file.isEmpty() && !HttpBootUrls.isUrl(file)) {
            return urls.url(link.serverAddress(), file);
        }
        return file;
    }

    private static boolean isBios(DhcpMessage m) {
        var arch = m.clientArchitecture();
        return arch == null || arch.code() == 0;
    }

    // ------------------------------------------------------------------ replies

    /** An OFFER or ACK with the decision's boot fields and options; null (and counted) if it does not fit. */
    private ByteBuf reply(Worker w, DhcpMessage m, MessageType type, Link link, BootDecision d, int yiaddr,
            long leaseSeconds, ByteBufAllocator alloc) {
        ByteBuf out = alloc.ioBuffer(DhcpWriter.MIN_MAX_MESSAGE_SIZE);
        try {
            DhcpWriter wr = w.writer;
            wr.beginReply(out, m, type);
            wr.yiaddr(yiaddr);
            if (leaseSeconds < 0) {
                wr.ciaddr(m.ciaddr()); // DHCPINFORM
            }
            if (d.nextServer().isPresent()) {
                wr.siaddr(d.nextServer().getAsInt());
            }
            boolean http = m.optionStartsWith(60, HTTP_CLIENT);
            String file = bootFile(d, http, link);
            if (!file.isEmpty() && file.length() < 128) {
                wr.file(file);
            }
            d.serverName().filter(s -> !s.isEmpty() && s.length() < 64).ifPresent(wr::sname);
            wr.optionInt(54, link.serverAddress());
            if (leaseSeconds >= 0) {
                wr.optionInt(51, (int) leaseSeconds);
                if (leaseSeconds != 0xffffffffL) {
                    wr.optionInt(58, (int) (leaseSeconds / 2));
                    wr.optionInt(59, (int) (leaseSeconds * 7 / 8));
                }
            }
            long[] written = w.written;
            java.util.Arrays.fill(written, 0);
            if (http && d.option(60) == null && HttpBootUrls.isUrl(file)) {
                // UEFI HTTP boot ignores an offer without it (UEFI 2.x, section 24.7)
                wr.option(60, HTTP_CLIENT);
                mark(written, 60);
            }
            // Subnet mask and routers go first and always: some firmware needs them unasked.
            for (int code : new int[] {1, 3}) {
                byte[] v = d.option(code);
                if (v != null) {
                    wr.option(code, v);
                    mark(written, code);
                }
            }
            if (!file.isEmpty() && (file.length() >= 128 || requested(m, 67)) && file.length() <= 255
                    && d.option(67) == null) {
                wr.optionText(67, file);
                mark(written, 67);
            }
            int omitted = writeOptions(wr, m, d, written, true);
            wr.finish();
            if (omitted > 0 && LOG.isDebugEnabled()) {
                LOG.debug("{} to {}: {} option(s) left out, no room within the client's maximum message size",
                        type, m.chaddrString(), omitted);
            }
            return out;
        } catch (DhcpCodecException e) {
            out.release();
            drop(DropReason.REPLY_TOO_LARGE, type + " to " + m.chaddrString() + ": " + e.getMessage());
            return null;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * The decision's options the client asked for, in the order of its parameter request list,
     * then those always sent; every option when the client sent no list. An option that fits nowhere
     * within the client's maximum message size (options, then file and sname) is left out and the
     * rest still go, as ISC dhcpd and dnsmasq do, rather than the whole reply being dropped: the
     * writer leaves the message intact when it refuses one. Returns how many were left out.
     */
    private static int writeOptions(DhcpWriter wr, DhcpMessage m, BootDecision d, long[] written,
            boolean allWithoutList) {
        int omitted = 0;
        int prl = m.indexOf(55);
        Map<Integer, byte[]> options = d.options();
        if (prl >= 0) {
            ByteBuf b = m.buffer();
            int at = m.optionValueIndex(prl);
            int n = m.optionLength(prl);
            for (int i = 0; i < n; i++) {
                int code = b.getUnsignedByte(at + i);
                byte[] v = options.get(code);
                if (v != null && !isMarked(written, code) && !engineOwned(code)) {
                    omitted += fits(wr, code, v) ? 0 : 1;
                    mark(written, code);
                }
            }
        }
        for (Map.Entry<Integer, byte[]> e : options.entrySet()) {
            int code = e.getKey();
            if (isMarked(written, code) || engineOwned(code)) {
                continue;
            }
            if (d.alwaysSend().contains(code) || (prl < 0 && allWithoutList)) {
                omitted += fits(wr, code, e.getValue()) ? 0 : 1;
                mark(written, code);
            }
        }
        return omitted;
    }

    /** Writes option {@code code}; false if it fits nowhere (the message is then as before). */
    private static boolean fits(DhcpWriter wr, int code, byte[] value) {
        try {
            wr.option(code, value);
            return true;
        } catch (DhcpCodecException tooBig) {
            return false;
        }
    }

    private static boolean requested(DhcpMessage m, int code) {
        int prl = m.indexOf(55);
        if (prl < 0) {
            return false;
        }
        ByteBuf b = m.buffer();
        int at = m.optionValueIndex(prl);
        for (int i = 0; i < m.optionLength(prl); i++) {
            if (b.getUnsignedByte(at + i) == code) {
                return true;
            }
        }
        return false;
    }

    /** Options the engine writes itself, whatever a policy says. */
    private static boolean engineOwned(int code) {
        return code == 0 || code == 50 || code == 51 || code == 52 || code == 53 || code == 54 || code == 55
                || code == 58 || code == 59 || code == 61 || code == 82 || code == 255;
    }

    private static void mark(long[] bits, int code) {
        bits[code >>> 6] |= 1L << (code & 63);
    }

    private static boolean isMarked(long[] bits, int code) {
        return (bits[code >>> 6] & (1L << (code & 63))) != 0;
    }

    /** RFC 2131 4.1: relay, else ciaddr, else broadcast (unicast to an unconfigured client needs an ARP entry). */
    private InetSocketAddress destination(DhcpMessage m, boolean nak) {
        if (m.giaddr() != 0) {
            return new InetSocketAddress(Ipv4.toInet(m.giaddr()), settings.relayPort());
        }
        if (!nak && m.ciaddr() != 0) {
            return new InetSocketAddress(Ipv4.toInet(m.ciaddr()), settings.clientPort());
        }
        return new InetSocketAddress(Ipv4.toInet(BROADCAST), settings.clientPort());
    }

    private long leaseSeconds(BootDecision d, DhcpMessage m) {
        long def = d.defaultLeaseSeconds() > 0 ? d.defaultLeaseSeconds() : settings.defaultLeaseSeconds();
        long max = d.maxLeaseSeconds() > 0 ? d.maxLeaseSeconds() : Math.max(settings.maxLeaseSeconds(), def);
        long min = Math.max(0, d.minLeaseSeconds());
        long t = def;
        int i = m.indexOf(51);
        if (i >= 0 && m.optionLength(i) == 4) {
            long floor = d.minLeaseSeconds() >= 0 ? d.minLeaseSeconds() : MIN_REQUESTED_LEASE_SECONDS;
            t = Math.max(Integer.toUnsignedLong(m.optionInt(51, 0)), floor);
        }
        return Math.min(Math.max(Math.min(t, max), min), 0xffffffffL);
    }

    /** Length of the client identifier (61), its RFC 3396 parts joined; 0 when absent. */
    private static int clientIdentifierLength(DhcpMessage m) {
        return Math.max(0, m.valueLength(61));
    }

    /**
     * The lease key: the client identifier (61), except that an identifier made of the hardware type
     * and chaddr (what iPXE and dhclient send) names the same interface as no identifier at all. A
     * machine that boots firmware without option 61 (EDK2, PXE ROMs) then iPXE or an OS with
     * {@code 01:<MAC>} keeps one lease, as with ISC dhcpd and dnsmasq, instead of taking two addresses.
     */
    static ClientKey key(DhcpMessage m) {
        int i = m.indexOf(61);
        if (i >= 0 && m.optionLength(i) > 0) {
            byte[] id = m.optionBytes(61);
            byte[] chaddr = m.chaddr();
            if (id.length != chaddr.length + 1 || (id[0] & 0xFF) != m.htype()
                    || !java.util.Arrays.equals(id, 1, id.length, chaddr, 0, chaddr.length)) {
                return ClientKey.clientIdentifier(id);
            }
        }
        return ClientKey.hardware(m.htype(), m.chaddr());
    }

    private static Optional<String> hostname(DhcpMessage m) {
        byte[] v = m.optionBytes(12);
        if (v == null) {
            return Optional.empty();
        }
        int n = v.length;
        while (n > 0 && v[n - 1] == 0) {
            n--;
        }
        if (n == 0 || n > 255) {
            return Optional.empty();
        }
        return Optional.of(new String(v, 0, n, StandardCharsets.ISO_8859_1));
    }

    // ------------------------------------------------------------------ logs

    private void drop(DropReason reason, String detail) {
        counters.drop(reason);
        dropLog.log(reason, detail);
    }

    private static String serverIdText(DhcpMessage m) {
        int i = m.indexOf(54);
        return m.optionLength(i) == 4 ? Ipv4.format(m.optionInt(54, 0)) : "(malformed option 54)";
    }

    private static String via(DhcpMessage m, Link link) {
        return m.giaddr() != 0 ? " via relay " + Ipv4.format(m.giaddr()) : " on " + link;
    }

    private void logTransaction(String what, int address, DhcpMessage m, Link link, long lease, String state,
            BootDecision d) {
        if (TX.isInfoEnabled()) {
            logLine(what, address, m.xid(), link, destination(m, false), lease, state, d.summary());
        }
    }

    private static void logLine(String what, int address, int xid, Link link, InetSocketAddress to, long lease,
            String state, String summary) {
        if (!TX.isInfoEnabled()) {
            return;
        }
        StringBuilder sb = new StringBuilder(160);
        sb.append(what);
        if (address != 0) {
            sb.append(' ').append(Ipv4.format(address));
        }
        sb.append(" xid 0x").append(Integer.toHexString(xid));
        sb.append(" via ").append(link).append(" to ").append(to.getAddress().getHostAddress()).append(':')
                .append(to.getPort());
        if (state != null) {
            sb.append(" (").append(state).append(')');
        }
        if (lease >= 0) {
            sb.append(" lease ").append(lease).append('s');
        }
        sb.append(" | ").append(summary);
        TX.info(sb.toString());
    }
}
