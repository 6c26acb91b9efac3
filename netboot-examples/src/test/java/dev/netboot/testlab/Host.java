package dev.netboot.testlab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the tests ask of the machine they run on: whether they run as root, where a command is,
 * running a short command with a bounded wait, and the command line of a child JVM. Stateless and
 * thread-safe.
 */
public final class Host {
    /** The bound on {@link #run}. */
    static final int RUN_SECONDS = 60;

    private Host() {
    }

    /** Whether this JVM's effective UID is 0 (network namespaces, veths and taps need it). */
    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // real, effective, saved, filesystem
                }
            }
        } catch (IOException e) {
            return false; // not Linux: no namespaces either
        }
        return false;
    }

    /**
     * The executable {@code command}: itself if it names a path, else the first one in a directory
     * of the PATH or of /usr/sbin, /sbin, /usr/bin, /bin (a non-root PATH often lacks the sbins).
     */
    public static Optional<Path> executable(String command) {
        if (command.contains("/")) {
            return Optional.of(Path.of(command)).filter(Files::isExecutable);
        }
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, command)).filter(Files::isExecutable)
                .findFirst();
    }

    /** Whether {@link #executable} finds {@code command}. */
    public static boolean hasCommand(String command) {
        return executable(command).isPresent();
    }

    /**
     * Runs {@code command} (standard input /dev/null) to completion, 60 s at most; returns its
     * output; throws with the output on a non-zero exit or when it does not finish in time.
     */
    public static String run(String... command) {
        Proc p = Proc.start(List.of(command), Map.of(), false, null);
        try {
            int rc = p.waitForExit(RUN_SECONDS);
            if (rc != 0) {
                throw new IllegalStateException(String.join(" ", command)
                        + (rc == -1 ? " did not exit within " + RUN_SECONDS + " s: " : " exited " + rc + ": ")
                        + p.output());
            }
            return p.output();
        } finally {
            p.kill();
        }
    }

    /** {@code java} with the test class path and small-heap, quick-start options; append the main class and arguments. */
    public static List<String> javaCommand() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-cp", classpath);
    }
}
