package dev.netboot.benchmarks.dhcp;

import dev.netboot.dhcp.DhcpDecoder;
import dev.netboot.dhcp.DhcpMessageReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Decode a real DHCP packet and read message type, client architecture, vendor class and
 * requested address: netboot's reusable reader ({@link #ours}), a minimal hand-written scan
 * ({@link #minimal}, the practical limit) and three peers, each through its own API. One
 * operation is one packet; with {@code packet=all} successive operations cycle through every
 * corpus packet, otherwise through the packets whose labels are given (see
 * {@code dhcp-packets.txt}).
 *
 * <p>netboot and the scan read pooled direct {@link ByteBuf}s, as a Netty datagram channel hands
 * them over; the peers read the heap arrays their APIs take. Setup checks that all agree on the
 * fields of every selected packet and prints the peers' correctness probes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DhcpDecodeBenchmark {
    /** {@code all}, or comma-separated packet labels. */
    @Param(Packets.ALL)
    public String packet;

    private ByteBuf[] direct;
    private ByteBuffer[] heap;
    private ByteBuf[] heapBufs;
    private int next;
    private DhcpMessageReader reader;
    private DhcpPeer dhcp4java;
    private DhcpPeer apacheds;
    private DhcpPeer anarres;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        List<Packets.Packet> packets = Packets.select(packet);
        direct = new ByteBuf[packets.size()];
        heap = new ByteBuffer[packets.size()];
        heapBufs = new ByteBuf[packets.size()];
        for (int i = 0; i < packets.size(); i++) {
            byte[] b = packets.get(i).bytes();
            direct[i] = PooledByteBufAllocator.DEFAULT.directBuffer(b.length).writeBytes(b);
            heap[i] = ByteBuffer.wrap(b.clone());
            heapBufs[i] = Unpooled.wrappedBuffer(b.clone());
        }
        reader = DhcpDecoder.lenient().newReader();
        dhcp4java = Peers.dhcp4java();
        apacheds = Peers.apacheds();
        anarres = Peers.anarres();
        List<DhcpPeer> peers = List.of(dhcp4java, apacheds, anarres);
        List<String> check = PeerProbes.decodeReport(packets, peers);
        boolean first = params.getBenchmark().endsWith(".ours");
        if (first || check.stream().anyMatch(l -> l.startsWith("    "))) {
            System.out.println();
            PeerProbes.print(check);
        }
        if (first && packet.equals(Packets.ALL)) {
            PeerProbes.print(PeerProbes.probeReport(peers));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (ByteBuf b : direct) {
            b.release();
        }
    }

    private int advance() {
        int i = next;
        next = i + 1 == direct.length ? 0 : i + 1;
        return i;
    }

    private ByteBuffer heapPacket() {
        ByteBuffer b = heap[advance()];
        b.clear();
        return b;
    }

    /** netboot: {@link DhcpMessageReader#read} then four allocation-free accessors. */
    @Benchmark
    public int ours() {
        return Ours.decodeFields(reader.read(direct[advance()]));
    }

    /**
     * netboot on a heap buffer, the form the peers read (a byte array): the view reads the array in
     * place, with no copy.
     */
    @Benchmark
    public int oursHeap() {
        return Ours.decodeFields(reader.read(heapBufs[advance()]));
    }

    /** Baseline A: one hand-written pass over the options. */
    @Benchmark
    public int minimal() {
        return MinimalScan.decode(direct[advance()]);
    }

    /** Baseline A on the heap buffers of {@link #oursHeap}. */
    @Benchmark
    public int minimalHeap() {
        return MinimalScan.decode(heapBufs[advance()]);
    }

    @Benchmark
    public int peerDhcp4java() {
        return dhcp4java.decodeFields(heapPacket());
    }

    @Benchmark
    public int peerApacheds() {
        return apacheds.decodeFields(heapPacket());
    }

    @Benchmark
    public int peerAnarres() {
        return anarres.decodeFields(heapPacket());
    }
}
