package dev.netboot.testsupport;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Installs {@link LeakCheck} before any test class (and so any ByteBuf class) is loaded. */
public final class LeakCheckSessionListener implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        LeakCheck.install();
    }
}
