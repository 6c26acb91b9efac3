package dev.netboot.server.http;

/**
 * Limits an {@link HttpBootServer} enforces on requests, so that hostile or broken clients are
 * refused early and cheaply. A request that exceeds one is answered with the status named below
 * and a body naming the limit (for example {@code request header fields exceed 8192 bytes
 * (HttpLimits.maxHeaderSize)}). Pass your own through {@link HttpBootConfig.Builder#limits}.
 * Immutable and thread-safe.
 *
 * @param maxRequestLineLength longest request line in bytes (method, target, version); 414 beyond
 * @param maxHeaderSize most bytes of all header fields of one request; 431 beyond
 * @param maxPathLength longest decoded path in bytes, as TFTP's file-name limit; 414 beyond
 * @param maxSegmentLength longest decoded path segment (a file or directory name) in bytes; 414 beyond
 * @param maxRequestBody most bytes of a request body, read and discarded (GET and HEAD have no use
 *     for one); 413 and the connection closed beyond
 * @param maxPipelinedRequests most complete requests waiting behind the one being answered on one
 *     connection (HTTP/1.1 pipelining); the connection is closed beyond
 * @param maxConnections most connections open at once; further connections are closed on accept
 */
public record HttpLimits(int maxRequestLineLength, int maxHeaderSize, int maxPathLength, int maxSegmentLength,
        int maxRequestBody, int maxPipelinedRequests, int maxConnections) {
    /**
     * 4096-byte request lines, 8192 bytes of headers, 1024-byte paths (the TFTP server's file-name
     * limit), 255-byte names (Linux NAME_MAX), 8192-byte bodies, 16 pipelined requests, 1024
     * connections: far above any boot firmware.
     */
    public static final HttpLimits DEFAULT = new HttpLimits(4096, 8192, 1024, 255, 8192, 16, 1024);

    /** Validates that every limit is positive. */
    public HttpLimits {
        if (maxRequestLineLength < 16 || maxHeaderSize < 64 || maxPathLength < 1 || maxSegmentLength < 1
                || maxRequestBody < 0 || maxPipelinedRequests < 0 || maxConnections < 1) {
            throw new IllegalArgumentException("limits out of range: " + maxRequestLineLength + ", " + maxHeaderSize
                    + ", " + maxPathLength + ", " + maxSegmentLength + ", " + maxRequestBody + ", "
                    + maxPipelinedRequests + ", " + maxConnections
                    + " (expected: request line >= 16, headers >= 64, path and segment >= 1, body and pipeline >= 0,"
                    + " connections >= 1)");
        }
    }

    /** These limits with another header size cap. */
    public HttpLimits withMaxHeaderSize(int bytes) {
        return new HttpLimits(maxRequestLineLength, bytes, maxPathLength, maxSegmentLength, maxRequestBody,
                maxPipelinedRequests, maxConnections);
    }

    /** These limits with another request line cap. */
    public HttpLimits withMaxRequestLineLength(int bytes) {
        return new HttpLimits(bytes, maxHeaderSize, maxPathLength, maxSegmentLength, maxRequestBody,
                maxPipelinedRequests, maxConnections);
    }

    /** These limits with another path length cap. */
    public HttpLimits withMaxPathLength(int bytes) {
        return new HttpLimits(maxRequestLineLength, maxHeaderSize, bytes, maxSegmentLength, maxRequestBody,
                maxPipelinedRequests, maxConnections);
    }

    /** These limits with another connection cap. */
    public HttpLimits withMaxConnections(int connections) {
        return new HttpLimits(maxRequestLineLength, maxHeaderSize, maxPathLength, maxSegmentLength, maxRequestBody,
                maxPipelinedRequests, connections);
    }
}
