package dev.netboot.benchmarks.dhcp;

import dev.netboot.dhcp.DhcpWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Encode the reference OFFER ({@link OfferSpec#REFERENCE}) into a reused buffer: netboot's
 * {@link DhcpWriter} with pre-encoded values ({@link #ours}) and with its typed helpers
 * ({@link #oursTyped}), a minimal hand-written encoder ({@link #minimal}), and each peer, both
 * building its message object and encoding it ({@code peerX}, what a server does per reply) and
 * re-encoding a message built once ({@code peerXPrepared}, the peer's best case). netboot and the
 * minimal encoder write into a pooled direct {@link ByteBuf}; ApacheDS and anarres into a reused
 * heap {@link java.nio.ByteBuffer}; dhcp4java can only return a new array.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DhcpEncodeBenchmark {
    private final OfferSpec offer = OfferSpec.REFERENCE;
    private final byte[] chaddr16 = Arrays.copyOf(offer.chaddr(), 16);
    private final byte[] file = offer.file().getBytes(StandardCharsets.US_ASCII);
    private ByteBuf out;
    private DhcpWriter writer;
    private DhcpPeer dhcp4java;
    private DhcpPeer apacheds;
    private DhcpPeer anarres;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        out = PooledByteBufAllocator.DEFAULT.directBuffer(1500);
        writer = new DhcpWriter();
        dhcp4java = Peers.dhcp4java();
        apacheds = Peers.apacheds();
        anarres = Peers.anarres();
        List<String> check = PeerProbes.encodeReport(List.of(dhcp4java, apacheds, anarres), offer);
        for (DhcpPeer peer : List.of(dhcp4java, apacheds, anarres)) {
            peer.prepare(offer);
        }
        if (params.getBenchmark().endsWith(".ours")) {
            System.out.println();
            PeerProbes.print(check);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        out.release();
    }

    @Benchmark
    public int ours() {
        out.clear();
        return Ours.encodeOffer(writer, out, offer);
    }

    @Benchmark
    public int oursTyped() {
        out.clear();
        return Ours.encodeOfferTyped(writer, out, offer);
    }

    @Benchmark
    public int minimal() {
        out.clear();
        return MinimalScan.encode(out, offer, chaddr16, file);
    }

    @Benchmark
    public int peerDhcp4java() {
        return dhcp4java.buildAndEncode(offer);
    }

    @Benchmark
    public int peerDhcp4javaPrepared() {
        return dhcp4java.encodePrepared();
    }

    @Benchmark
    public int peerApacheds() {
        return apacheds.buildAndEncode(offer);
    }

    @Benchmark
    public int peerApachedsPrepared() {
        return apacheds.encodePrepared();
    }

    @Benchmark
    public int peerAnarres() {
        return anarres.buildAndEncode(offer);
    }

    @Benchmark
    public int peerAnarresPrepared() {
        return anarres.encodePrepared();
    }
}
