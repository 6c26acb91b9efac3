package dev.netboot.rules.differential;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * The client side of {@link IscDhcpdDifferentialTest}, run in a child JVM inside the client
 * namespace ({@code ip netns exec NS java ... DiscoverProbe REQUESTS TIMEOUT_MS}). For each line
 * {@code NAME HEX} of REQUESTS (a DISCOVER built by the test, broadcast flag set), it broadcasts
 * the message from 0.0.0.0:68 and prints {@code OFFER NAME HEX} for the first BOOTREPLY with the
 * same xid, or {@code NOREPLY NAME} after TIMEOUT_MS (retransmitting every 3 s meanwhile, as a
 * client would). Knows nothing about DHCP beyond op and xid, so that all judging stays in the
 * test. Single-threaded; exits when done.
 */
final class DiscoverProbe {
    private static final int RETRANSMIT_MILLIS = 3000;

    private DiscoverProbe() {}

    public static void main(String[] args) throws IOException {
        List<String> requests = Files.readAllLines(Path.of(args[0]), StandardCharsets.US_ASCII);
        long timeoutMillis = Long.parseLong(args[1]);
        PrintStream out = System.out;
        try (DatagramSocket socket = new DatagramSocket(null)) {
            socket.setReuseAddress(true);
            socket.setBroadcast(true);
            socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[4]), 68));
            for (String line : requests) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split(" ");
                byte[] reply = exchange(socket, HexFormat.of().parseHex(parts[1]), timeoutMillis);
                out.println(reply == null ? "NOREPLY " + parts[0] : "OFFER " + parts[0] + " " + HexFormat.of().formatHex(reply));
                out.flush();
            }
        }
    }

    private static byte[] exchange(DatagramSocket socket, byte[] request, long timeoutMillis) throws IOException {
        InetSocketAddress servers = new InetSocketAddress(InetAddress.getByAddress(new byte[] {-1, -1, -1, -1}), 67);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        byte[] buffer = new byte[1500];
        while (true) {
            long now = System.nanoTime();
            if (now >= deadline) {
                return null;
            }
            socket.send(new DatagramPacket(request, request.length, servers));
            long resendAt = Math.min(deadline, now + RETRANSMIT_MILLIS * 1_000_000L);
            for (long left = resendAt - System.nanoTime(); left > 0; left = resendAt - System.nanoTime()) {
                socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    break;
                }
                if (p.getLength() >= 8 && buffer[0] == 2 && sameXid(buffer, request)) {
                    byte[] reply = new byte[p.getLength()];
                    System.arraycopy(buffer, 0, reply, 0, reply.length);
                    return reply;
                }
            }
        }
    }

    private static boolean sameXid(byte[] reply, byte[] request) {
        for (int i = 4; i < 8; i++) {
            if (reply[i] != request[i]) {
                return false;
            }
        }
        return true;
    }
}
