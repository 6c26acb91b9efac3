package dev.netboot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetricsRegistryTest {
    @Test
    void exposesHelpTypeAndSeriesInRegistrationOrder() {
        MetricsRegistry r = MetricsRegistry.create();
        MetricsRegistry.Counter ok = r.counter("netboot_tftp_transfers_total", "Transfers, by result.",
                Map.of("result", "ok"));
        MetricsRegistry.Counter failed = r.counter("netboot_tftp_transfers_total", "Transfers, by result.",
                Map.of("result", "failed"));
        MetricsRegistry.Gauge inFlight = r.gauge("netboot_tftp_transfers_active", "Transfers in flight.");
        AtomicLong leases = new AtomicLong(42);
        r.gaugeFunction("netboot_dhcp_leases", "Leases bound.", Map.of(), leases::get);
        ok.add(3);
        failed.increment();
        inFlight.increment();
        inFlight.increment();
        inFlight.decrement();
        assertEquals("""
                # HELP netboot_tftp_transfers_total Transfers, by result.
                # TYPE netboot_tftp_transfers_total counter
                netboot_tftp_transfers_total{result="ok"} 3
                netboot_tftp_transfers_total{result="failed"} 1
                # HELP netboot_tftp_transfers_active Transfers in flight.
                # TYPE netboot_tftp_transfers_active gauge
                netboot_tftp_transfers_active 1
                # HELP netboot_dhcp_leases Leases bound.
                # TYPE netboot_dhcp_leases gauge
                netboot_dhcp_leases 42
                """, r.scrape());
        PrometheusText parsed = PrometheusText.parse(r.scrape());
        assertEquals(3.0, parsed.value("netboot_tftp_transfers_total", Map.of("result", "ok")));
    }

    @Test
    void labelValuesAndHelpAreEscaped() {
        MetricsRegistry r = MetricsRegistry.create();
        r.counter("x_total", "a \\ help\nwith newline", Map.of("b", "q\"uo\\te\nnl", "a", "1")).increment();
        assertEquals("""
                # HELP x_total a \\\\ help\\nwith newline
                # TYPE x_total counter
                x_total{a="1",b="q\\"uo\\\\te\\nnl"} 1
                """, r.scrape());
        PrometheusText p = PrometheusText.parse(r.scrape());
        assertEquals(1.0, p.value("x_total", Map.of("a", "1", "b", "q\"uo\\te\nnl")));
        assertEquals("a \\ help\nwith newline", p.helps.get("x_total"));
    }

    @Test
    void registeringAgainReturnsTheSameSeries() {
        MetricsRegistry r = MetricsRegistry.create();
        MetricsRegistry.Counter a = r.counter("c_total", "C.", Map.of("k", "v", "l", "w"));
        a.add(2);
        MetricsRegistry.Counter b = r.counter("c_total", "C.", Map.of("l", "w", "k", "v"));
        assertSame(a, b);
        assertEquals(2, b.value());
        assertSame(r.gauge("g", "G."), r.gauge("g", "G."));
    }

    @Test
    void functionsAreReadWhenScrapedAndReplacedOnReRegistration() {
        MetricsRegistry r = MetricsRegistry.create();
        r.counterFunction("f_total", "F.", Map.of(), () -> 1);
        r.counterFunction("f_total", "F.", Map.of(), () -> 7);
        r.gaugeFunction("broken", "Throws.", Map.of(), () -> {
            throw new IllegalStateException("gone");
        });
        assertEquals("""
                # HELP f_total F.
                # TYPE f_total counter
                f_total 7
                # HELP broken Throws.
                # TYPE broken gauge
                """, r.scrape());
    }

    @Test
    void misuseIsRefusedWithTheReason() {
        MetricsRegistry r = MetricsRegistry.create();
        r.counter("c_total", "C.", Map.of("k", "v"));
        assertEquals("metric c_total: registered as a counter (expected: gauge)",
                assertThrows(IllegalArgumentException.class, () -> r.gauge("c_total", "C.")).getMessage());
        assertEquals("metric c_total: label names [j] (expected: [k], as first registered)",
                assertThrows(IllegalArgumentException.class, () -> r.counter("c_total", "C.", Map.of("j", "v")))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> r.counter("1bad", "B."));
        assertThrows(IllegalArgumentException.class, () -> r.counter("bad-name", "B."));
        assertThrows(IllegalArgumentException.class, () -> r.counter("ok_total", "B.", Map.of("__reserved", "x")));
        assertThrows(IllegalArgumentException.class, () -> r.counter("ok_total", "B.", Map.of("bad-label", "x")));
        assertThrows(IllegalArgumentException.class, () -> r.counter("c_total", "C.", Map.of("k", "v")).add(-1));
        r.counterFunction("fn_total", "F.", Map.of(), () -> 1);
        assertThrows(IllegalArgumentException.class, () -> r.counter("fn_total", "F."));
    }

    @Test
    void concurrentUpdatesAndRegistrationsLoseNothing() throws InterruptedException {
        MetricsRegistry r = MetricsRegistry.create();
        int threads = 8;
        int perThread = 50_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                MetricsRegistry.Counter shared = r.counter("shared_total", "S.");
                MetricsRegistry.Gauge g = r.gauge("g", "G.", Map.of("thread", Integer.toString(id % 2)));
                for (int i = 0; i < perThread; i++) {
                    shared.increment();
                    g.increment();
                    if (i % 10_000 == 0) {
                        r.scrape(); // scraping while others count and register
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join(TimeUnit.SECONDS.toMillis(30));
        }
        PrometheusText p = PrometheusText.parse(r.scrape());
        assertEquals((double) threads * perThread, p.value("shared_total", Map.of()));
        assertEquals((double) threads / 2 * perThread, p.value("g", Map.of("thread", "0")));
        assertEquals((double) threads / 2 * perThread, p.value("g", Map.of("thread", "1")));
    }
}
