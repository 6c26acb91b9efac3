package dev.netboot.cli;

import static dev.netboot.cli.DecodeCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netboot.cli.DecodeCommandTest.Run;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The README's main command: every MISSION.md client boots on loopback, within 15 s. */
class DemoCommandTest {
    @Test
    void everyClientMatchesTheReferenceConfiguration() {
        long t0 = System.nanoTime();
        Run r = run("demo");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("10 clients, 10 matched the reference configuration, 0 failed"), r.out());
        long okRows = Arrays.stream(r.out().split("\n")).filter(l -> l.endsWith("  ok")).count();
        assertEquals(10, okRows, r.out());
        assertTrue(r.out().contains("/etc/dhcp/home.4.dhcp.inc:11"), "rpi3's host override decided its file: " + r.out());
        assertTrue(r.out().contains("http://127.0.0.14:"), "iPXE got the HTTP URL: " + r.out());
        assertTrue(ms < 15_000, "demo took " + ms + " ms");
    }
}
