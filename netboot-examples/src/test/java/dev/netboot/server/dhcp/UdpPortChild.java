package dev.netboot.server.dhcp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.RawUnixChannelOption;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * A crafted client's UDP port, run as a child JVM inside a network namespace (see
 * {@link ProxyBesideDnsmasqNetnsTest}): binds {@code 0.0.0.0:PORT} to one interface with
 * {@code SO_BINDTODEVICE} (so that an interface without an address can broadcast, as PXE firmware
 * does before it has a lease), prints every datagram it receives as
 * {@code RX <ip> <port> <hex>}, and sends what standard input asks, one
 * {@code SEND <ip> <port> <hex>} per line. Exits when standard input ends.
 * Arguments: interface name, local port.
 */
final class UdpPortChild {
    private static final int SOL_SOCKET = 1;
    private static final int SO_BINDTODEVICE = 25;

    private UdpPortChild() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        String ifName = args[0];
        int port = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.US_ASCII);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            byte[] name = ifName.getBytes(StandardCharsets.US_ASCII);
            ByteBuffer device = ByteBuffer.allocateDirect(name.length + 1).put(name).put((byte) 0).flip();
            Channel channel = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
                    .option(ChannelOption.SO_BROADCAST, true)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(new RawUnixChannelOption("SO_BINDTODEVICE", SOL_SOCKET, SO_BINDTODEVICE, name.length + 1),
                            device)
                    .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                            synchronized (out) {
                                out.println("RX " + p.sender().getAddress().getHostAddress() + " "
                                        + p.sender().getPort() + " " + ByteBufUtil.hexDump(p.content()));
                            }
                        }
                    })
                    .bind(new InetSocketAddress(port)).sync().channel();
            synchronized (out) {
                out.println("READY " + ifName + " " + port);
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] f = line.trim().split(" ");
                if (f.length != 4 || !f[0].equals("SEND")) {
                    synchronized (out) {
                        out.println("ERR bad command: " + line);
                    }
                    continue;
                }
                ByteBuf content = Unpooled.wrappedBuffer(HexFormat.of().parseHex(f[3]));
                channel.writeAndFlush(new DatagramPacket(content, new InetSocketAddress(f[1], Integer.parseInt(f[2]))))
                        .addListener(done -> {
                            synchronized (out) {
                                out.println(done.isSuccess() ? "SENT " + f[1] + " " + f[2]
                                        : "ERR send to " + f[1] + ": " + done.cause());
                            }
                        });
            }
            channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
