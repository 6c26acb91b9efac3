package dev.netboot.benchmarks.tftp;

import dev.netboot.tftp.TftpCodec;
import dev.netboot.tftp.TftpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
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

/**
 * The per-packet codec work of a transfer: decode and encode of DATA (1468-byte payload) and ACK,
 * netboot's {@link TftpCodec} beside a minimal hand-written baseline that reads and writes the
 * header fields directly. Run with {@code -prof gc}: encoding allocates nothing, decoding only the
 * packet record and (for DATA) the payload slice; the peek path the servers take per block
 * ({@code peekAckBlock}, {@code peekData}) allocates nothing for ACK and only the slice for DATA.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TftpCodecBenchmark {
    private ByteBuf data;
    private ByteBuf ack;
    private ByteBuf payload;
    private ByteBuf out;
    private int block;

    @Setup(Level.Trial)
    public void setUp() {
        payload = PooledByteBufAllocator.DEFAULT.directBuffer(1468);
        for (int i = 0; i < 1468; i++) {
            payload.writeByte(i);
        }
        data = PooledByteBufAllocator.DEFAULT.directBuffer(1472);
        TftpCodec.encode(new TftpPacket.Data(4711, payload), data);
        ack = PooledByteBufAllocator.DEFAULT.directBuffer(4);
        TftpCodec.encodeAck(4711, ack);
        out = PooledByteBufAllocator.DEFAULT.directBuffer(1472);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        data.release();
        ack.release();
        payload.release();
        out.release();
    }

    @Benchmark
    public TftpPacket decodeData() {
        return TftpCodec.decode(data);
    }

    @Benchmark
    public TftpPacket decodeAck() {
        return TftpCodec.decode(ack);
    }

    @Benchmark
    public int peekAckBlock() {
        return TftpCodec.peekBlock(ack);
    }

    /** What a receiver's per-block path does: the block number and a slice of the payload, no record. */
    @Benchmark
    public ByteBuf peekData() {
        return TftpCodec.peekBlock(data) == 0 ? null : TftpCodec.dataPayload(data);
    }

    @Benchmark
    public int encodeAck() {
        out.clear();
        TftpCodec.encodeAck(block++ & 0xFFFF, out);
        return out.writerIndex();
    }

    @Benchmark
    public int encodeData() {
        out.clear();
        TftpCodec.encodeDataHeader(block++ & 0xFFFF, out);
        out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
        return out.writerIndex();
    }

    /** Baseline: the opcode and block number read straight from the buffer. */
    @Benchmark
    public int minimalDecodeAck() {
        int i = ack.readerIndex();
        return ack.getUnsignedShort(i) == TftpCodec.ACK ? ack.getUnsignedShort(i + 2) : -1;
    }

    /** Baseline: the header written straight into the buffer, then the payload copied. */
    @Benchmark
    public int minimalEncodeData() {
        out.clear();
        out.writeShort(TftpCodec.DATA).writeShort(block++ & 0xFFFF);
        out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
        return out.writerIndex();
    }
}
