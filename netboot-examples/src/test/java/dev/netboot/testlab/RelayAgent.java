package dev.netboot.testlab;

import dev.netboot.dhcp.DhcpMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

/**
 * A simulated DHCP relay agent on loopback for tests: DHCP servers answer a relayed message to
 * the relay's address, so a test needs neither root nor broadcast to run a DORA. Every receive is
 * bounded by a 10 s socket timeout. Not thread-safe; close it.
 */
public final class RelayAgent implements AutoCloseable {
    private final DatagramSocket socket;

    /** Binds {@code address} (port 0: any free port; port 67 needs root). */
    public RelayAgent(InetSocketAddress address) throws IOException {
        socket = new DatagramSocket(address);
        socket.setSoTimeout(10_000);
    }

    /** The bound address and port. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Sends the readable bytes of {@code message} to {@code server} and releases {@code message}. */
    public void send(ByteBuf message, InetSocketAddress server) throws IOException {
        try {
            byte[] bytes = new byte[message.readableBytes()];
            message.getBytes(message.readerIndex(), bytes);
            socket.send(new DatagramPacket(bytes, bytes.length, server));
        } finally {
            message.release();
        }
    }

    /**
     * The next reply, decoded from a copy (the view holds no pooled buffer).
     *
     * @throws java.net.SocketTimeoutException if none comes within 10 s
     */
    public DhcpMessage receive() throws IOException {
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        socket.receive(p);
        return DhcpMessage.decode(Unpooled.wrappedBuffer(p.getData(), 0, p.getLength()));
    }

    @Override
    public void close() {
        socket.close();
    }
}
