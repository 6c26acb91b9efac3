package dev.netboot.testsupport;

import net.jqwik.api.lifecycle.AfterContainerHook;
import net.jqwik.api.lifecycle.ContainerLifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;

/** Fails a jqwik property container that leaked a ByteBuf (registered globally). */
public final class LeakCheckJqwikHook implements AfterContainerHook {
    @Override
    public void afterContainer(ContainerLifecycleContext context) {
        LeakCheck.assertNoLeaks(context.label());
    }

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public boolean appliesTo(java.util.Optional<java.lang.reflect.AnnotatedElement> element) {
        return element.map(e -> e instanceof Class<?>).orElse(false);
    }
}
