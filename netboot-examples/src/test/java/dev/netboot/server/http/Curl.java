package dev.netboot.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Test-only: runs the curl binary (bounded in time, no proxies) and captures its output. */
final class Curl {
    record Result(int exit, String out, String err) {}

    private Curl() {}

    /** Whether a curl binary runs here. */
    static boolean available() {
        try {
            return run(List.of("--version"), 10).exit() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    static Result run(List<String> args, int timeoutSeconds) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("curl");
        cmd.add("--noproxy");
        cmd.add("*");
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.toLowerCase(java.util.Locale.ROOT).endsWith("_proxy"));
        Process p = pb.start();
        try {
            // small outputs only (bodies go to files): reading after exit cannot dead-lock on a full pipe
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("curl timed out after " + timeoutSeconds + " s: " + args);
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
