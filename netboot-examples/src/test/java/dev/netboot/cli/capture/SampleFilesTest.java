package dev.netboot.cli.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The files under {@code netboot-examples/samples/} (what the README decodes) are the test
 * resources, and the hand-made ones decode to the same datagrams as the captures they came from.
 */
class SampleFilesTest {
    private static final Path SAMPLES = Path.of("samples");

    @Test
    void samplesAreCopiesOfTheTestResources() {
        for (Path capture : Corpus.dhcpCaptures()) {
            assertArrayEquals(Corpus.bytes(capture), Corpus.bytes(SAMPLES.resolve(capture.getFileName())),
                    capture.getFileName().toString());
        }
        for (String name : List.of("dhclient-dora.pcapng", "dhcp-messages.hex")) {
            assertArrayEquals(Corpus.bytes(Corpus.handmade().resolve(name)), Corpus.bytes(SAMPLES.resolve(name)), name);
        }
    }

    @Test
    void pcapngSampleFollowsItsRecipe() {
        byte[] pcap = Corpus.bytes(Corpus.dhcp().resolve("dhclient-dora.pcap"));
        assertArrayEquals(PcapToPcapng.convert(pcap, "dhclient-dora.pcap"),
                Corpus.bytes(Corpus.handmade().resolve("dhclient-dora.pcapng")));
    }

    @Test
    void pcapngSampleHoldsTheSameDatagramsAsItsPcap() {
        List<Captured> fromPcap = Captured.readAll(Corpus.dhcp().resolve("dhclient-dora.pcap"), CaptureOptions.defaults());
        List<Captured> fromPcapng = Captured.readAll(Corpus.handmade().resolve("dhclient-dora.pcapng"),
                CaptureOptions.defaults());
        assertEquals(5, fromPcap.size());
        assertEquals(fromPcap.size(), fromPcapng.size());
        for (int i = 0; i < fromPcap.size(); i++) {
            Captured a = fromPcap.get(i);
            Captured b = fromPcapng.get(i);
            assertEquals(a.frameNumber(), b.frameNumber());
            assertEquals(a.timestamp(), b.timestamp());
            assertEquals(a.source(), b.source());
            assertEquals(a.destination(), b.destination());
            assertArrayEquals(a.payload(), b.payload());
        }
    }

    @Test
    void hexLinesSampleHoldsPayloadsOfTheNamedFrames() {
        record Source(String capture, long frame) {}
        List<Source> sources = List.of(new Source("scapy-arch11-efi-arm64.pcap", 1),
                new Source("scapy-arch11-efi-arm64.pcap", 2), new Source("scapy-ipxe-userclass.pcap", 1),
                new Source("scapy-uboot-armv8.pcap", 1));

        List<Captured> lines = Captured.readAll(Corpus.handmade().resolve("dhcp-messages.hex"), CaptureOptions.defaults());

        assertEquals(sources.size(), lines.size());
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            Captured frame = Captured.readAll(Corpus.dhcp().resolve(s.capture()), CaptureOptions.defaults()).stream()
                    .filter(c -> c.frameNumber() == s.frame()).findFirst().orElseThrow();
            assertArrayEquals(frame.payload(), lines.get(i).payload(), s.toString());
        }
    }
}
