package dev.netboot.server.tftp;

import dev.netboot.tftp.TftpServerPolicy;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link TftpServer} is configured with; build one with {@link #builder(Path)}.
 * Immutable and thread-safe (as long as {@link #dynamicFiles} is).
 *
 * @param root the directory served; requests never reach outside it
 * @param bindAddress the local address to listen on (the wildcard address listens on all)
 * @param port the request port (69); 0 picks a free port (tests)
 * @param portRange the local ports transfers are answered from, or empty for ephemeral ports
 * @param singlePort whether every reply comes from the request port (for NAT without a TFTP helper)
 * @param allowWrite whether write requests are accepted
 * @param allowOverwrite whether a write request may replace an existing file
 * @param maxWriteSize the largest file a write request may create, in bytes
 * @param mapBackslash whether backslashes in file names are read as '/' (Windows boot loaders)
 * @param perClientLimit most transfers one client address may run at once
 * @param maxTransfers most transfers the server runs at once, from all clients together (each holds
 *     a socket in multi-port mode and an open file); more requests are refused with an ERROR until
 *     one ends
 * @param maxPathLength longest file name accepted, in characters
 * @param policy option caps (blksize, windowsize), acknowledged options and retransmission
 * @param dynamicFiles generated files, consulted before the file system
 * @param transport the Netty transport
 * @param gso whether to send a window of DATA packets as one UDP segmentation offload write (epoll only)
 * @param threads event loop threads
 */
public record TftpServerConfig(Path root, InetAddress bindAddress, int port, Optional<PortRange> portRange,
        boolean singlePort, boolean allowWrite, boolean allowOverwrite, long maxWriteSize, boolean mapBackslash,
        int perClientLimit, int maxTransfers, int maxPathLength, TftpServerPolicy policy, DynamicFiles dynamicFiles,
        IoTransport transport, boolean gso, int threads) {
    /** Largest upload by default: 64 MiB. */
    public static final long DEFAULT_MAX_WRITE_SIZE = 64L << 20;
    /** Transfers per client address by default. */
    public static final int DEFAULT_PER_CLIENT_LIMIT = 16;
    /** Transfers in all by default: a boot storm of a few hundred machines, not a file descriptor per spoofed address. */
    public static final int DEFAULT_MAX_TRANSFERS = 1024;
    /** Longest file name by default, in characters. */
    public static final int DEFAULT_MAX_PATH_LENGTH = 512;

    /** Validates the settings. */
    public TftpServerConfig {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(portRange, "portRange");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(dynamicFiles, "dynamicFiles");
        Objects.requireNonNull(transport, "transport");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
        }
        if (singlePort && portRange.isPresent()) {
            throw new IllegalArgumentException("a port range and single-port mode exclude each other");
        }
        if (maxWriteSize < 0) {
            throw new IllegalArgumentException("maxWriteSize: " + maxWriteSize + " (expected: 0 or more)");
        }
        if (perClientLimit < 1) {
            throw new IllegalArgumentException("perClientLimit: " + perClientLimit + " (expected: 1 or more)");
        }
        if (maxTransfers < 1) {
            throw new IllegalArgumentException("maxTransfers: " + maxTransfers + " (expected: 1 or more)");
        }
        if (maxPathLength < 1 || maxPathLength > 65535) {
            throw new IllegalArgumentException("maxPathLength: " + maxPathLength + " (expected: 1 to 65535)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: 1 or more)");
        }
    }

    /** A builder serving {@code root}, read-only, on port 69 of every address. */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder(root);
        b.bindAddress = bindAddress;
        b.port = port;
        b.portRange = portRange.orElse(null);
        b.singlePort = singlePort;
        b.allowWrite = allowWrite;
        b.allowOverwrite = allowOverwrite;
        b.maxWriteSize = maxWriteSize;
        b.mapBackslash = mapBackslash;
        b.perClientLimit = perClientLimit;
        b.maxTransfers = maxTransfers;
        b.maxPathLength = maxPathLength;
        b.policy = policy;
        b.dynamicFiles = dynamicFiles;
        b.transport = transport;
        b.gso = gso;
        b.threads = threads;
        return b;
    }

    /** Settings of a {@link TftpServerConfig}, with defaults; not thread-safe. */
    public static final class Builder {
        private final Path root;
        private InetAddress bindAddress;
        private int port = 69;
        private PortRange portRange;
        private boolean singlePort;
        private boolean allowWrite;
        private boolean allowOverwrite;
        private long maxWriteSize = DEFAULT_MAX_WRITE_SIZE;
        private boolean mapBackslash;
        private int perClientLimit = DEFAULT_PER_CLIENT_LIMIT;
        private int maxTransfers = DEFAULT_MAX_TRANSFERS;
        private int maxPathLength = DEFAULT_MAX_PATH_LENGTH;
        private TftpServerPolicy policy = TftpServerPolicy.DEFAULT;
        private DynamicFiles dynamicFiles = DynamicFiles.NONE;
        private IoTransport transport = IoTransport.AUTO;
        private boolean gso = true;
        private int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "root");
            try {
                this.bindAddress = InetAddress.getByAddress(new byte[4]);
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        }

        /** The address to listen on (default 0.0.0.0). */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The request port (69); 0 picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Answers transfers from ports in this range instead of ephemeral ones (null: ephemeral). */
        public Builder portRange(PortRange range) {
            this.portRange = range;
            return this;
        }

        /** Answers every transfer from the request port. */
        public Builder singlePort(boolean enabled) {
            this.singlePort = enabled;
            return this;
        }

        /** Accepts write requests (into a temporary file renamed on completion). */
        public Builder allowWrite(boolean enabled) {
            this.allowWrite = enabled;
            return this;
        }

        /** Lets write requests replace existing files. */
        public Builder allowOverwrite(boolean enabled) {
            this.allowOverwrite = enabled;
            return this;
        }

        /** The largest file a write request may create (64 MiB). */
        public Builder maxWriteSize(long bytes) {
            this.maxWriteSize = bytes;
            return this;
        }

        /** Reads backslashes in file names as '/'. */
        public Builder mapBackslash(boolean enabled) {
            this.mapBackslash = enabled;
            return this;
        }

        /** Most concurrent transfers per client address (16). */
        public Builder perClientLimit(int limit) {
            this.perClientLimit = limit;
            return this;
        }

        /** Most concurrent transfers from all clients together ({@value #DEFAULT_MAX_TRANSFERS}). */
        public Builder maxTransfers(int limit) {
            this.maxTransfers = limit;
            return this;
        }

        /** Longest file name accepted, in characters (512). */
        public Builder maxPathLength(int length) {
            this.maxPathLength = length;
            return this;
        }

        /** Option caps and retransmission ({@link TftpServerPolicy#DEFAULT}). */
        public Builder policy(TftpServerPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Caps the granted block size. */
        public Builder maxBlockSize(int size) {
            this.policy = policy.withMaxBlockSize(size);
            return this;
        }

        /** Caps the granted window size. */
        public Builder maxWindowSize(int size) {
            this.policy = policy.withMaxWindowSize(size);
            return this;
        }

        /** Generated files, consulted before the file system. */
        public Builder dynamicFiles(DynamicFiles files) {
            this.dynamicFiles = Objects.requireNonNull(files, "files");
            return this;
        }

        /** The Netty transport ({@link IoTransport#AUTO}). */
        public Builder transport(IoTransport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** Sends windows with UDP segmentation offload where the epoll transport supports it (default on). */
        public Builder gso(boolean enabled) {
            this.gso = enabled;
            return this;
        }

        /** Event loop threads (default: the number of processors, at most 4). */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException if settings contradict each other or are out of range
         */
        public TftpServerConfig build() {
            return new TftpServerConfig(root, bindAddress, port, Optional.ofNullable(portRange), singlePort, allowWrite,
                    allowOverwrite, maxWriteSize, mapBackslash, perClientLimit, maxTransfers, maxPathLength, policy, dynamicFiles,
                    transport, gso, threads);
        }

        /**
         * Builds the configuration and starts a server with it.
         *
         * @throws TftpServerException if the server cannot start
         */
        public TftpServer start() {
            return TftpServer.start(build());
        }
    }
}
