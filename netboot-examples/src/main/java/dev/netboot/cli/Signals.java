package dev.netboot.cli;

/** SIGHUP for reloads, through the JDK's unsupported but long-stable signal API; a no-op where absent. */
final class Signals {
    private Signals() {}

    @SuppressWarnings("removal")
    static void onHangup(Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object hup = signal.getConstructor(String.class).newInstance("HUP");
            Object h = java.lang.reflect.Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handler},
                    (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            action.run();
                        }
                        return null;
                    });
            signal.getMethod("handle", signal, handler).invoke(null, hup, h);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no SIGHUP on this platform: the file watch still reloads
        }
    }
}
