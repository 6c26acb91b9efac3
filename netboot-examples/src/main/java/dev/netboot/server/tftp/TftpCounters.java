package dev.netboot.server.tftp;

/**
 * A snapshot of a {@link TftpServer}'s counters since it started. Immutable and thread-safe.
 *
 * @param requests read and write requests received (repeats of a running transfer's request excluded)
 * @param refused requests answered with an ERROR instead of a transfer (missing file, access
 *     violation, writes disabled, per-client limit, ...)
 * @param malformed datagrams that did not decode as TFTP packets (answered with ERROR 4 or 8)
 * @param completed transfers that completed
 * @param failed transfers that started and then failed (timeout, client error, abort)
 * @param sizeProbes read transfers the client ended with ERROR 8 right after an OACK with
 *     {@code tsize}, before any data: how UEFI firmware asks for a file's size before fetching it
 *     (counted neither completed nor failed)
 * @param active transfers running now
 * @param bytesSent file bytes acknowledged by clients (read transfers)
 * @param bytesReceived file bytes received (write transfers)
 */
public record TftpCounters(long requests, long refused, long malformed, long completed, long failed,
        long sizeProbes, long active, long bytesSent, long bytesReceived) {}
