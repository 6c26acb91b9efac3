package dev.netboot.testlab;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child process started by a test: its merged standard output and error are collected line by
 * line by a daemon reader thread (or written to a file), every wait is bounded, and it is stopped
 * by its own PID (and its descendants' PIDs, while it has not been reaped, so never a recycled
 * one). Thread-safe: the reader thread and the test thread share it.
 */
public final class Proc {
    /** How long to let the reader drain the last output after the process has exited. */
    private static final long DRAIN_MILLIS = TimeUnit.SECONDS.toMillis(10);

    private final Process process;
    private final Path outputFile;
    private final Thread reader;
    private final Object lock = new Object();
    private final List<String> lines = new ArrayList<>();
    private final StringBuilder output = new StringBuilder();
    private boolean ended;

    private Proc(Process process, Path outputFile) {
        this.process = process;
        this.outputFile = outputFile;
        if (outputFile == null) {
            reader = new Thread(this::pump, "proc-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        } else {
            reader = null;
        }
    }

    /** Starts {@code command} with {@code env} added to this JVM's environment; standard input is a pipe ({@link #writeLine}). */
    public static Proc start(List<String> command, Map<String, String> env) {
        return start(command, env, true, null);
    }

    /**
     * Starts {@code command}; standard input is a pipe if {@code input}, else /dev/null; output goes
     * to {@code outputFile}, or is collected when that is null.
     */
    static Proc start(List<String> command, Map<String, String> env, boolean input, Path outputFile) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        if (!input) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        if (outputFile != null) {
            pb.redirectOutput(outputFile.toFile());
        }
        try {
            return new Proc(pb.start(), outputFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.ISO_8859_1))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                synchronized (lock) {
                    lines.add(line);
                    output.append(line).append('\n');
                    lock.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process is gone; what was read stays in the output
        } finally {
            synchronized (lock) {
                ended = true;
                lock.notifyAll();
            }
        }
    }

    /** The PID ({@code ip netns exec} execs its command, so through it this is the command's own PID). */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything printed so far, each line ending in a newline (empty when the output goes to a file). */
    public String output() {
        synchronized (lock) {
            return output.toString();
        }
    }

    /** Writes one line to the process's standard input. */
    public void writeLine(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to process " + process.pid() + ": " + output(), e);
        }
    }

    /** Closes the process's standard input. */
    public void closeInput() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // gone already
        }
    }

    /**
     * Waits (at most {@code seconds}) for an output line matching {@code pattern}, lines printed
     * before the call included; returns the match. Throws with the output if none comes within the
     * bound or the output ends first.
     */
    public Matcher await(Pattern pattern, int seconds) {
        if (reader == null) {
            throw new IllegalStateException("the output of process " + process.pid() + " goes to " + outputFile);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (lock) {
            int next = 0;
            while (true) {
                for (; next < lines.size(); next++) {
                    Matcher m = pattern.matcher(lines.get(next));
                    if (m.find()) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new IllegalStateException("no line matching /" + pattern + "/ within " + seconds + " s ("
                            + (ended ? "output ended" : "still running") + "); output:\n" + output);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted waiting for /" + pattern + "/", e);
                }
            }
        }
    }

    /** Waits at most {@code seconds} for the exit (and the last output); the exit code, or -1 if still running. */
    public int waitForExit(int seconds) {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                return -1;
            }
            if (reader != null) {
                reader.join(DRAIN_MILLIS);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** SIGTERM, wait up to {@code seconds}, then {@link #kill}. */
    public void stop(int seconds) {
        if (process.isAlive()) {
            process.destroy();
            if (waitForExit(seconds) == -1) {
                kill();
            }
        }
    }

    /** SIGKILL for the process's descendants and the process, each by PID; waits (bounded) until it is gone. */
    public void kill() {
        // Only while not reaped: the PID is still ours, and its children are still its descendants.
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            waitForExit(10);
        }
    }
}
