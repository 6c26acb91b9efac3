package dev.netboot.server.tftp;

import dev.netboot.tftp.TftpErrorCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.DatagramChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The reference TFTP server (RFC 1350, 2347, 2348, 2349, 7440) over Netty UDP, built on the
 * transfer machines of {@code dev.netboot.tftp}. Serves files from a root directory (never from
 * outside it), generated files from {@link DynamicFiles}, and, when allowed, accepts uploads into
 * temporary files that replace nothing until they are complete. Each transfer answers from a port of
 * its own (RFC 1350), from a configured port range, or, in single-port mode, from the request port.
 * One log line per transfer (SLF4J logger {@code dev.netboot.server.tftp.TftpServer}).
 *
 * <pre>{@code
 * try (TftpServer server = TftpServerConfig.builder(Path.of("/srv/tftp")).port(69).start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #start} throws {@link TftpServerException} with a one-line message when the
 * root is missing or the port is taken; {@link #close} aborts running transfers (ERROR 0 to their
 * clients) and returns within about two seconds.
 */
public final class TftpServer implements AutoCloseable {
    /** Request datagrams up to this size are read whole (a maximal request is ~11 KiB). */
    private static final int REQUEST_BUFFER = 16 * 1024;

    private final TftpServerConfig config;
    private final ServerState state;
    private final EventLoopGroup group;
    private final List<Channel> listeners;
    private final boolean epoll;
    private final boolean gso;
    private volatile boolean closed;

    private TftpServer(TftpServerConfig config, ServerState state, EventLoopGroup group, List<Channel> listeners,
            boolean epoll, boolean gso) {
        this.config = config;
        this.state = state;
        this.group = group;
        this.listeners = listeners;
        this.epoll = epoll;
        this.gso = gso;
    }

    /**
     * Starts a server with {@code config}: binds the request port (or, in single-port mode with
     * epoll, one socket per event loop sharing it) and returns once it is bound.
     *
     * @throws TftpServerException if it cannot start
     */
    public static TftpServer start(TftpServerConfig config) {
        ServerState state;
        try {
            state = new ServerState(config);
        } catch (IllegalArgumentException e) {
            throw new TftpServerException(e.getMessage(), e);
        }
        boolean epoll = Transports.epoll(config.transport());
        boolean gso = config.gso() && Transports.gsoSupported(epoll);
        EventLoopGroup group = Transports.group(config.threads(), epoll, "tftp-server");
        List<Channel> listeners = new ArrayList<>();
        try {
            int sockets = config.singlePort() && epoll ? config.threads() : 1;
            int port = config.port();
            if (sockets > 1 && port != 0) {
                requireFree(config, port); // SO_REUSEPORT would silently share the port with another server
            }
            for (int i = 0; i < sockets; i++) {
                ChannelHandler handler = config.singlePort() ? new SharedPortHandler(state, gso)
                        : new RequestListener(state, group, epoll, gso);
                Channel ch = bind(group, epoll, config, sockets > 1, port, handler);
                listeners.add(ch);
                port = ((InetSocketAddress) ch.localAddress()).getPort();
            }
        } catch (RuntimeException e) {
            for (Channel c : listeners) {
                c.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
            throw e;
        }
        TftpServer server = new TftpServer(config, state, group, List.copyOf(listeners), epoll, gso);
        ServerState.LOG.info("TFTP server on udp {} serving {} ({}, {}{}{}{})", LogText.peer(server.localAddress()),
                state.resolver.root(), epoll ? (gso ? "epoll+gso" : "epoll") : "nio",
                config.singlePort() ? "single port" : config.portRange().map(r -> "ports " + r).orElse("ephemeral ports"),
                config.allowWrite() ? ", writable" : ", read-only", config.allowOverwrite() ? ", overwrite" : "",
                config.dynamicFiles() == DynamicFiles.NONE ? "" : ", dynamic files");
        return server;
    }

    private static Channel bind(EventLoopGroup group, boolean epoll, TftpServerConfig config, boolean reusePort,
            int port, ChannelHandler handler) {
        DatagramChannel ch = Transports.newChannel(epoll);
        int receive = REQUEST_BUFFER;
        if (config.singlePort() && config.allowWrite()) {
            receive = Math.max(receive, config.policy().maxBlockSize() + 5); // uploads arrive on this socket
        }
        ch.config().setRecvByteBufAllocator(new FixedRecvByteBufAllocator(receive));
        ch.config().setOption(ChannelOption.SO_RCVBUF, 1 << 20);
        if (reusePort) {
            ch.config().setOption(EpollChannelOption.SO_REUSEPORT, true);
        }
        if (epoll && !config.singlePort() && config.bindAddress().isAnyLocalAddress()) {
            // learn which local address each request was sent to, and answer the transfer from it
            ch.config().setOption(EpollChannelOption.IP_RECVORIGDSTADDR, true);
        }
        ch.pipeline().addLast(handler);
        ChannelFuture reg = group.next().register(ch).awaitUninterruptibly();
        if (!reg.isSuccess()) {
            ch.close();
            throw new TftpServerException("cannot register a socket: " + reg.cause(), reg.cause());
        }
        InetSocketAddress local = new InetSocketAddress(config.bindAddress(), port);
        ChannelFuture f = ch.bind(local).awaitUninterruptibly();
        if (!f.isSuccess()) {
            ch.close();
            throw new TftpServerException("cannot bind udp " + config.bindAddress().getHostAddress() + ":" + port
                    + ": " + explain(f.cause()), f.cause());
        }
        return ch;
    }

    private static void requireFree(TftpServerConfig config, int port) {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(null)) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(config.bindAddress(), port));
        } catch (java.io.IOException e) {
            throw new TftpServerException("cannot bind udp " + config.bindAddress().getHostAddress() + ":" + port + ": "
                    + explain(e), e);
        }
    }

    private static String explain(Throwable cause) {
        String m = String.valueOf(cause.getMessage());
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("address already in use")) {
            return "address already in use (is another TFTP server running?)";
        }
        if (lower.contains("permission denied")) {
            return "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)";
        }
        if (lower.contains("cannot assign requested address")) {
            return "no such local address";
        }
        return m.replace('\n', ' ');
    }

    /** The configuration the server runs with. */
    public TftpServerConfig config() {
        return config;
    }

    /**
     * The configured address and the port requests are received on (the actual port when configured
     * with 0).
     */
    public InetSocketAddress localAddress() {
        return new InetSocketAddress(config.bindAddress(), ((InetSocketAddress) listeners.get(0).localAddress()).getPort());
    }

    /** A snapshot of the counters. */
    public TftpCounters counters() {
        return state.counters();
    }

    /** Whether the epoll transport is used (else NIO). */
    public boolean isEpoll() {
        return epoll;
    }

    /** Whether windows are sent with UDP segmentation offload. */
    public boolean isGso() {
        return gso;
    }

    /**
     * Stops serving: aborts running transfers with ERROR 0 (uploads in progress leave nothing),
     * closes the sockets and stops the threads. Returns within about two seconds. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ServerTransfer st : state.running.values()) {
            st.abortFromAnyThread(TftpErrorCode.NOT_DEFINED, "Server shutting down");
        }
        for (Channel c : listeners) {
            c.close().awaitUninterruptibly(500, TimeUnit.MILLISECONDS);
        }
        boolean terminated = group.shutdownGracefully(0, 1, TimeUnit.SECONDS)
                .awaitUninterruptibly(1500, TimeUnit.MILLISECONDS);
        if (terminated) {
            // a transfer still binding its socket when the loops stopped: close its file now (no loop runs)
            for (ServerTransfer st : state.running.values()) {
                st.abandon("server stopped");
            }
        }
        ServerState.LOG.info("TFTP server stopped: {}", state.counters());
    }

    @Override
    public String toString() {
        return "TftpServer[" + config.root() + " on " + (listeners.isEmpty() ? "?" : localAddress()) + "]";
    }
}
