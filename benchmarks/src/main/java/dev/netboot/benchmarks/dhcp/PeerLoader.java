package dev.netboot.benchmarks.dhcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;

/**
 * Loads one peer library and its adapter from {@code peers/<name>/} inside the benchmarks jar,
 * child-first, and everything else (JDK, benchmark types such as {@link DhcpPeer}, the peer's own
 * dependencies) from the parent. ApacheDS's DHCP codec and anarres's fork of it ship classes with
 * the same names, so each gets a loader of its own. Thread-safe (parallel-capable).
 */
final class PeerLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final String prefix;

    private PeerLoader(String name, ClassLoader parent) {
        super("peer-" + name, parent);
        this.prefix = "peers/" + name + "/";
    }

    /** A new instance of {@code adapterClass} (a {@link DhcpPeer}) loaded from {@code peers/<name>/}. */
    static DhcpPeer load(String name, String adapterClass) {
        ClassLoader parent = PeerLoader.class.getClassLoader();
        if (parent.getResource("peers/" + name + "/" + adapterClass.replace('.', '/') + ".class") == null) {
            throw new IllegalStateException("peers/" + name + "/ is missing from the class path: build with "
                    + "./mvnw -pl benchmarks -am package (the dependency and antrun plugins make it)");
        }
        try {
            Class<?> c = Class.forName(adapterClass, true, new PeerLoader(name, parent));
            return (DhcpPeer) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load peer " + name + ": " + e, e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                URL own = getParent().getResource(prefix + name.replace('.', '/') + ".class");
                c = own != null ? define(name, own) : getParent().loadClass(name);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private Class<?> define(String name, URL url) {
        try (InputStream in = url.openStream()) {
            byte[] b = in.readAllBytes();
            return defineClass(name, b, 0, b.length);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + url, e);
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = getParent().getResource(prefix + name);
        return own != null ? own : getParent().getResource(name);
    }
}
