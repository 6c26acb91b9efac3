package dev.netboot.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/**
 * How the serving commands run a started server in the foreground: closed by a JVM shutdown hook
 * (SIGTERM, SIGINT), with a ready line that scripts and tests wait for printed once the hook is in
 * place, and the command's thread parked until the hook has closed the server.
 */
final class Foreground {
    private Foreground() {}

    /**
     * Registers {@code close} as a shutdown hook named {@code hookName}, prints {@code readyLine}
     * to {@code out}, and waits until the hook has run.
     *
     * @return true once the server is closed; false if the thread was interrupted while waiting
     *     (the interrupt flag is set again)
     */
    static boolean untilShutdown(Runnable close, String hookName, PrintWriter out, String readyLine) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close.run();
            stopped.countDown();
        }, hookName));
        out.println(readyLine);
        out.flush();
        try {
            stopped.await();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
