package dev.netboot.server.tftp;

import dev.netboot.tftp.TftpAbortException;
import dev.netboot.tftp.TftpBlockSource;
import dev.netboot.tftp.TftpCodecException;
import dev.netboot.tftp.TftpErrorCode;
import dev.netboot.tftp.TftpOptions;
import dev.netboot.tftp.TftpPacket;
import dev.netboot.tftp.TransferMode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What all of a server's event loops share: the configuration, the path checks, the counters, the
 * per-client transfer counts and the running transfers (by client address and port). Turns a
 * request into a {@link ServerTransfer} with its file opened, or refuses it. Thread-safe.
 */
final class ServerState {
    static final Logger LOG = LoggerFactory.getLogger(TftpServer.class);
    /** At most this many lines about malformed datagrams per second. */
    private static final long MALFORMED_LOG_INTERVAL_NANOS = 100_000_000L;

    final TftpServerConfig config;
    final PathResolver resolver;
    final LongAdder requests = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder completed = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder sizeProbes = new LongAdder();
    final LongAdder active = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final ConcurrentHashMap<InetSocketAddress, ServerTransfer> running = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<InetAddress, Integer> perClient = new ConcurrentHashMap<>();
    /** Transfers reserved and not yet released, from all clients (the server-wide limit). */
    private final AtomicInteger reserved = new AtomicInteger();
    private final AtomicLong lastMalformedLog = new AtomicLong(Long.MIN_VALUE);
    private final LongAdder malformedSuppressed = new LongAdder();

    ServerState(TftpServerConfig config) {
        this.config = config;
        this.resolver = new PathResolver(config.root(), config.mapBackslash(), config.maxPathLength());
    }

    TftpCounters counters() {
        return new TftpCounters(requests.sum(), refused.sum(), malformed.sum(), completed.sum(), failed.sum(),
                sizeProbes.sum(), active.sum(), bytesSent.sum(), bytesReceived.sum());
    }

    /**
     * Checks {@code request} and opens what it names.
     *
     * @throws RequestRefused when it must be answered with an ERROR (not yet logged or counted)
     */
    ServerTransfer accept(TftpPacket.Request request, InetSocketAddress client, ByteBufAllocator alloc) {
        boolean write = request instanceof TftpPacket.WriteRequest;
        if (request.mode() == TransferMode.MAIL) {
            throw new RequestRefused(TftpErrorCode.ILLEGAL_OPERATION, "Mail mode is not supported");
        }
        if (write && !config.allowWrite()) {
            throw new RequestRefused(TftpErrorCode.ACCESS_VIOLATION, "Writes are disabled",
                    "write request refused: the server is read-only (--allow-write)");
        }
        String path = resolver.normalize(request.filename());
        reserve(client.getAddress());
        try {
            return write ? openUpload((TftpPacket.WriteRequest) request, client, path)
                    : openRead((TftpPacket.ReadRequest) request, client, path, alloc);
        } catch (RuntimeException e) {
            release(client.getAddress());
            throw e;
        }
    }

    private ServerTransfer openRead(TftpPacket.ReadRequest request, InetSocketAddress client, String path,
            ByteBufAllocator alloc) {
        Optional<ByteBuf> generated;
        try {
            generated = config.dynamicFiles().content(new FileRequest(client, path, request.filename(),
                    request.options()));
        } catch (TftpAbortException e) {
            throw new RequestRefused(e.code(), e.getMessage(), "dynamic files refused: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("tftp dynamic files failed for {} from {}", LogText.quote(path), LogText.peer(client), e);
            throw new RequestRefused(TftpErrorCode.NOT_DEFINED, "Internal error", "dynamic files failed: " + e);
        }
        if (generated.isPresent()) {
            ByteBuf content = generated.get();
            return new ServerTransfer(this, client, request, path, "dynamic", TftpBlockSource.of(content), null,
                    content::release);
        }
        Path real = resolver.resolveExisting(path);
        FileChannel ch;
        long size;
        try {
            ch = FileChannel.open(real, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new RequestRefused(TftpErrorCode.FILE_NOT_FOUND, "File not found", "no such file");
        } catch (AccessDeniedException e) {
            throw new RequestRefused(TftpErrorCode.ACCESS_VIOLATION, "Access violation", "permission denied");
        } catch (IOException e) {
            throw new RequestRefused(TftpErrorCode.NOT_DEFINED, "Cannot open file", "cannot open: " + e);
        }
        try {
            size = ch.size();
        } catch (IOException e) {
            closeQuietly(ch);
            throw new RequestRefused(TftpErrorCode.NOT_DEFINED, "Cannot open file", "cannot read size: " + e);
        }
        FileSource source = new FileSource(ch, size, alloc);
        return new ServerTransfer(this, client, request, path, "file", source, null, source::close);
    }

    private ServerTransfer openUpload(TftpPacket.WriteRequest request, InetSocketAddress client, String path) {
        Optional<String> tsize = request.options().value(TftpOptions.TSIZE);
        if (tsize.isPresent()) {
            long announced = parseSize(tsize.get());
            if (announced > config.maxWriteSize()) {
                throw new RequestRefused(TftpErrorCode.DISK_FULL, "File exceeds the size limit of "
                        + config.maxWriteSize() + " bytes", "announced tsize " + announced + " exceeds the limit "
                        + config.maxWriteSize() + " (--max-write-size)");
            }
        }
        Path target = resolver.resolveForWrite(path, config.allowOverwrite());
        TempFileSink sink;
        try {
            sink = TempFileSink.create(target, config.maxWriteSize(), "--max-write-size");
        } catch (IOException e) {
            throw new RequestRefused(TftpErrorCode.ACCESS_VIOLATION, "Cannot create file", "cannot create: " + e);
        }
        return new ServerTransfer(this, client, request, path, "upload", null, sink, sink::discard);
    }

    private static long parseSize(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private void reserve(InetAddress client) {
        int all = reserved.incrementAndGet();
        if (all > config.maxTransfers()) {
            reserved.decrementAndGet();
            throw new RequestRefused(TftpErrorCode.NOT_DEFINED, "Server busy, try again later",
                    "server-wide limit of " + config.maxTransfers() + " concurrent transfers reached (--max-transfers)");
        }
        int limit = config.perClientLimit();
        boolean[] ok = {false};
        perClient.compute(client, (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= limit) {
                return n;
            }
            ok[0] = true;
            return count + 1;
        });
        if (!ok[0]) {
            reserved.decrementAndGet();
            throw new RequestRefused(TftpErrorCode.NOT_DEFINED, "Too many transfers from this client",
                    "per-client limit of " + limit + " concurrent transfers reached (--per-client-limit)");
        }
    }

    void release(InetAddress client) {
        reserved.decrementAndGet();
        perClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
    }

    /**
     * What a request port does with a new request: counts it, {@linkplain #accept accepts} it and
     * records it as running, or logs the refusal and queues its ERROR on {@code sender}.
     *
     * @return the accepted transfer, or null when refused (already answered)
     */
    ServerTransfer admit(TftpPacket.Request request, InetSocketAddress client, Channel ch, PacketSender sender) {
        requests.increment();
        ServerTransfer st;
        try {
            st = accept(request, client, ch.alloc());
        } catch (RequestRefused r) {
            logRefused(client, request, r);
            sender.send(ch, client, r.toPacket());
            return null;
        }
        running.put(client, st);
        return st;
    }

    /** Counts and logs a refused request (one line). */
    void logRefused(InetSocketAddress client, TftpPacket.Request request, RequestRefused r) {
        refused.increment();
        TftpErrorCode code = r.code();
        if (code.equals(TftpErrorCode.FILE_NOT_FOUND)) {
            LOG.info("tftp {} {} {} refused: ERROR {} {}", LogText.kind(request), LogText.peer(client),
                    LogText.quote(request.filename()), code.code(), r.getMessage());
        } else {
            LOG.warn("tftp {} {} {} refused: ERROR {} {}", LogText.kind(request), LogText.peer(client),
                    LogText.quote(request.filename()), code.code(), r.getMessage());
        }
    }

    /** Counts a datagram that did not decode, and logs it unless lines about such datagrams come too fast. */
    void logMalformed(InetSocketAddress from, TftpCodecException e) {
        malformed.increment();
        long now = System.nanoTime();
        long last = lastMalformedLog.get();
        if (last != Long.MIN_VALUE && now - last < MALFORMED_LOG_INTERVAL_NANOS) {
            malformedSuppressed.increment();
            return;
        }
        if (!lastMalformedLog.compareAndSet(last, now)) {
            malformedSuppressed.increment();
            return;
        }
        long suppressed = malformedSuppressed.sumThenReset();
        LOG.warn("tftp malformed packet from {}: {}{}", LogText.peer(from), e.getMessage(),
                suppressed == 0 ? "" : " (" + suppressed + " more not logged)");
    }

    /**
     * Whether a datagram that did not decode deserves an ERROR in return: not when it claims to be an
     * ERROR itself (answering errors with errors lets two confused peers bounce them forever).
     */
    static boolean answerMalformed(ByteBuf datagram) {
        return datagram.readableBytes() < 2
                || datagram.getUnsignedShort(datagram.readerIndex()) != dev.netboot.tftp.TftpCodec.ERROR;
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // read-only: nothing lost
        }
    }
}
