package dev.netboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DecodeCommandTest {
    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        CommandLine cl = Netboot.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static List<String> samples() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("samples"))) {
            return s.map(Path::toString).filter(f -> f.endsWith(".pcap")).sorted().toList();
        }
    }

    @Test
    void decodesEverySampleCaptureWithExitZero() throws IOException {
        List<String> files = samples();
        assertTrue(files.size() >= 13, files.toString());
        Run r = run(Stream.concat(Stream.of("decode"), files.stream()).toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        assertEquals(62, r.out().split("Dynamic Host Configuration Protocol", -1).length - 1);
        assertTrue(r.out().contains("Option: (93) Client System Architecture, length 2: x64 UEFI (7)"), r.out());
        assertTrue(r.out().contains("Option: (77) User Class Information, length 4: iPXE"));
        assertTrue(r.out().contains("Option: (60) Vendor class identifier, length 12: U-Boot.armv8"));
    }

    @Test
    void pcapngDecodesLikeThePcapOfTheSameCapture() {
        Run ng = run("decode", "--json", "samples/dhclient-dora.pcapng");
        Run classic = run("decode", "--json", "samples/dhclient-dora.pcap");
        assertEquals(0, ng.exit(), ng.err());
        assertEquals(0, classic.exit(), classic.err());
        String[] a = ng.out().trim().split("\n");
        String[] b = classic.out().trim().split("\n");
        assertEquals(5, a.length, ng.out());
        for (int i = 0; i < a.length; i++) {
            // the same messages, frame by frame; only the capture's name differs
            assertEquals(b[i].replace("dhclient-dora.pcap\"", "dhclient-dora.pcapng\""), a[i]);
        }
        assertTrue(a[0].contains("\"message-type\":\"DHCPDISCOVER\""), a[0]);
    }

    @Test
    void jsonHasOneObjectPerMessageWithTypedOptions() {
        Run r = run("decode", "--json", "samples/scapy-arch11-efi-arm64.pcap");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().trim().split("\n");
        assertEquals(5, lines.length);
        String discover = lines[0];
        assertTrue(discover.startsWith("{\"capture\":\"samples/scapy-arch11-efi-arm64.pcap\",\"frame\":1,"), discover);
        assertTrue(discover.contains("\"xid\":\"0x"), discover);
        assertTrue(discover.contains("\"chaddr\":\"02:13:5c:00:00:0b\""), discover);
        assertTrue(discover.contains("\"message-type\":\"DHCPDISCOVER\""), discover);
        assertTrue(discover.contains("{\"code\":93,\"name\":\"Client System Architecture\",\"length\":2,\"value\":[{\"code\":11,\"name\":\"ARM 64-bit UEFI\"}]}"), discover);
        assertTrue(discover.contains("{\"code\":57,\"name\":\"Maximum DHCP Message Size\",\"length\":2,\"value\":1472}"), discover);
    }

    @Test
    void malformedMessagesAreReportedAndTheRestDecodesWithExitOne(@TempDir Path dir) throws IOException {
        Path hex = dir.resolve("messages.hex");
        String good = "01010600" + "12345678" + "0000" + "0000" + "00".repeat(16) + "525400123456" + "00".repeat(10)
                + "00".repeat(192) + "63825363" + "350101" + "ff";
        String truncatedOption = good.substring(0, good.length() - 2) + "0c0561";
        Files.writeString(hex, "# two messages\n" + truncatedOption + "\n" + "0102" + "\n" + good + "\n");
        Run r = run("decode", hex.toString());
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("Malformed: option 12 at offset 243: length 5 exceeds the 1 bytes left"), r.out());
        assertTrue(r.out().contains("Malformed DHCP message: header at offset 2: message is 2 bytes (expected: at least 236)"), r.out());
        assertEquals(2, r.out().split("Dynamic Host Configuration Protocol", -1).length - 1, "the good message and the one with a bad option still decode");
        Run j = run("decode", "--json", hex.toString());
        assertEquals(1, j.exit());
        assertTrue(j.out().contains("\"problems\":[{\"field\":\"option 12\",\"offset\":243"), j.out());
    }

    @Test
    void unreadableFileIsAnErrorLine(@TempDir Path dir) throws IOException {
        Path junk = dir.resolve("junk.pcap");
        Files.write(junk, new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0});
        Run r = run("decode", junk.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertEquals(2, run("decode").exit(), "usage error");
    }
}
