package dev.netboot.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.ChannelProgressivePromise;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection: answers complete requests one at a time, in order (pipelined requests wait in a
 * bounded queue and reading pauses meanwhile), files by zero-copy {@link DefaultFileRegion}, one
 * access-log line per request. A single timer closes the connection when no complete request
 * arrives within the idle timeout, or when a response makes no progress for that long. Confined
 * to the channel's event loop; not sharable.
 */
final class HttpBootHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpBootServer.class);
    /** One line per request, in a logger of its own so that it can be routed or silenced. */
    private static final Logger ACCESS = LoggerFactory.getLogger("dev.netboot.server.http.access");
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String METRICS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final int MAX_LOGGED_CHARS = 512;
    /** How long a closing connection keeps reading what the client still sends. */
    private static final long LINGER_MILLIS = 2000;

    /** A complete request waiting for its answer, or a failure to report (status != 0). */
    private record Pending(HttpMethod method, String uri, HttpVersion version, HttpHeaders headers,
            boolean keepAlive, Instant received, int failureStatus, String failureMessage) {
        boolean head() {
            return HttpMethod.HEAD.equals(method);
        }
    }

    private final Site site;
    private final HttpLimits limits;
    private ChannelHandlerContext ctx;
    private InetSocketAddress remote;
    private boolean permitted;

    private HttpRequest head;
    private Instant headReceived;
    private long bodyBytes;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean responding;
    /** No further request is read or answered; the connection closes after the queued answers. */
    private boolean closing;

    private ScheduledFuture<?> timer;
    /** When waiting: since when the connection waits for a request; when responding: last progress. */
    private long activityNanos;

    HttpBootHandler(Site site) {
        this.site = site;
        this.limits = site.config().limits();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.remote = (InetSocketAddress) ctx.channel().remoteAddress();
        this.permitted = site.config().allowList().permits(remote);
        touch();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        queue.clear();
        closing = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closing) {
                return;
            }
            if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
                decodeFailed(msg, o.decoderResult().cause());
                return;
            }
            if (msg instanceof HttpRequest request) {
                head = request;
                headReceived = site.config().clock().instant();
                bodyBytes = 0;
            }
            if (msg instanceof HttpContent content && head != null) {
                bodyBytes += content.content().readableBytes();
                if (bodyBytes > limits.maxRequestBody()) {
                    fail(head, 413, "request body exceeds " + limits.maxRequestBody()
                            + " bytes (HttpLimits.maxRequestBody)");
                    return;
                }
                if (msg instanceof LastHttpContent) {
                    HttpRequest r = head;
                    head = null;
                    enqueue(new Pending(r.method(), r.uri(), r.protocolVersion(), r.headers(),
                            HttpUtil.isKeepAlive(r), headReceived, 0, null));
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void decodeFailed(Object msg, Throwable cause) {
        int status;
        String message;
        if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            message = "request header fields exceed " + limits.maxHeaderSize() + " bytes (HttpLimits.maxHeaderSize)";
        } else if (cause instanceof TooLongHttpLineException) {
            status = 414;
            message = "request line exceeds " + limits.maxRequestLineLength()
                    + " bytes (HttpLimits.maxRequestLineLength)";
        } else {
            status = 400;
            message = "malformed request: " + cause.getMessage();
        }
        // when the request line itself was bad, the decoder hands over a placeholder request
        HttpRequest r = msg instanceof HttpRequest req
                ? (cause instanceof TooLongHttpHeaderException ? req : null)
                : head;
        fail(r, status, message);
    }

    /** Queues a final error answer; nothing more is read (the decoder may be in a broken state). */
    private void fail(HttpRequest r, int status, String message) {
        HttpMethod method = r != null ? r.method() : null;
        String uri = r != null ? r.uri() : "-";
        HttpVersion version = r != null && r.protocolVersion() != null ? r.protocolVersion() : HttpVersion.HTTP_1_1;
        HttpHeaders headers = r != null ? r.headers() : null;
        Instant received = r == head && headReceived != null ? headReceived : site.config().clock().instant();
        head = null;
        closing = true;
        ctx.channel().config().setAutoRead(false);
        queue.add(new Pending(method, uri, version, headers, false, received, status, message));
        if (!responding) {
            next();
        }
    }

    private void enqueue(Pending p) {
        if (responding && queue.size() >= limits.maxPipelinedRequests()) {
            LOG.debug("{}: more than {} pipelined requests (HttpLimits.maxPipelinedRequests), closing", remote,
                    limits.maxPipelinedRequests());
            closing = true;
            queue.clear();
            ctx.close();
            return;
        }
        queue.add(p);
        if (!responding) {
            next();
        } else {
            // backpressure: at most what one read decoded waits here
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** Answers the next queued request, or goes back to waiting for one. */
    private void next() {
        Pending p = queue.poll();
        if (p == null) {
            if (!closing && ctx.channel().isActive()) {
                touch();
                ctx.channel().config().setAutoRead(true);
            }
            return;
        }
        responding = true;
        touch();
        try {
            respond(p);
        } catch (RuntimeException e) {
            LOG.warn("{}: {} {}: {}", remote, p.method(), sanitize(p.uri()), e.toString(), e);
            responding = false;
            ctx.close();
        }
    }

    private void respond(Pending p) {
        if (p.failureStatus() != 0) {
            sendText(p, p.failureStatus(), p.failureMessage(), false, null);
            return;
        }
        if (!permitted) {
            site.metrics().denied.increment();
            sendText(p, 403, "client address " + remote.getAddress().getHostAddress()
                    + " is not in the allow-list", false, "denied");
            return;
        }
        if (!HttpMethod.GET.equals(p.method()) && !HttpMethod.HEAD.equals(p.method())) {
            sendText(p, 405, "only GET and HEAD are served", p.keepAlive(), "method");
            return;
        }
        BootPaths.Target target;
        try {
            target = BootPaths.parse(p.uri(), limits);
        } catch (PathRejectedException e) {
            reject(p, e);
            return;
        }
        List<String> segments = target.segments();
        if (site.metricsPath() != null && segments.equals(site.metricsPath())) {
            sendBytes(p, site.config().metrics().scrape().getBytes(StandardCharsets.UTF_8), METRICS_TYPE, null,
                    false, "metrics");
            return;
        }
        List<String> prefix = site.prefix();
        if (segments.size() < prefix.size() || !segments.subList(0, prefix.size()).equals(prefix)) {
            reject(p, new PathRejectedException(PathRejection.OUTSIDE_PREFIX, null));
            return;
        }
        List<String> relative = segments.subList(prefix.size(), segments.size());
        if (relative.isEmpty()) {
            // the root itself: a directory, never listed and never redirected
            reject(p, new PathRejectedException(PathRejection.DIRECTORY, null));
            return;
        }
        BootContentProvider provider = site.config().contentProvider();
        if (provider != BootContentProvider.NONE) {
            Optional<BootContent> content;
            try {
                content = provider.lookup(new BootRequest(remote, String.join("/", relative), target.query(),
                        headerMap(p.headers())));
            } catch (RuntimeException e) {
                LOG.warn("{}: content provider failed for {}: {}", remote, sanitize(p.uri()), e.toString(), e);
                sendText(p, 500, "content provider failed", p.keepAlive(), "provider");
                return;
            }
            if (content.isPresent()) {
                BootContent c = content.get();
                site.metrics().generated.increment();
                sendBytes(p, c.unsafeBytes(), c.contentType(), c.lastModified().orElse(null), true, "generated");
                return;
            }
        }
        Path file;
        try {
            file = BootPaths.resolveFile(site.realRoot(), relative);
        } catch (PathRejectedException e) {
            reject(p, e);
            return;
        }
        sendFile(p, file);
    }

    private void reject(Pending p, PathRejectedException e) {
        site.metrics().rejected(e.rejection);
        boolean keepAlive = p.keepAlive() && e.rejection.status != 400;
        sendText(p, e.rejection.status, e.getMessage(), keepAlive, e.rejection.label);
    }

    private void sendFile(Pending p, Path file) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            reject(p, new PathRejectedException(PathRejection.NO_ACCESS, null));
            return;
        } catch (IOException e) {
            reject(p, new PathRejectedException(PathRejection.NOT_FOUND, e.getClass().getSimpleName()));
            return;
        }
        long size;
        long modifiedSeconds;
        try {
            size = channel.size();
            modifiedSeconds = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).to(TimeUnit.SECONDS);
        } catch (IOException e) {
            closeQuietly(channel);
            sendText(p, 500, "cannot read file attributes", p.keepAlive(), "io");
            return;
        }
        if (notModified(p.headers(), modifiedSeconds)) {
            closeQuietly(channel);
            sendNotModified(p, modifiedSeconds);
            return;
        }
        ByteRange range = range(p.headers(), size, modifiedSeconds);
        if (range.kind() == ByteRange.Kind.UNSATISFIABLE) {
            closeQuietly(channel);
            sendUnsatisfiable(p, size);
            return;
        }
        boolean partial = range.kind() == ByteRange.Kind.PARTIAL;
        long first = partial ? range.first() : 0;
        long length = partial ? range.length() : size;
        HttpResponseStatus status = partial ? HttpResponseStatus.PARTIAL_CONTENT : HttpResponseStatus.OK;
        HttpResponse response = new DefaultHttpResponse(p.version(), status);
        HttpHeaders h = response.headers();
        h.set(HttpHeaderNames.CONTENT_LENGTH, length);
        h.set(HttpHeaderNames.CONTENT_TYPE, contentType(file.getFileName().toString()));
        h.set(HttpHeaderNames.LAST_MODIFIED, DateFormatter.format(new Date(modifiedSeconds * 1000)));
        h.set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        if (partial) {
            h.set(HttpHeaderNames.CONTENT_RANGE, "bytes " + range.first() + "-" + range.last() + "/" + size);
        }
        common(response, p.keepAlive());
        ctx.write(response);
        if (p.head() || length == 0) {
            closeQuietly(channel);
            finish(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), p, status.code(), () -> 0L,
                    p.keepAlive(), null);
            return;
        }
        // zero copy: sendfile(2) on both transports; the region closes the channel when released
        DefaultFileRegion region = new DefaultFileRegion(channel, first, length);
        ChannelProgressivePromise promise = ctx.newProgressivePromise();
        long[] sent = {0};
        promise.addListener(new ChannelProgressiveFutureListener() {
            @Override
            public void operationProgressed(ChannelProgressiveFuture future, long progress, long total) {
                sent[0] = progress;
                activityNanos = System.nanoTime();
            }

            @Override
            public void operationComplete(ChannelProgressiveFuture future) {
                if (future.isSuccess()) {
                    sent[0] = length;
                }
            }
        });
        ctx.write(region, promise);
        finish(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), p, status.code(), () -> sent[0],
                p.keepAlive(), null);
    }

    private void sendBytes(Pending p, byte[] body, String contentType, Instant lastModified, boolean ranges,
            String note) {
        long modifiedSeconds = lastModified == null ? -1 : lastModified.getEpochSecond();
        if (modifiedSeconds >= 0 && notModified(p.headers(), modifiedSeconds)) {
            sendNotModified(p, modifiedSeconds);
            return;
        }
        ByteRange range = ranges ? range(p.headers(), body.length, modifiedSeconds) : ByteRange.FULL;
        if (range.kind() == ByteRange.Kind.UNSATISFIABLE) {
            sendUnsatisfiable(p, body.length);
            return;
        }
        boolean partial = range.kind() == ByteRange.Kind.PARTIAL;
        int first = partial ? (int) range.first() : 0;
        int length = partial ? (int) range.length() : body.length;
        HttpResponseStatus status = partial ? HttpResponseStatus.PARTIAL_CONTENT : HttpResponseStatus.OK;
        FullHttpResponse response = new DefaultFullHttpResponse(p.version(), status,
                p.head() || length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body, first, length));
        HttpHeaders h = response.headers();
        h.set(HttpHeaderNames.CONTENT_LENGTH, length);
        h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
        if (modifiedSeconds >= 0) {
            h.set(HttpHeaderNames.LAST_MODIFIED, DateFormatter.format(new Date(modifiedSeconds * 1000)));
        }
        if (ranges) {
            h.set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        }
        if (partial) {
            h.set(HttpHeaderNames.CONTENT_RANGE, "bytes " + first + "-" + range.last() + "/" + body.length);
        } else if (!ranges) {
            h.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        }
        common(response, p.keepAlive());
        long bytes = p.head() ? 0 : length;
        finish(ctx.writeAndFlush(response), p, status.code(), () -> bytes, p.keepAlive(), note);
    }

    private void sendNotModified(Pending p, long modifiedSeconds) {
        FullHttpResponse response = new DefaultFullHttpResponse(p.version(), HttpResponseStatus.NOT_MODIFIED,
                Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.LAST_MODIFIED, DateFormatter.format(new Date(modifiedSeconds * 1000)));
        common(response, p.keepAlive());
        finish(ctx.writeAndFlush(response), p, 304, () -> 0L, p.keepAlive(), null);
    }

    private void sendUnsatisfiable(Pending p, long size) {
        sendText(p, 416, "range not satisfiable: the representation has " + size + " bytes", p.keepAlive(), "range",
                h -> {
                    h.set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
                    h.set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
                });
    }

    private void sendText(Pending p, int status, String message, boolean keepAlive, String note) {
        sendText(p, status, message, keepAlive, note, null);
    }

    private void sendText(Pending p, int status, String message, boolean keepAlive, String note,
            Consumer<HttpHeaders> extra) {
        HttpResponseStatus s = HttpResponseStatus.valueOf(status);
        byte[] body = (status + " " + s.reasonPhrase() + ": " + message + "\n").getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(p.version(), s,
                p.head() ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        HttpHeaders h = response.headers();
        h.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        h.set(HttpHeaderNames.CONTENT_TYPE, TEXT);
        if (status == 405) {
            h.set(HttpHeaderNames.ALLOW, "GET, HEAD");
        }
        if (extra != null) {
            extra.accept(h);
        }
        common(response, keepAlive);
        long bytes = p.head() ? 0 : body.length;
        finish(ctx.writeAndFlush(response), p, status, () -> bytes, keepAlive, note);
    }

    private void common(HttpResponse response, boolean keepAlive) {
        HttpHeaders h = response.headers();
        h.set(HttpHeaderNames.DATE, DateFormatter.format(Date.from(site.config().clock().instant())));
        h.set(HttpHeaderNames.SERVER, "netboot");
        HttpUtil.setKeepAlive(response, keepAlive);
    }

    /** Counts and logs the answer when it has been written, then closes or goes on. */
    private void finish(ChannelFuture written, Pending p, int status, LongSupplier bytes,
            boolean keepAlive, String note) {
        boolean close = !keepAlive;
        written.addListener(f -> {
            long sent = bytes.getAsLong();
            site.metrics().response(status, sent);
            accessLog(p, status, sent, f.isSuccess() ? note : (note == null ? "aborted" : note + ",aborted"));
            responding = false;
            if (!f.isSuccess()) {
                ctx.close();
            } else if (close) {
                lingerClose();
            } else {
                next();
            }
        });
    }

    /**
     * Closes after a final answer by sending FIN first and reading (and dropping) what the client
     * still sends for a moment: closing with unread input would send a reset, which can make the
     * client lose the answer (a 413 or 431 that explains why).
     */
    private void lingerClose() {
        closing = true;
        queue.clear();
        if (!(ctx.channel() instanceof DuplexChannel duplex) || !ctx.channel().isActive()) {
            ctx.close();
            return;
        }
        duplex.shutdownOutput().addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
            }
        });
        ctx.channel().config().setAutoRead(true);
        long linger = Math.min(LINGER_MILLIS, site.config().idleTimeout().toMillis());
        ctx.executor().schedule(() -> {
            ctx.close();
        }, linger, TimeUnit.MILLISECONDS);
    }

    private boolean notModified(HttpHeaders h, long modifiedSeconds) {
        if (h.contains(HttpHeaderNames.IF_NONE_MATCH)) {
            return false; // it takes precedence (RFC 9110, 13.1.3), and no entity tags are sent
        }
        String since = h.get(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (since == null) {
            return false;
        }
        Date d = DateFormatter.parseHttpDate(since);
        return d != null && modifiedSeconds <= d.getTime() / 1000;
    }

    private ByteRange range(HttpHeaders h, long size, long modifiedSeconds) {
        String header = h.get(HttpHeaderNames.RANGE);
        if (header == null) {
            return ByteRange.FULL;
        }
        String ifRange = h.get(HttpHeaderNames.IF_RANGE);
        if (ifRange != null) {
            // only dates are validators here: an entity tag never matches, the whole is sent
            Date d = DateFormatter.parseHttpDate(ifRange);
            if (d == null || modifiedSeconds < 0 || d.getTime() / 1000 != modifiedSeconds) {
                return ByteRange.FULL;
            }
        }
        return ByteRange.parse(header, size);
    }

    private void accessLog(Pending p, int status, long bytes, String note) {
        if (!ACCESS.isInfoEnabled()) {
            return;
        }
        Duration took = Duration.between(p.received(), site.config().clock().instant());
        String ua = p.headers() == null ? null : p.headers().get(HttpHeaderNames.USER_AGENT);
        ACCESS.info("{} \"{} {} {}\" {} {} {}ms \"{}\"{}", remote.getAddress().getHostAddress(),
                p.method() == null ? "-" : p.method(),
                sanitize(p.uri()), p.version(), status, bytes,
                String.format(Locale.ROOT, "%.1f", took.toNanos() / 1e6), ua == null ? "-" : sanitize(ua),
                note == null ? "" : " " + note);
    }

    /** Printable ASCII for the log: other bytes and quotes as %XX, so a request cannot forge log lines. */
    static String sanitize(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_LOGGED_CHARS) + 8);
        for (int i = 0; i < s.length(); i++) {
            if (sb.length() >= MAX_LOGGED_CHARS) {
                sb.append("...");
                break;
            }
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                if (c > 0xff) {
                    sb.append("%u").append(String.format(Locale.ROOT, "%04X", (int) c));
                } else {
                    sb.append('%').append(String.format(Locale.ROOT, "%02X", (int) c));
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Map<String, String> headerMap(HttpHeaders headers) {
        Map<String, String> map = new HashMap<>();
        for (Map.Entry<String, String> e : headers) {
            map.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
        }
        return map;
    }

    /** Types for what boot roots hold; firmware ignores them, browsers and curl users do not. */
    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "ipxe", "cfg", "conf", "txt", "sh", "lst", "menu", "log" -> TEXT;
            case "html", "htm" -> "text/html; charset=utf-8";
            case "json" -> "application/json";
            case "xml" -> "application/xml";
            default -> "application/octet-stream";
        };
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }

    /** Marks activity and makes sure the timer runs. */
    private void touch() {
        activityNanos = System.nanoTime();
        if (timer == null && ctx.channel().isActive()) {
            schedule(site.config().idleTimeout().toNanos());
        }
    }

    private void schedule(long delayNanos) {
        timer = ctx.executor().schedule(this::checkIdle, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void checkIdle() {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long idle = site.config().idleTimeout().toNanos();
        long left = activityNanos + idle - System.nanoTime();
        if (left > 0) {
            schedule(left);
            return;
        }
        LOG.debug("{}: idle for {} ({}), closing", remote, site.config().idleTimeout(),
                responding ? "response made no progress" : "no complete request");
        closing = true;
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("{}: {}", remote, cause.toString());
        } else {
            LOG.warn("{}: {}", remote, cause.toString(), cause);
        }
        closing = true;
        ctx.close();
    }
}
