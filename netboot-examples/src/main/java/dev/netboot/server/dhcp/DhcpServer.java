package dev.netboot.server.dhcp;

import dev.netboot.dhcp.Ipv4;
import dev.netboot.server.dhcp.lease.AddressAllocator;
import dev.netboot.server.dhcp.lease.LeaseJournal;
import dev.netboot.server.dhcp.lease.LeaseStore;
import dev.netboot.server.dhcp.lease.LeaseStoreException;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.unix.RawUnixChannelOption;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference DHCP server (RFC 2131) and proxyDHCP server (PXE 2.1) over Netty UDP: bound per
 * interface with {@code SO_BINDTODEVICE} (epoll transport), so that it knows on which interface
 * a broadcast arrived and answers through it; leases in a {@link LeaseStore} (by default a
 * {@link LeaseJournal}), each fsync'd before its DHCPACK; addresses, boot files and options
 * from a {@link BootPolicy}.
 *
 * <pre>{@code
 * try (DhcpServer server = DhcpServer.builder(policy)
 *         .interfaces("eth1").leaseFile(Path.of("/var/lib/netboot/dhcp.leases")).start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>In proxy mode the server needs port 67 on the segment where the address-giving DHCP server
 * runs: on another host of that segment (as tested beside dnsmasq), nothing collides. On the
 * same host, both would bind {@code 0.0.0.0:67}; dnsmasq with {@code bind-interfaces} lets a
 * second socket share the port, but unicast datagrams to the shared address (clients renewing
 * with that server) would then reach only one of the two sockets, so the proxy belongs on
 * another host (or in its own network namespace on a bridge).
 *
 * <p>Thread-safe. {@link Builder#start()} throws {@link DhcpServerException} with a one-line
 * message when an interface is missing, a port is in use or the journal cannot be opened.
 */
public final class DhcpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpServer.class);
    /** Linux {@code SOL_SOCKET} and {@code SO_BINDTODEVICE}. */
    private static final int SOL_SOCKET = 1;
    private static final int SO_BINDTODEVICE = 25;
    /** Interface names are at most IFNAMSIZ - 1 = 15 bytes. */
    private static final int IFNAMSIZ = 16;
    /** Largest datagram read whole (DHCP over Ethernet fits in 1500 bytes); longer ones are cut. */
    private static final int MAX_DATAGRAM = 4096;
    /** Datagrams read per system call (recvmmsg) when that many are waiting. */
    private static final int RECEIVE_BATCH = 8;
    /**
     * Kernel receive buffer: absorbs bursts (a power cut brings every client back at once) and
     * pauses of the process (garbage collection, a busy machine): about 1000 requests.
     */
    private static final int RECEIVE_BUFFER = 1 << 20;

    private final DhcpEngine engine;
    private final EventLoopGroup group;
    private final List<Channel> channels;
    private final List<Link> links;
    private final LeaseStore store;
    private final boolean ownsStore;
    private volatile boolean closed;

    private DhcpServer(DhcpEngine engine, EventLoopGroup group, List<Channel> channels, List<Link> links,
            LeaseStore store, boolean ownsStore) {
        this.engine = engine;
        this.group = group;
        this.channels = channels;
        this.links = links;
        this.store = store;
        this.ownsStore = ownsStore;
    }

    /** A builder for a server that decides with {@code policy}. */
    public static Builder builder(BootPolicy policy) {
        return new Builder(policy);
    }

    /** A snapshot of the counters. */
    public DhcpCounters counters() {
        return engine.counters();
    }

    /** The lease store (null in proxy mode). */
    public LeaseStore leaseStore() {
        return store;
    }

    /** The links served (one per interface, or one unbound link). */
    public List<Link> links() {
        return links;
    }

    /** The local addresses of the bound sockets (useful with port 0 in tests). */
    public List<InetSocketAddress> localAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (Channel c : channels) {
            out.add((InetSocketAddress) c.localAddress());
        }
        return out;
    }

    /** Stops serving, then makes the lease store durable and closes it (if the server opened it). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Channel c : channels) {
            c.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        if (ownsStore && store != null) {
            store.close();
        }
        LOG.info("DHCP server stopped: {}", engine.counters());
    }

    /** Settings of a {@link DhcpServer}; not thread-safe. */
    public static final class Builder {
        private final BootPolicy policy;
        private final List<String> interfaces = new ArrayList<>();
        private String bindAddress = "0.0.0.0";
        private Integer serverAddress;
        private int port = 67;
        private int clientPort = 68;
        private int relayPort = 67;
        private int pxePort = 4011;
        private boolean proxy;
        private Path leaseFile;
        private LeaseStore leaseStore;
        private InstantSource clock = InstantSource.system();
        private Duration offerHold = AddressAllocator.DEFAULT_OFFER_HOLD;
        private Duration declinePeriod = AddressAllocator.DEFAULT_DECLINE_PERIOD;
        private Duration defaultLease = Duration.ofHours(12);
        private Duration maxLease = Duration.ofDays(1);
        private boolean forceNio;
        private HttpBootUrls httpBoot;

        private Builder(BootPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
        }

        /** Serves on these interfaces (one socket each, bound to the device). */
        public Builder interfaces(String... names) {
            interfaces.addAll(List.of(names));
            return this;
        }

        /** Serves on these interfaces. */
        public Builder interfaces(List<String> names) {
            interfaces.addAll(names);
            return this;
        }

        /**
         * Without interfaces: the local address to bind (default 0.0.0.0). Replies to broadcast
         * then follow the routing table; use this for relayed traffic or tests.
         */
        public Builder bindAddress(String address) {
            this.bindAddress = address;
            return this;
        }

        /**
         * Without interfaces: the server identifier (54) and link address; defaults to the bind
         * address when that is not the wildcard.
         */
        public Builder serverAddress(String address) {
            this.serverAddress = Ipv4.parse(address);
            return this;
        }

        /** The server port (67); 0 picks a free port (tests). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The port replies to clients go to (68). */
        public Builder clientPort(int port) {
            this.clientPort = port;
            return this;
        }

        /** The port replies to relay agents go to (67). */
        public Builder relayPort(int port) {
            this.relayPort = port;
            return this;
        }

        /** The PXE boot server port served in proxy mode (4011); 0 picks a free port. */
        public Builder pxePort(int port) {
            this.pxePort = port;
            return this;
        }

        /**
         * Points UEFI HTTP boot clients (vendor class {@code HTTPClient}) at an HTTP boot server on this
         * host: a relative boot file is sent as {@code http://<server address>[:port]<prefix><file>},
         * with option 60 {@code HTTPClient}. Without it, such clients get the file as decided.
         */
        public Builder httpBoot(int httpPort, String pathPrefix) {
            this.httpBoot = new HttpBootUrls(httpPort, pathPrefix);
            return this;
        }

        /** proxyDHCP mode: boot information for PXE/HTTP clients only, no addresses. */
        public Builder proxy(boolean proxy) {
            this.proxy = proxy;
            return this;
        }

        /** The lease journal to open (and close with the server). */
        public Builder leaseFile(Path file) {
            this.leaseFile = file;
            return this;
        }

        /** A lease store owned by the caller (not closed by the server). */
        public Builder leaseStore(LeaseStore store) {
            this.leaseStore = store;
            return this;
        }

        /** The clock (leases, holds, rate limits). */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long an offered address is held for the client (15 s). */
        public Builder offerHold(Duration hold) {
            this.offerHold = hold;
            return this;
        }

        /** How long a declined address is set aside (24 h). */
        public Builder declinePeriod(Duration period) {
            this.declinePeriod = period;
            return this;
        }

        /** Lease times used when the policy gives none (12 h default, 24 h maximum). */
        public Builder leaseTimes(Duration defaultTime, Duration maxTime) {
            this.defaultLease = defaultTime;
            this.maxLease = maxTime;
            return this;
        }

        /** Uses the NIO transport even where epoll is available (tests; no interface binding). */
        Builder forceNio() {
            this.forceNio = true;
            return this;
        }

        /**
         * Opens the lease store and binds the sockets.
         *
         * @throws DhcpServerException with a one-line message when something is missing or in use
         */
        public DhcpServer start() {
            boolean epoll = !forceNio && Epoll.isAvailable();
            if (!interfaces.isEmpty() && !epoll) {
                throw new DhcpServerException("binding to an interface needs the Linux epoll transport: "
                        + Epoll.unavailabilityCause());
            }
            List<Link> links = resolveLinks();
            LeaseStore store = null;
            boolean owns = false;
            AddressAllocator allocator = null;
            if (!proxy) {
                if (leaseStore != null) {
                    store = leaseStore;
                } else if (leaseFile != null) {
                    store = openJournal(leaseFile);
                    owns = true;
                } else {
                    throw new DhcpServerException("no lease file given (a DHCP server needs one; or use --proxy)");
                }
                allocator = AddressAllocator.builder(store, clock).offerHold(offerHold).declinePeriod(declinePeriod)
                        .build();
            }
            DhcpEngine engine = new DhcpEngine(policy, allocator, store, clock, new DhcpEngine.Settings(clientPort,
                    relayPort, proxy, defaultLease.getSeconds(), maxLease.getSeconds(), httpBoot));
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                    epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
            List<Channel> channels = new ArrayList<>();
            try {
                for (Link link : links) {
                    channels.add(bind(group, epoll, engine, link, port, false));
                    if (proxy) {
                        channels.add(bind(group, epoll, engine, link, pxePort, true));
                    }
                }
            } catch (RuntimeException e) {
                for (Channel c : channels) {
                    c.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
                }
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
                if (owns) {
                    store.close();
                }
                throw e;
            }
            if (store != null) {
                LeaseStore s = store;
                group.next().scheduleAtFixedRate(s::expire, 1, 1, TimeUnit.MINUTES);
            }
            DhcpServer server = new DhcpServer(engine, group, List.copyOf(channels), List.copyOf(links), store, owns);
            for (Channel c : channels) {
                LOG.info("{} on {} udp {}", proxy ? "proxyDHCP server" : "DHCP server",
                        links.get(channels.indexOf(c) / (proxy ? 2 : 1)), ((InetSocketAddress) c.localAddress()).getPort());
            }
            return server;
        }

        private List<Link> resolveLinks() {
            List<Link> links = new ArrayList<>();
            if (interfaces.isEmpty()) {
                int bind = Ipv4.parse(bindAddress);
                int id = serverAddress != null ? serverAddress : bind;
                if (id == 0) {
                    throw new DhcpServerException("no interface and no server address: give --interface, or a "
                            + "server address (the server identifier) with the bind address");
                }
                links.add(Link.unbound(id));
                return links;
            }
            for (String name : interfaces) {
                if (name.getBytes(StandardCharsets.US_ASCII).length >= IFNAMSIZ) {
                    throw new DhcpServerException("interface name too long: " + name + " (at most 15 characters)");
                }
                NetworkInterface ni;
                try {
                    ni = NetworkInterface.getByName(name);
                } catch (SocketException e) {
                    throw new DhcpServerException("cannot look up interface " + name + ": " + e.getMessage(), e);
                }
                if (ni == null) {
                    throw new DhcpServerException("no such interface: " + name + " (available: " + available() + ")");
                }
                InterfaceAddress v4 = null;
                for (InterfaceAddress a : ni.getInterfaceAddresses()) {
                    if (a.getAddress() instanceof Inet4Address) {
                        v4 = a;
                        break;
                    }
                }
                if (v4 == null) {
                    throw new DhcpServerException("interface " + name + " has no IPv4 address (a DHCP server needs "
                            + "one: it is the server identifier)");
                }
                int address = serverAddress != null ? serverAddress : Ipv4.toInt(v4.getAddress());
                links.add(Link.of(name, address, v4.getNetworkPrefixLength()));
            }
            return links;
        }

        private static String available() {
            try {
                List<String> names = new ArrayList<>();
                for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    names.add(n.getName());
                }
                Collections.sort(names);
                return String.join(", ", names);
            } catch (SocketException e) {
                return "unknown";
            }
        }

        private LeaseStore openJournal(Path file) {
            try {
                LeaseJournal journal = LeaseJournal.open(file, clock);
                LeaseJournal.LoadReport r = journal.loadReport();
                LOG.info("lease journal {}: {} leases from {} records{}", file, r.leases(), r.records(),
                        r.problems().isEmpty() ? "" : ", " + r.problems().size() + " bad records skipped");
                return journal;
            } catch (LeaseStoreException e) {
                throw new DhcpServerException("lease journal: " + e.getMessage(), e);
            }
        }

        private Channel bind(EventLoopGroup group, boolean epoll, DhcpEngine engine, Link link, int port,
                boolean pxePort) {
            Bootstrap b = new Bootstrap().group(group)
                    .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                    .option(ChannelOption.SO_BROADCAST, true)
                    .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
                    .handler(new Handler(engine, link, pxePort));
            if (epoll) {
                // recvmmsg: up to RECEIVE_BATCH datagrams per system call under load.
                b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM).option(
                        ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM * RECEIVE_BATCH));
            } else {
                b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM));
            }
            InetSocketAddress local;
            if (link.interfaceName().isPresent()) {
                byte[] name = link.interfaceName().get().getBytes(StandardCharsets.US_ASCII);
                ByteBuffer value = ByteBuffer.allocateDirect(name.length + 1).put(name).put((byte) 0);
                value.flip();
                b.option(new RawUnixChannelOption("SO_BINDTODEVICE", SOL_SOCKET, SO_BINDTODEVICE, name.length + 1),
                        value);
                local = new InetSocketAddress(port);
            } else {
                local = new InetSocketAddress(Ipv4.toInet(Ipv4.parse(bindAddress)), port);
            }
            ChannelFuture f = b.bind(local).awaitUninterruptibly();
            if (!f.isSuccess()) {
                throw new DhcpServerException("cannot bind udp " + (local.getAddress().isAnyLocalAddress() ? "*"
                        : local.getAddress().getHostAddress()) + ":" + port + link.interfaceName().map(n -> " on " + n)
                        .orElse("") + ": " + explain(f.cause()), f.cause());
            }
            return f.channel();
        }

        private static String explain(Throwable cause) {
            String m = String.valueOf(cause.getMessage());
            String lower = m.toLowerCase(Locale.ROOT);
            if (lower.contains("address already in use")) {
                return "address already in use (is another DHCP server running?)";
            }
            if (lower.contains("permission denied")) {
                return "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)";
            }
            if (lower.contains("no such device")) {
                return "no such device";
            }
            return m.replace('\n', ' ');
        }
    }

    /**
     * One socket's handler: hands datagrams to the engine and is its reply sink. Replies are
     * written at once and flushed together after the batch of datagrams or commit completions
     * that produced them (one sendmmsg for many replies under load).
     */
    private static final class Handler extends SimpleChannelInboundHandler<DatagramPacket> implements DhcpEngine.Sink {
        private final DhcpEngine engine;
        private final Link link;
        private final boolean pxePort;
        private final Runnable flush = this::flush;
        private volatile Channel channel;
        /** Event-loop confined: a flush is queued behind the work now running. */
        private boolean flushQueued;

        Handler(DhcpEngine engine, Link link, boolean pxePort) {
            this.engine = engine;
            this.link = link;
            this.pxePort = pxePort;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            channel = ctx.channel();
            super.channelActive(ctx);
        }

        @Override
        public void channelRegistered(ChannelHandlerContext ctx) throws Exception {
            channel = ctx.channel();
            super.channelRegistered(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            engine.handle(packet.content(), packet.sender(), link, pxePort, this);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("socket error on {} (a reply not sent, or a datagram not read): {}", link, cause.toString());
        }

        @Override
        public void send(ByteBuf content, InetSocketAddress recipient) {
            Channel c = channel;
            if (!c.eventLoop().inEventLoop()) {
                c.eventLoop().execute(() -> send(content, recipient));
                return;
            }
            // A failed send reaches exceptionCaught through the void promise.
            c.write(new DatagramPacket(content, recipient), c.voidPromise());
            if (!flushQueued) {
                flushQueued = true;
                c.eventLoop().execute(flush);
            }
        }

        private void flush() {
            flushQueued = false;
            channel.flush();
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (flushQueued) {
                flush();
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public Executor executor() {
            return channel.eventLoop();
        }

        @Override
        public ByteBufAllocator alloc() {
            return channel.alloc();
        }
    }

    @Override
    public String toString() {
        return "DhcpServer" + links;
    }
}
