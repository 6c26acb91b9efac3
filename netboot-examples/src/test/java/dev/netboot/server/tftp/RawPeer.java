package dev.netboot.server.tftp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scripted TFTP peer on a plain blocking socket, for sending exactly the bytes a boot ROM or an
 * attacker would and checking exactly what comes back. Every wait is bounded by a timeout.
 */
final class RawPeer implements AutoCloseable {
    /** A received datagram. */
    record Rx(InetSocketAddress from, byte[] data) {
        int opcode() {
            return data.length < 2 ? -1 : ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
        }

        int block() {
            return ((data[2] & 0xFF) << 8) | (data[3] & 0xFF);
        }

        int errorCode() {
            return block();
        }

        String errorMessage() {
            int end = 4;
            while (end < data.length && data[end] != 0) {
                end++;
            }
            return new String(data, 4, end - 4, StandardCharsets.ISO_8859_1);
        }

        byte[] payload() {
            byte[] p = new byte[data.length - 4];
            System.arraycopy(data, 4, p, 0, p.length);
            return p;
        }

        /** The options of an OACK, in order. */
        Map<String, String> options() {
            Map<String, String> m = new LinkedHashMap<>();
            String[] parts = new String(data, 2, data.length - 2, StandardCharsets.ISO_8859_1).split("\0", -1);
            for (int i = 0; i + 1 < parts.length; i += 2) {
                m.put(parts[i], parts[i + 1]);
            }
            return m;
        }

        @Override
        public String toString() {
            return "Rx[from " + from + ", opcode " + opcode() + ", " + data.length + " bytes"
                    + (opcode() == 5 ? ", ERROR " + errorCode() + " " + errorMessage() : "")
                    + (opcode() == 6 ? ", OACK " + options() : "") + (opcode() == 3 ? ", DATA " + block() : "") + "]";
        }
    }

    /** What {@link #download} got. */
    record Download(Map<String, String> oack, byte[] content, InetSocketAddress transferPort, int blocks) {}

    private final DatagramSocket socket;

    RawPeer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setReceiveBufferSize(1 << 20);
    }

    InetSocketAddress local() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    void send(InetSocketAddress to, byte[] packet) throws IOException {
        socket.send(new DatagramPacket(packet, packet.length, to));
    }

    /** The next datagram, or null when none arrives within {@code timeout}. */
    Rx receive(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        byte[] data = new byte[p.getLength()];
        System.arraycopy(buf, 0, data, 0, data.length);
        return new Rx((InetSocketAddress) p.getSocketAddress(), data);
    }

    /** The next datagram; fails the test when none arrives within 5 s. */
    Rx receive() throws IOException {
        Rx r = receive(Duration.ofSeconds(5));
        if (r == null) {
            throw new AssertionError("no answer within 5 s");
        }
        return r;
    }

    /**
     * Sends {@code request} and receives the whole file like a boot ROM: accepts an OACK (window and
     * block size from it) with ACK 0, acknowledges every window and the last block, block numbers
     * wrapping from 65535 to 0.
     */
    Download download(InetSocketAddress server, byte[] request) throws IOException {
        send(server, request);
        Rx first = receive();
        InetSocketAddress port = first.from();
        Map<String, String> oack = Map.of();
        int blksize = 512;
        int window = 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Rx rx = first;
        if (first.opcode() == 6) {
            oack = first.options();
            blksize = Integer.parseInt(oack.getOrDefault("blksize", "512"));
            window = Integer.parseInt(oack.getOrDefault("windowsize", "1"));
            send(port, ack(0));
            rx = receive();
        }
        int expected = 1;
        int inWindow = 0;
        int blocks = 0;
        while (true) {
            if (rx.opcode() == 5) {
                throw new AssertionError("server sent " + rx);
            }
            if (rx.opcode() != 3 || !rx.from().equals(port)) {
                throw new AssertionError("unexpected " + rx);
            }
            if (rx.block() != (expected & 0xFFFF)) {
                throw new AssertionError("block " + rx.block() + ", expected " + (expected & 0xFFFF));
            }
            byte[] payload = rx.payload();
            out.write(payload);
            blocks++;
            expected++;
            boolean last = payload.length < blksize;
            if (++inWindow == window || last) {
                send(port, ack(rx.block()));
                inWindow = 0;
            }
            if (last) {
                return new Download(oack, out.toByteArray(), port, blocks);
            }
            rx = receive();
        }
    }

    static byte[] request(int opcode, String filename, String mode, String... options) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0);
        b.write(opcode);
        b.writeBytes(filename.getBytes(StandardCharsets.ISO_8859_1));
        b.write(0);
        b.writeBytes(mode.getBytes(StandardCharsets.ISO_8859_1));
        b.write(0);
        for (String o : options) {
            b.writeBytes(o.getBytes(StandardCharsets.ISO_8859_1));
            b.write(0);
        }
        return b.toByteArray();
    }

    static byte[] rrq(String filename, String... options) {
        return request(1, filename, "octet", options);
    }

    static byte[] wrq(String filename, String... options) {
        return request(2, filename, "octet", options);
    }

    static byte[] ack(int block) {
        return new byte[] {0, 4, (byte) (block >> 8), (byte) block};
    }

    static byte[] data(int block, byte[] payload, int from, int length) {
        ByteBuffer b = ByteBuffer.allocate(4 + length);
        b.putShort((short) 3).putShort((short) block).put(payload, from, length);
        return b.array();
    }

    static byte[] error(int code, String message) {
        byte[] m = message.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(5 + m.length);
        b.putShort((short) 5).putShort((short) code).put(m).put((byte) 0);
        return b.array();
    }

    @Override
    public void close() {
        socket.close();
    }
}
