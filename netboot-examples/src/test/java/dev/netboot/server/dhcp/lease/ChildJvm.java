package dev.netboot.server.dhcp.lease;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class of the test classpath, with its standard output read line by
 * line on a thread (only newline-terminated lines count: a line cut by a kill is not output).
 */
final class ChildJvm implements AutoCloseable {
    private static final String EOF = "\u0000EOF";

    final Process process;
    private final Thread reader;
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final Path stderr;

    private ChildJvm(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(this::read, "child-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java <jvmOptions> -cp <test classpath> <mainClass> <args>}; stderr goes to {@code stderr}. */
    static ChildJvm start(List<String> jvmOptions, Class<?> mainClass, Path stderr, String... args) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start();
            process.getOutputStream().close();
            return new ChildJvm(process, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void read() {
        StringBuilder line = new StringBuilder();
        byte[] buf = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        String complete = line.toString();
                        lines.add(complete);
                        queue.add(complete);
                        line.setLength(0);
                    } else {
                        line.append((char) (buf[i] & 0xff));
                    }
                }
            }
        } catch (IOException e) {
            // The child died; what was read is what it printed.
        } finally {
            queue.add(EOF);
        }
    }

    /** Waits (at most {@code millis}) for a line starting with {@code prefix}; null on timeout or end. */
    String awaitLine(String prefix, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null || line.equals(EOF)) {
                if (line != null) {
                    queue.add(EOF);
                }
                return null;
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** SIGKILL (on Linux), then waits for the process and the end of its output (bounded). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        awaitEnd();
    }

    /** Waits for the process to exit and its output to be read; fails after 30 s. */
    void awaitEnd() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child " + process.pid() + " did not end within 30 s");
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        if (reader.isAlive()) {
            throw new AssertionError("output of child " + process.pid() + " did not end within 30 s");
        }
    }

    /** Every complete line printed so far. */
    List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    String stderrText() {
        try {
            return new String(java.nio.file.Files.readAllBytes(stderr), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
