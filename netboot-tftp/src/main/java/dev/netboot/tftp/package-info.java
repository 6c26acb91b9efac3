/**
 * TFTP without I/O: packets and their codec, option negotiation, and transfer state machines for
 * both roles and both directions, over Netty {@code ByteBuf} (netty-buffer only).
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link dev.netboot.tftp.TftpPacket} (sealed records) and {@link dev.netboot.tftp.TftpCodec}:
 *       {@code decode(ByteBuf)} gives a packet or throws {@link dev.netboot.tftp.TftpCodecException}
 *       (offset, field, reason; {@code toErrorPacket()} is the answer to send).</li>
 *   <li>{@link dev.netboot.tftp.OptionNegotiation}: RFC 2347/2348/2349/7440 for a server
 *       ({@link dev.netboot.tftp.TftpServerPolicy} caps) and the client's check of an OACK.</li>
 *   <li>{@link dev.netboot.tftp.TftpTransfer}: one transfer, created by
 *       {@link dev.netboot.tftp.TftpServerTransfer#read}, {@link dev.netboot.tftp.TftpServerTransfer#write},
 *       {@link dev.netboot.tftp.TftpClientTransfer#get} or {@link dev.netboot.tftp.TftpClientTransfer#put};
 *       file bytes come from a {@link dev.netboot.tftp.TftpBlockSource} and go to a
 *       {@link dev.netboot.tftp.TftpBlockSink}, so that file I/O stays with the driver.</li>
 *   <li>{@link dev.netboot.tftp.TftpDispatcher}: routes packets to transfers by peer key, answers
 *       strays with ERROR 5, and keeps one timer for all transfers.</li>
 * </ul>
 *
 * <h2>Driving a transfer</h2>
 * Nothing here owns a socket, clock, thread or logger. The driver passes the time (any monotonic
 * nanosecond count) into every call, and after every call drains the outputs:
 * <pre>{@code
 * // a server, on a Netty event loop; key = the client's InetSocketAddress
 * void channelRead0(ChannelHandlerContext ctx, DatagramPacket dp) {
 *     long now = System.nanoTime();
 *     TftpPacket p;
 *     try {
 *         p = TftpCodec.decode(dp.content());          // DATA payload: a slice of dp, valid in this call
 *     } catch (TftpCodecException e) {
 *         send(dp.sender(), e.toErrorPacket());
 *         return;
 *     }
 *     if (dispatcher.dispatch(dp.sender(), p, now) == TftpDispatcher.Outcome.NEW_REQUEST) {
 *         if (p instanceof TftpPacket.ReadRequest rrq) {
 *             dispatcher.add(dp.sender(), TftpServerTransfer.read(rrq, openSource(rrq), policy, now));
 *         }
 *     }
 *     flush(now);
 * }
 *
 * void flush(long now) {
 *     dispatcher.drain(this::send, this::log);          // packets to send, events to log
 *     long at = dispatcher.nextDeadline();              // re-arm one timer
 *     if (at != TftpTransfer.NO_DEADLINE) {
 *         schedule(at - now, () -> { long t = System.nanoTime(); dispatcher.onTimeout(t); flush(t); });
 *     }
 * }
 *
 * void send(InetSocketAddress to, TftpPacket p) {
 *     ByteBuf buf = ctx.alloc().ioBuffer(TftpCodec.encodedLength(p));
 *     TftpCodec.encode(p, buf);
 *     if (p instanceof TftpPacket.Data d) {
 *         d.payload().release();                        // an outgoing DATA owns its payload
 *     }
 *     ctx.write(new DatagramPacket(buf, to));
 * }
 * }</pre>
 * Without a dispatcher (one transfer per socket, or a client), call
 * {@link dev.netboot.tftp.TftpTransfer#onPacket onPacket} or
 * {@link dev.netboot.tftp.TftpTransfer#onTimeout onTimeout}, then poll
 * {@link dev.netboot.tftp.TftpTransfer#pollOutgoing pollOutgoing} and
 * {@link dev.netboot.tftp.TftpTransfer#pollEvent pollEvent} until null, and re-arm the timer at
 * {@link dev.netboot.tftp.TftpTransfer#nextDeadline nextDeadline}; forget the transfer when
 * {@link dev.netboot.tftp.TftpTransfer#isDone isDone}. A client sends its first packet (the request)
 * to port 69, remembers the address and port of the first answer, and answers packets from any
 * other port with {@link dev.netboot.tftp.TftpPacket.ErrorPacket#unknownTransferId()} without passing
 * them on.
 *
 * <h2>Buffer ownership</h2>
 * A decoded DATA packet's payload is a non-retained slice of the datagram. A DATA packet from
 * {@code pollOutgoing} owns one reference to its payload (read from the block source at that
 * moment), which the driver releases after encoding, or hands to Netty as part of a composite
 * ({@link dev.netboot.tftp.TftpCodec#encodeDataHeader} plus the payload) for zero-copy sending.
 * Sinks get borrowed buffers. Transfers keep no buffers between calls.
 *
 * <h2>Protocol behaviour</h2>
 * Retransmission happens on timeout only, with the timeout doubled after each expiry and a bounded
 * number of attempts ({@link dev.netboot.tftp.RetransmitPolicy}); duplicate ACKs never cause a send;
 * windows (RFC 7440) are resent from the first unacknowledged block; block numbers wrap from 65535
 * to 0; the receiver of the last block acknowledges it and dallies; netascii is converted both ways.
 */
package dev.netboot.tftp;
