package dev.netboot.testsupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only: installs a Netty leak detector at PARANOID level that records every leak report,
 * so that a test (or property container) that leaks a {@link ByteBuf} fails instead of only
 * logging. Shared by every module's tests through the parent POM (build-support/test-support).
 */
public final class LeakCheck {
    private static final List<String> LEAKS = new ArrayList<>();
    private static volatile boolean installed;

    private LeakCheck() {}

    /** Installs the recording detector; must run before the first ByteBuf class is loaded. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            @SuppressWarnings("deprecation")
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(
                    Class<T> resource, int samplingInterval, long maxActive) {
                return new Recording<>(resource, samplingInterval);
            }

            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
                return new Recording<>(resource, samplingInterval);
            }
        });
    }

    /**
     * Runs the garbage collector and allocates a few buffers so that the detector drains its
     * reference queue, then returns (and forgets) every leak reported so far.
     */
    public static List<String> collectLeaks() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            for (int j = 0; j < 8; j++) {
                ByteBuf a = Unpooled.buffer(1);
                a.release();
                ByteBuf b = PooledByteBufAllocator.DEFAULT.buffer(1);
                b.release();
                ByteBuf c = Unpooled.directBuffer(1);
                c.release();
            }
        }
        synchronized (LEAKS) {
            List<String> copy = new ArrayList<>(LEAKS);
            LEAKS.clear();
            return copy;
        }
    }

    /** Throws an AssertionError naming the leaks, if any were reported since the last check. */
    public static void assertNoLeaks(String where) {
        List<String> leaks = collectLeaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError("ByteBuf leak(s) detected after " + where + ":\n"
                    + String.join("\n----\n", leaks));
        }
    }

    private static final class Recording<T> extends ResourceLeakDetector<T> {
        @SuppressWarnings("deprecation")
        Recording(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            synchronized (LEAKS) {
                LEAKS.add("LEAK: " + resourceType + records);
            }
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            synchronized (LEAKS) {
                LEAKS.add("LEAK: " + resourceType + " (untraced)");
            }
        }
    }
}
