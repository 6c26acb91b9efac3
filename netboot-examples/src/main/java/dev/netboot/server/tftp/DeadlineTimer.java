package dev.netboot.server.tftp;

import dev.netboot.tftp.TftpTransfer;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One scheduled task on an event loop for the earliest of a handler's deadlines: arming it for a
 * later deadline than the pending one changes nothing (the task re-arms when it runs), for an
 * earlier one reschedules it. Not thread-safe: confined to the event loop it schedules on.
 */
final class DeadlineTimer {
    private final Runnable task;
    private final LongSupplier clock;
    private final Runnable fire = this::fire;
    private ScheduledFuture<?> timer;
    private long at = TftpTransfer.NO_DEADLINE;

    /** @param clock nanoseconds, on the same scale as the deadlines */
    DeadlineTimer(Runnable task, LongSupplier clock) {
        this.task = task;
        this.clock = clock;
    }

    /** Runs the task on {@code loop} at {@code deadline} unless it runs earlier; no-op for NO_DEADLINE. */
    void arm(EventExecutor loop, long deadline) {
        if (deadline == TftpTransfer.NO_DEADLINE || (timer != null && at <= deadline)) {
            return; // an earlier timer fires first and re-arms for the later deadline
        }
        cancel();
        at = deadline;
        timer = loop.schedule(fire, Math.max(0, deadline - clock.getAsLong()), TimeUnit.NANOSECONDS);
    }

    /** Cancels the pending run, if any. */
    void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
            at = TftpTransfer.NO_DEADLINE;
        }
    }

    private void fire() {
        timer = null;
        at = TftpTransfer.NO_DEADLINE;
        task.run();
    }
}
