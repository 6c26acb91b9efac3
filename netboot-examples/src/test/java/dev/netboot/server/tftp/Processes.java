package dev.netboot.server.tftp;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Running real peers (tftp-hpa, curl, atftp, in.tftpd) from tests: bounded waits, killed by PID. */
final class Processes {
    /** What a finished command printed and returned. */
    record Result(int exitCode, String output) {}

    private Processes() {}

    /** Whether {@code command} is an executable on the PATH (or an absolute path). */
    static boolean available(String command) {
        if (command.startsWith("/")) {
            return Files.isExecutable(Path.of(command));
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /** Whether the tests run as root (in.tftpd -s chroots, which needs it). */
    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Runs {@code command} to completion within {@code timeout} (killed with its children after it). */
    static Result run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("nb-proc", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                return new Result(-1, "timed out after " + timeout + ": " + Files.readString(out, StandardCharsets.ISO_8859_1));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Starts {@code command} in the background, output to {@code log}. */
    static Process start(Path log, List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    /**
     * Kills {@code p} and every process it started, by PID, with SIGKILL (in.tftpd -L ignores SIGTERM
     * until its next packet), and waits (bounded) until they are gone.
     */
    static void kill(Process p) throws InterruptedException {
        List<ProcessHandle> children = p.descendants().toList();
        for (ProcessHandle h : children) {
            h.destroyForcibly();
        }
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
        for (ProcessHandle h : children) {
            h.onExit().completeOnTimeout(h, 5, TimeUnit.SECONDS).join();
        }
    }
}
