package dev.netboot.testsupport;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Fails a JUnit Jupiter test that leaked a ByteBuf (auto-registered for every test). */
public final class LeakCheckExtension implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
        LeakCheck.assertNoLeaks(context.getDisplayName() + " in " + context.getRequiredTestClass().getName());
    }
}
