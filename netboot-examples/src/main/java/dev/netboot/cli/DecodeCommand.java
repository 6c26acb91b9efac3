package dev.netboot.cli;

import dev.netboot.cli.capture.CaptureFormatException;
import dev.netboot.cli.capture.CaptureOptions;
import dev.netboot.cli.capture.CaptureReader;
import dev.netboot.cli.capture.UdpDatagram;
import dev.netboot.cli.capture.UdpPortFilter;
import dev.netboot.dhcp.DhcpCodecException;
import dev.netboot.dhcp.DhcpDecoder;
import dev.netboot.dhcp.DhcpMessage;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code netboot decode}: prints every DHCP message of pcap/pcapng captures or hex-lines files,
 * header and every option typed; malformed packets are reported with offset and reason and the
 * rest still decode. Exit status 1 when any message (or file) was malformed.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decode the DHCP messages of pcap/pcapng captures (Ethernet, Linux cooked, raw IPv4;",
            "UDP ports 67, 68, 4011) or of text files with one message in hex per line.",
            "Exit status: 0 all well-formed, 1 some message or file malformed, 2 usage error."})
final class DecodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "One JSON object per message (one per line).")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Capture or hex-lines files.")
    List<Path> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean malformed = false;
        DhcpDecoder decoder = DhcpDecoder.lenient();
        for (Path file : files) {
            CaptureOptions options = CaptureOptions.defaults().withFilter(UdpPortFilter.dhcp())
                    .withNotes(note -> err.println("note: " + note));
            try (CaptureReader reader = CaptureReader.open(file, options)) {
                while (reader.hasNext()) {
                    try (UdpDatagram d = reader.next()) {
                        malformed |= print(out, err, file, d, decoder);
                    }
                }
            } catch (CaptureFormatException e) {
                err.println("error: " + e.getMessage());
                malformed = true;
            } catch (UncheckedIOException e) {
                err.println("error: " + e.getMessage() + (e.getCause() != null ? ": " + e.getCause().getMessage() : ""));
                malformed = true;
            }
            out.flush();
        }
        return malformed ? 1 : 0;
    }

    private boolean print(PrintWriter out, PrintWriter err, Path file, UdpDatagram d, DhcpDecoder decoder) {
        String where = file + " " + (d.source().isPresent() ? "frame " : "line ") + d.frameNumber();
        String addresses = d.source().isPresent() && d.destination().isPresent()
                ? " (" + d.source().get().getAddress().getHostAddress() + ":" + d.source().get().getPort() + " -> "
                        + d.destination().get().getAddress().getHostAddress() + ":" + d.destination().get().getPort() + ")"
                : "";
        DhcpMessage m;
        try {
            m = decoder.decode(d.payload());
        } catch (DhcpCodecException e) {
            if (json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("capture", file.toString());
                o.put("frame", d.frameNumber());
                o.put("error", e.getMessage());
                o.put("offset", e.offset());
                out.println(Json.write(o));
            } else {
                out.println(where + addresses);
                out.println("    Malformed DHCP message: " + e.getMessage() + " (" + d.locate(Math.max(0, e.offset())) + ")");
                out.println();
            }
            return true;
        }
        boolean bad = !m.problems().isEmpty() || d.truncated();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("capture", file.toString());
            o.put("frame", d.frameNumber());
            o.putAll(DhcpFormatter.json(m));
            if (d.truncated()) {
                o.put("truncated", true);
            }
            out.println(Json.write(o));
        } else {
            out.print(DhcpFormatter.text(where + addresses + (d.truncated() ? " [truncated capture]" : ""), m));
            out.println();
        }
        return bad;
    }
}
