/**
 * The reference TFTP server and client over Netty UDP, built on the sans-I/O transfer machines of
 * {@code dev.netboot.tftp}.
 *
 * <h2>Server</h2>
 * <pre>{@code
 * TftpServerConfig config = TftpServerConfig.builder(Path.of("/srv/tftp"))
 *         .port(69)                        // 0 for any free port
 *         .maxBlockSize(1468)              // stay within one Ethernet frame
 *         .dynamicFiles(myMenus)           // generated files, before the file system
 *         .build();
 * try (TftpServer server = TftpServer.start(config)) {
 *     ... server.counters() ...
 * }
 * }</pre>
 * <ul>
 *   <li><b>Ports.</b> By default each transfer answers from a new ephemeral port (RFC 1350);
 *       {@link dev.netboot.server.tftp.TftpServerConfig#portRange() portRange} picks them from a range
 *       a firewall opens; {@link dev.netboot.server.tftp.TftpServerConfig#singlePort() singlePort}
 *       answers everything from the request port (transfers told apart by client address and port),
 *       so that TFTP crosses NAT without a connection-tracking helper. Refusals (missing file, access
 *       violation, limits) always come from the request port: no socket is opened for them.</li>
 *   <li><b>Names.</b> Trailing NUL and 0xFF bytes are ignored (boot ROMs copy the DHCP file field),
 *       backslashes map to '/' when configured, a leading '/' maps into the root. Refused with a TFTP
 *       ERROR and one log line: ".." segments, control characters, over-long names and components,
 *       symbolic links that leave the root, anything that is not a regular file.</li>
 *   <li><b>Options.</b> Only options the client asked for are acknowledged, never with more than it
 *       asked, within the policy's caps ({@link dev.netboot.tftp.TftpServerPolicy}).</li>
 *   <li><b>Writes.</b> Refused unless allowed; then received into a hidden temporary file beside the
 *       target that is put in place when the last block arrives (before the final ACK leaves: if that
 *       fails the client gets an ERROR, never a false success), never replacing a file unless allowed,
 *       with a size limit; a failed or aborted upload leaves nothing.</li>
 *   <li><b>Limits.</b> Concurrent transfers per client address; a request repeated by a client
 *       waiting for our first packet does not start a second transfer.</li>
 *   <li><b>Logging.</b> One line per transfer through SLF4J (logger
 *       {@code dev.netboot.server.tftp.TftpServer}): client, file, acknowledged options, bytes,
 *       duration, rate, result. Refused requests log one line each; malformed datagrams are rate
 *       limited.</li>
 * </ul>
 *
 * <h2>I/O</h2>
 * The Linux epoll transport is used where available ({@link dev.netboot.server.tftp.IoTransport}),
 * NIO elsewhere. Each read batch of datagrams is handled before anything is flushed, so a window of
 * DATA packets leaves in one {@code sendmmsg} call, or, with UDP segmentation offload (GSO, epoll),
 * as one super-datagram the kernel splits; the client reads a window with one {@code recvmmsg}. File
 * blocks come from 64 KiB positional reads into pooled direct buffers, sliced per block; uploads and
 * downloads are written in 256 KiB pieces. File I/O runs on the event loop threads (page-cache reads
 * are short); a slow disk slows the transfers of that loop.
 *
 * <h2>Client</h2>
 * {@link dev.netboot.server.tftp.TftpClient} reads and writes files with any options, or with exactly
 * the request a boot ROM sends; {@code netboot tftp get|put} is its command line.
 */
package dev.netboot.server.tftp;
