package dev.netboot.tftp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * Test-only deterministic network: a client transfer and a server transfer (created from the first
 * request that arrives) joined by a link that can drop, duplicate, delay and so reorder packets.
 * Time jumps to the next delivery or deadline; the number of steps is bounded.
 */
final class Simulation {
    enum Side { CLIENT, SERVER }

    /** What the link does with one packet: deliver {@code copies} copies (0 drops it) after the delays. */
    record Decision(int copies, long delayNanos, long extraDelayNanos) {}

    interface Link {
        Decision decide(long seq, Side from, TftpPacket packet);
    }

    /** One packet put on the link (dropped or not), for assertions. */
    record Sent(long time, Side from, int opcode, int block, int length, boolean dropped) {}

    record Result(List<TftpEvent> clientEvents, List<TftpEvent> serverEvents, boolean serverStarted,
            long steps, long endTime, List<Sent> sent, long lastClientInput, long lastServerInput) {}

    private record InFlight(long at, long seq, Side to, Object packet) {}

    static final long MS = 1_000_000L;

    static Link perfect() {
        return (seq, from, p) -> new Decision(1, MS, 0);
    }

    /**
     * Drops, duplicates and delays the first packets as the lists say (index = sequence number of
     * the packet on the link, both directions), then behaves perfectly: a bounded loss pattern.
     */
    static Link pattern(List<Boolean> drops, List<Boolean> duplicates, List<Integer> delaysMs) {
        return (seq, from, p) -> {
            int i = (int) seq;
            boolean drop = i < drops.size() && drops.get(i);
            boolean dup = i < duplicates.size() && duplicates.get(i);
            long delay = (i < delaysMs.size() ? delaysMs.get(i) : 1) * MS;
            return new Decision(drop ? 0 : dup ? 2 : 1, delay, 3 * MS);
        };
    }

    /** Random loss, duplication and jitter from a seed (unbounded loss: may end in a timeout). */
    static Link random(long seed, double loss, double duplication, int maxJitterMs) {
        Random r = new Random(seed);
        return (seq, from, p) -> new Decision(r.nextDouble() < loss ? 0 : r.nextDouble() < duplication ? 2 : 1,
                (1 + r.nextInt(maxJitterMs + 1)) * MS, r.nextInt(maxJitterMs + 1) * MS);
    }

    private final Link link;
    private final boolean encode;
    private final TftpTransfer client;
    private final BiFunction<TftpPacket.Request, Long, TftpTransfer> serverFactory;
    private final boolean recordSent;
    private TftpTransfer server;
    private long now;
    private long seq;
    private long arrivals;
    private long lastClientInput;
    private long lastServerInput;
    private final PriorityQueue<InFlight> inFlight = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final List<TftpEvent> clientEvents = new ArrayList<>();
    private final List<TftpEvent> serverEvents = new ArrayList<>();
    private final List<Sent> sent = new ArrayList<>();

    /**
     * @param encode whether packets cross the link as bytes (codec exercised) or as records
     * @param recordSent whether to keep a log of every packet put on the link
     */
    Simulation(Link link, boolean encode, boolean recordSent, TftpTransfer client,
            BiFunction<TftpPacket.Request, Long, TftpTransfer> serverFactory) {
        this.link = link;
        this.encode = encode;
        this.recordSent = recordSent;
        this.client = client;
        this.serverFactory = serverFactory;
    }

    TftpTransfer server() {
        return server;
    }

    Result run(long maxSteps) {
        flush(Side.CLIENT);
        long steps = 0;
        try {
            while (true) {
                long next = Math.min(client.nextDeadline(), server == null ? TftpTransfer.NO_DEADLINE : server.nextDeadline());
                if (!inFlight.isEmpty()) {
                    next = Math.min(next, inFlight.peek().at);
                }
                if (next == TftpTransfer.NO_DEADLINE) {
                    break;
                }
                if (++steps > maxSteps) {
                    throw new AssertionError("simulation did not settle within " + maxSteps + " steps; client "
                            + client + ", server " + server);
                }
                now = Math.max(now, next);
                while (!inFlight.isEmpty() && inFlight.peek().at <= now) {
                    deliver(inFlight.poll());
                }
                client.onTimeout(now);
                flush(Side.CLIENT);
                if (server != null) {
                    server.onTimeout(now);
                    flush(Side.SERVER);
                }
            }
        } finally {
            InFlight f;
            while ((f = inFlight.poll()) != null) {
                release(f.packet);
            }
        }
        return new Result(clientEvents, serverEvents, server != null, steps, now, sent, lastClientInput,
                lastServerInput);
    }

    private void deliver(InFlight f) {
        TftpTransfer target;
        if (f.to == Side.SERVER) {
            lastServerInput = now;
            target = server;
        } else {
            lastClientInput = now;
            target = client;
        }
        ByteBuf wire = null;
        TftpPacket p;
        if (encode) {
            wire = Unpooled.wrappedBuffer((byte[]) f.packet);
            p = TftpCodec.decode(wire);
        } else {
            p = (TftpPacket) f.packet;
        }
        try {
            if (f.to == Side.SERVER && p instanceof TftpPacket.Request r) {
                if (server == null) {
                    server = serverFactory.apply(r, now);
                }
                // a repeated request reaches the running transfer's listener, not the transfer
            } else if (target != null) {
                target.onPacket(p, now);
            }
        } finally {
            if (wire != null) {
                wire.release();
            } else {
                release(p);
            }
        }
        flush(f.to);
    }

    private void flush(Side side) {
        TftpTransfer t = side == Side.CLIENT ? client : server;
        if (t == null) {
            return;
        }
        TftpPacket p;
        while ((p = t.pollOutgoing()) != null) {
            send(side, p);
        }
        TftpEvent e;
        while ((e = t.pollEvent()) != null) {
            (side == Side.CLIENT ? clientEvents : serverEvents).add(e);
        }
    }

    private void send(Side from, TftpPacket p) {
        Decision d = link.decide(seq++, from, p);
        if (recordSent) {
            int block = p instanceof TftpPacket.Data data ? data.block() : p instanceof TftpPacket.Ack a ? a.block() : -1;
            int length = p instanceof TftpPacket.Data data ? data.payload().readableBytes() : 0;
            sent.add(new Sent(now, from, p.opcode(), block, length, d.copies() == 0));
        }
        Side to = from == Side.CLIENT ? Side.SERVER : Side.CLIENT;
        if (encode) {
            byte[] bytes = new byte[TftpCodec.encodedLength(p)];
            ByteBuf out = Unpooled.wrappedBuffer(bytes);
            out.writerIndex(0);
            TftpCodec.encode(p, out);
            release(p);
            for (int i = 0; i < d.copies(); i++) {
                inFlight.add(new InFlight(now + d.delayNanos() + i * d.extraDelayNanos(), arrivals++, to, bytes));
            }
        } else {
            if (d.copies() == 0) {
                release(p);
            }
            for (int i = 0; i < d.copies(); i++) {
                Object copy = i == 0 ? p : p instanceof TftpPacket.Data data
                        ? new TftpPacket.Data(data.block(), data.payload().retainedDuplicate()) : p;
                inFlight.add(new InFlight(now + d.delayNanos() + i * d.extraDelayNanos(), arrivals++, to, copy));
            }
        }
    }

    private static void release(Object packet) {
        if (packet instanceof TftpPacket.Data d) {
            d.payload().release();
        }
    }

    // ---- helpers for assertions ----

    static TftpEvent terminal(List<TftpEvent> events) {
        TftpEvent found = null;
        for (TftpEvent e : events) {
            if (e instanceof TftpEvent.Completed || e instanceof TftpEvent.Failed) {
                if (found != null) {
                    throw new AssertionError("two terminal events: " + found + " and " + e);
                }
                found = e;
            }
        }
        return found;
    }

    /** A sink that collects bytes and insists on contiguous offsets. */
    static final class Collector implements TftpBlockSink {
        private byte[] data = new byte[1024];
        private int size;

        @Override
        public void write(long offset, ByteBuf buf) {
            if (offset != size) {
                throw new AssertionError("write at offset " + offset + " (expected: " + size + ")");
            }
            int n = buf.readableBytes();
            if (size + n > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, size + n));
            }
            buf.getBytes(buf.readerIndex(), data, size, n);
            size += n;
        }

        byte[] bytes() {
            return java.util.Arrays.copyOf(data, size);
        }
    }

    /** A source over a byte array that returns unpooled copies (ownership passes to the transfer). */
    static TftpBlockSource source(byte[] content) {
        return new TftpBlockSource() {
            @Override
            public long size() {
                return content.length;
            }

            @Override
            public ByteBuf read(long offset, int length) {
                int from = (int) Math.min(offset, content.length);
                int n = Math.min(length, content.length - from);
                return Unpooled.copiedBuffer(content, from, n);
            }
        };
    }

    static byte[] randomBytes(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
