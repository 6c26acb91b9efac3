package dev.netboot.server.dhcp;

import dev.netboot.dhcp.DhcpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** A sink that keeps replies for inspection; runs continuations inline. Release with {@link #close()}. */
final class RecordingSink implements DhcpEngine.Sink, AutoCloseable {
    record Sent(ByteBuf content, InetSocketAddress to) {
        DhcpMessage message() {
            return DhcpMessage.decode(content);
        }
    }

    private final List<Sent> sent = new ArrayList<>();
    private final ByteBufAllocator alloc = new UnpooledByteBufAllocator(false, true);

    @Override
    public synchronized void send(ByteBuf content, InetSocketAddress recipient) {
        sent.add(new Sent(content, recipient));
    }

    @Override
    public Executor executor() {
        return Runnable::run;
    }

    @Override
    public ByteBufAllocator alloc() {
        return alloc;
    }

    synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    synchronized Sent last() {
        return sent.isEmpty() ? null : sent.get(sent.size() - 1);
    }

    synchronized int count() {
        return sent.size();
    }

    @Override
    public synchronized void close() {
        for (Sent s : sent) {
            s.content.release();
        }
        sent.clear();
    }
}
