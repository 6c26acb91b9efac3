package dev.netboot.server.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP boot server: serves a directory (the TFTP root) under a prefix ({@code /tftpboot/}) to
 * the clients of an {@link AddressAllowList}, as the write-up's Apache alias does, for iPXE and
 * UEFI HTTP boot. GET and HEAD, single byte ranges, If-Modified-Since, keep-alive and pipelining;
 * files are sent with zero copy ({@code sendfile}); paths are confined to the root as strictly as
 * a TFTP server confines them, and boot paths are never redirected (firmware fails on a 301):
 * {@code //} is served, a directory is a 404. {@code /metrics} gives every counter of the shared
 * {@link MetricsRegistry} in the Prometheus text format. One access-log line per request goes to
 * the SLF4J logger {@code dev.netboot.server.http.access}.
 *
 * <pre>{@code
 * HttpBootConfig config = HttpBootConfig.builder(Path.of("/var/lib/tftpboot"))
 *         .bind(new InetSocketAddress(80))
 *         .allowList(AddressAllowList.parse("127.0.0.1/8 192.168.0.0/16"))
 *         .build();
 * try (HttpBootServer server = new HttpBootServer(config)) {
 *     int port = server.start();
 *     ...
 * }
 * }</pre>
 *
 * <p>Uses the native epoll transport when available, NIO otherwise. Thread-safe: {@link #start()}
 * and {@link #close()} may be called from any thread; {@code close()} returns within two seconds
 * even with clients connected or downloads in progress.
 */
public final class HttpBootServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpBootServer.class);
    private static final long CLOSE_BUDGET_MILLIS = 1800;

    private final HttpBootConfig config;
    private final HttpMetrics metrics;
    private final Set<Channel> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger open = new AtomicInteger();
    private EventLoopGroup group;
    private Channel serverChannel;
    private boolean started;
    private boolean closed;

    /** A server with this configuration, not yet listening; registers its counters now. */
    public HttpBootServer(HttpBootConfig config) {
        this.config = config;
        this.metrics = new HttpMetrics(config.metrics());
    }

    /**
     * Binds and starts serving.
     *
     * @return the bound port (the chosen one when the configuration says port 0)
     * @throws HttpBootServerException when the root is not a readable directory or the address
     *     cannot be bound
     * @throws IllegalStateException when already started or closed
     */
    public synchronized int start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        Path realRoot;
        try {
            realRoot = config.root().toRealPath();
        } catch (IOException e) {
            throw new HttpBootServerException("HTTP root " + config.root() + ": " + e, e);
        }
        if (!Files.isDirectory(realRoot) || !Files.isReadable(realRoot)) {
            throw new HttpBootServerException("HTTP root " + config.root() + ": not a readable directory", null);
        }
        Site site = new Site(config, realRoot, config.prefixSegments(), config.metricsSegments(), metrics);
        boolean epoll = !config.forceNio() && Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelClass =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup g = new MultiThreadIoEventLoopGroup(config.ioThreads(), io);
        HttpLimits limits = config.limits();
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxRequestLineLength())
                .setMaxHeaderSize(limits.maxHeaderSize())
                .setMaxChunkSize(8192);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(g)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, 256)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (open.incrementAndGet() > limits.maxConnections()) {
                            open.decrementAndGet();
                            metrics.connectionsRefused.increment();
                            LOG.debug("{}: {} connections open (HttpLimits.maxConnections), closing", ch.remoteAddress(),
                                    limits.maxConnections());
                            ch.close();
                            return;
                        }
                        metrics.connectionsAccepted.increment();
                        metrics.connectionsOpen.increment();
                        connections.add(ch);
                        ch.closeFuture().addListener(f -> {
                            open.decrementAndGet();
                            metrics.connectionsOpen.decrement();
                            connections.remove(ch);
                        });
                        ch.pipeline().addLast("http", new HttpServerCodec(decoder));
                        ch.pipeline().addLast("boot", new HttpBootHandler(site));
                    }
                });
        ChannelFuture bind = bootstrap.bind(config.bindAddress()).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            Throwable cause = bind.cause();
            throw new HttpBootServerException("cannot bind HTTP server to " + format(config.bindAddress()) + ": "
                    + (cause == null ? "unknown" : cause.getMessage()), cause);
        }
        group = g;
        serverChannel = bind.channel();
        started = true;
        InetSocketAddress local = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("HTTP boot server on {} serving {} at {} (allow {}; metrics {}; {})", format(local), realRoot,
                config.prefix(), config.allowList(), config.metricsPath().isEmpty() ? "off" : config.metricsPath(),
                epoll ? "epoll" : "nio");
        return local.getPort();
    }

    /** The bound address; null before {@link #start()}. */
    public synchronized InetSocketAddress localAddress() {
        return serverChannel == null ? null : (InetSocketAddress) serverChannel.localAddress();
    }

    /** The configuration. */
    public HttpBootConfig config() {
        return config;
    }

    /** The registry this server counts into and exposes. */
    public MetricsRegistry metrics() {
        return config.metrics();
    }

    /** The transport in use after {@link #start()}: {@code epoll} or {@code nio}; null before. */
    public synchronized String transport() {
        if (serverChannel == null) {
            return null;
        }
        return serverChannel instanceof EpollServerSocketChannel ? "epoll" : "nio";
    }

    /**
     * Stops listening, closes every connection (downloads in progress are cut) and stops the I/O
     * threads, within two seconds. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!started) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_BUDGET_MILLIS);
        serverChannel.close().awaitUninterruptibly(remainingMillis(deadline) / 3);
        for (Channel c : connections) {
            c.close();
        }
        group.shutdownGracefully(0, remainingMillis(deadline) / 2, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(remainingMillis(deadline));
        LOG.info("HTTP boot server on {} stopped", format((InetSocketAddress) serverChannel.localAddress()));
    }

    private static long remainingMillis(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private static String format(InetSocketAddress a) {
        if (a == null) {
            return "?";
        }
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
