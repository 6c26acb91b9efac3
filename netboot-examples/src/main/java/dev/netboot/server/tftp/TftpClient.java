package dev.netboot.server.tftp;

import dev.netboot.tftp.FailureReason;
import dev.netboot.tftp.RetransmitPolicy;
import dev.netboot.tftp.TftpBlockSink;
import dev.netboot.tftp.TftpBlockSource;
import dev.netboot.tftp.TftpClientConfig;
import dev.netboot.tftp.TftpClientTransfer;
import dev.netboot.tftp.TftpCodec;
import dev.netboot.tftp.TftpErrorCode;
import dev.netboot.tftp.TftpEvent;
import dev.netboot.tftp.TftpOptions;
import dev.netboot.tftp.TftpPacket;
import dev.netboot.tftp.TftpTransfer;
import dev.netboot.tftp.TransferParameters;
import dev.netboot.tftp.TransferStats;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A TFTP client over Netty UDP, built on the same transfer machines as the server: reads and writes
 * files with any options (blksize, windowsize, tsize, timeout, or exactly the request a boot ROM
 * sends). Each transfer has a socket of its own and locks onto the port of the server's first
 * answer. Many transfers may run at once on the client's event loops.
 *
 * <pre>{@code
 * try (TftpClient client = TftpClient.create()) {
 *     client.download(new InetSocketAddress("10.0.0.1", 69), "pxelinux.0", Path.of("pxelinux.0"),
 *             TftpClientConfig.DEFAULT.withBlockSize(1468).withWindowSize(16));
 * }
 * }</pre>
 *
 * <p>With the epoll transport, a windowed download is read with UDP generic receive offload (the
 * kernel hands over a window of equal-sized datagrams in one read) or else with recvmmsg; an upload's
 * window is sent with UDP segmentation offload.
 *
 * <p>Thread-safe. Sinks and sources passed in are called on an event loop thread of the client,
 * one transfer at a time each; a {@link TftpBlockSink} gets borrowed buffers. A failed transfer
 * completes its future with {@link TftpTransferException}.
 */
public final class TftpClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final boolean epoll;
    private final boolean gso;
    private final boolean gro;
    private final InetAddress bindAddress;
    private final Set<DatagramChannel> channels = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * What a successful transfer ran with. Immutable and thread-safe.
     *
     * @param parameters the negotiated parameters
     * @param stats the counters at completion
     * @param server the server's transfer address and port
     */
    public record Result(TransferParameters parameters, TransferStats stats, InetSocketAddress server) {}

    private TftpClient(Builder b) {
        this.epoll = Transports.epoll(b.transport);
        this.gso = b.gso && Transports.gsoSupported(epoll);
        this.gro = b.gro && epoll;
        this.bindAddress = b.bindAddress;
        this.group = Transports.group(b.threads, epoll, "tftp-client");
    }

    /** A client with one event loop, epoll where available, UDP GRO for windowed downloads and GSO for uploads. */
    public static TftpClient create() {
        return builder().build();
    }

    /** A builder of a client. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether the epoll transport is used (else NIO). */
    public boolean isEpoll() {
        return epoll;
    }

    /**
     * Reads {@code remote} from {@code server} into {@code sink}.
     *
     * @return completes with the result, or exceptionally with {@link TftpTransferException}
     */
    public CompletableFuture<Result> get(InetSocketAddress server, String remote, TftpBlockSink sink,
            TftpClientConfig config) {
        return get(server, remote, sink, config, () -> { });
    }

    private CompletableFuture<Result> get(InetSocketAddress server, String remote, TftpBlockSink sink,
            TftpClientConfig config, Runnable cleanup) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(sink, "sink");
        return start(server, receiveBuffer(config.blockSize(), config.windowSize()),
                now -> TftpClientTransfer.get(remote, config, sink, now), cleanup);
    }

    /**
     * Sends exactly {@code request} (for example the options a boot ROM sends) and reads the file
     * into {@code sink}.
     */
    public CompletableFuture<Result> get(InetSocketAddress server, TftpPacket.ReadRequest request,
            RetransmitPolicy retransmit, TftpBlockSink sink) {
        Objects.requireNonNull(request, "request");
        int block = (int) request.options().value(TftpOptions.BLKSIZE).map(TftpClient::parse).orElse(512L).longValue();
        int window = (int) request.options().value(TftpOptions.WINDOWSIZE).map(TftpClient::parse).orElse(1L).longValue();
        return start(server, receiveBuffer(block, window),
                now -> TftpClientTransfer.get(request, retransmit, sink, now), () -> { });
    }

    /** Writes {@code source} to {@code remote} on {@code server}. */
    public CompletableFuture<Result> put(InetSocketAddress server, String remote, TftpBlockSource source,
            TftpClientConfig config) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(source, "source");
        return start(server, receiveBuffer(0, 0), now -> TftpClientTransfer.put(remote, config, source, now), () -> { });
    }

    /** Sends exactly {@code request} and writes {@code source}. */
    public CompletableFuture<Result> put(InetSocketAddress server, TftpPacket.WriteRequest request,
            RetransmitPolicy retransmit, TftpBlockSource source) {
        Objects.requireNonNull(request, "request");
        return start(server, receiveBuffer(0, 0), now -> TftpClientTransfer.put(request, retransmit, source, now),
                () -> { });
    }

    /**
     * Downloads {@code remote} into {@code local}, through a temporary file beside it that replaces
     * {@code local} only when the transfer completed (a failed download leaves nothing). Blocks.
     *
     * @throws TftpTransferException if the transfer fails
     */
    public Result download(InetSocketAddress server, String remote, Path local, TftpClientConfig config) {
        TempFileSink sink;
        try {
            sink = TempFileSink.create(local, -1, "");
        } catch (IOException e) {
            throw new TftpTransferException(FailureReason.SINK_ERROR, -1, "cannot create " + local + ": " + e);
        }
        // the sink is used on the transfer's event loop only: committed there on completion, and
        // discarded there when the transfer's socket closes (a no-op after the commit)
        CompletableFuture<Result> f = get(server, remote, sink, config, sink::discard).thenApply(r -> {
            try {
                sink.commit(true);
            } catch (IOException e) {
                throw new TftpTransferException(FailureReason.SINK_ERROR, -1, "cannot store " + local + ": " + e);
            }
            return r;
        });
        return await(f);
    }

    /**
     * Uploads {@code local} as {@code remote}. Blocks.
     *
     * @throws TftpTransferException if the file cannot be read or the transfer fails
     */
    public Result upload(InetSocketAddress server, Path local, String remote, TftpClientConfig config) {
        FileChannel ch;
        long size;
        try {
            ch = FileChannel.open(local, StandardOpenOption.READ);
            size = ch.size();
        } catch (IOException e) {
            throw new TftpTransferException(FailureReason.SOURCE_ERROR, -1, "cannot read " + local + ": " + e);
        }
        FileSource source = new FileSource(ch, size, PooledByteBufAllocator.DEFAULT);
        EventLoop loop = group.next();
        CompletableFuture<Result> f = start(loop, server, receiveBuffer(0, 0),
                now -> TftpClientTransfer.put(remote, config, source, now), source::close);
        return await(f);
    }

    private static Result await(CompletableFuture<Result> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(false);
            throw new TftpTransferException(FailureReason.ABORTED, -1, "interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TftpTransferException t) {
                throw t;
            }
            throw new TftpTransferException(FailureReason.ABORTED, -1, String.valueOf(e.getCause()));
        } catch (CancellationException e) {
            throw new TftpTransferException(FailureReason.ABORTED, -1, "cancelled");
        }
    }

    private static long parse(String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Bytes per datagram to read (one more than a full block), and datagrams per read. */
    private record ReceiveBuffer(int datagram, int batch) {}

    private static ReceiveBuffer receiveBuffer(int blockSize, int windowSize) {
        int block = blockSize > 0 ? blockSize : 512;
        int batch = Math.max(1, Math.min(windowSize, 16));
        // room for an OACK or ERROR longer than a tiny block (blksize 8 with several options)
        return new ReceiveBuffer(Math.max(block + TftpCodec.DATA_HEADER_LENGTH + 1, 1024), batch);
    }

    private CompletableFuture<Result> start(InetSocketAddress server, ReceiveBuffer rb,
            Function<Long, TftpTransfer> factory, Runnable cleanup) {
        return start(group.next(), server, rb, factory, cleanup);
    }

    private CompletableFuture<Result> start(EventLoop loop, InetSocketAddress server, ReceiveBuffer rb,
            Function<Long, TftpTransfer> factory, Runnable cleanup) {
        Objects.requireNonNull(server, "server");
        CompletableFuture<Result> result = new CompletableFuture<>();
        if (closed) {
            cleanup.run();
            result.completeExceptionally(new TftpTransferException(FailureReason.ABORTED, -1, "client closed"));
            return result;
        }
        DatagramChannel ch = Transports.newChannel(epoll);
        configure(ch, rb);
        loop.register(ch).addListener(rf -> {
            if (!rf.isSuccess()) {
                cleanup.run();
                result.completeExceptionally(new TftpTransferException(FailureReason.ABORTED, -1,
                        "cannot register a socket: " + rf.cause()));
                return;
            }
            ch.bind(new InetSocketAddress(bindAddress, 0)).addListener(bf -> {
                if (!bf.isSuccess()) {
                    ch.close();
                    cleanup.run();
                    result.completeExceptionally(new TftpTransferException(FailureReason.ABORTED, -1,
                            "cannot bind a socket: " + bf.cause()));
                    return;
                }
                channels.add(ch);
                ch.closeFuture().addListener(cf -> channels.remove(ch));
                TftpTransfer transfer;
                try {
                    transfer = factory.apply(System.nanoTime());
                } catch (RuntimeException e) {
                    ch.close();
                    cleanup.run();
                    result.completeExceptionally(e);
                    return;
                }
                Owner owner = new Owner(result, cleanup);
                TransferChannelHandler handler = new TransferChannelHandler(transfer, server, true,
                        new PacketSender(gso), owner, System::nanoTime);
                owner.handler = handler;
                ch.pipeline().addLast(handler);
                result.whenComplete((r, t) -> {
                    if (result.isCancelled()) {
                        ch.eventLoop().execute(() -> handler.abort(TftpErrorCode.NOT_DEFINED, "Cancelled"));
                    }
                });
                handler.start();
            });
        });
        return result;
    }

    private void configure(DatagramChannel ch, ReceiveBuffer rb) {
        Transports.configureReceive(ch, epoll, gro, rb.datagram(), rb.batch());
    }

    /**
     * Completes the future from the transfer's events: a success at once, a failure only once the
     * socket has closed and the cleanup has run, so that when a failed download's caller sees the
     * exception its temporary file is already gone.
     */
    private static final class Owner implements TransferChannelHandler.Owner {
        private final CompletableFuture<Result> result;
        private final Runnable cleanup;
        TransferChannelHandler handler;
        private TransferParameters parameters = TransferParameters.DEFAULT;
        private TftpTransferException failure;

        Owner(CompletableFuture<Result> result, Runnable cleanup) {
            this.result = result;
            this.cleanup = cleanup;
        }

        @Override
        public void onEvent(TftpEvent event) {
            if (event instanceof TftpEvent.Negotiated n) {
                parameters = n.parameters();
            } else if (event instanceof TftpEvent.Completed c) {
                result.complete(new Result(parameters, c.stats(), handler.peer()));
            } else if (event instanceof TftpEvent.Failed f && failure == null) {
                failure = new TftpTransferException(f.reason(), f.errorCode(), f.detail());
            }
        }

        @Override
        public void onClosed(TftpTransfer transfer) {
            try {
                cleanup.run();
            } finally {
                if (!result.isDone()) {
                    result.completeExceptionally(failure != null ? failure
                            : new TftpTransferException(FailureReason.ABORTED, -1, "transfer closed before completion"));
                }
            }
        }
    }

    /**
     * Stops every transfer (uploads and downloads in progress fail; a completed download stops
     * dallying) and the event loops. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (DatagramChannel ch : channels) {
            ch.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /** Settings of a {@link TftpClient}; not thread-safe. */
    public static final class Builder {
        private IoTransport transport = IoTransport.AUTO;
        private int threads = 1;
        private boolean gso = true;
        private boolean gro = true;
        private InetAddress bindAddress;

        private Builder() {
            try {
                bindAddress = InetAddress.getByAddress(new byte[4]);
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        }

        /** The Netty transport ({@link IoTransport#AUTO}). */
        public Builder transport(IoTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** Event loop threads (1). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads: " + threads + " (expected: 1 or more)");
            }
            this.threads = threads;
            return this;
        }

        /** Sends upload windows with UDP segmentation offload where supported (default on). */
        public Builder gso(boolean enabled) {
            this.gso = enabled;
            return this;
        }

        /**
         * Lets the kernel coalesce a received window into one read (UDP_GRO, epoll only; default on).
         * Off, or where the kernel lacks it, a window is read with one recvmmsg call instead.
         */
        public Builder gro(boolean enabled) {
            this.gro = enabled;
            return this;
        }

        /** The local address to send from (default: the wildcard address). */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * The client.
         *
         * @throws TftpServerException if the epoll transport was required but is not available
         */
        public TftpClient build() {
            return new TftpClient(this);
        }
    }
}
