package dev.netboot.cli;

import dev.netboot.cli.capture.CaptureFormatException;
import dev.netboot.cli.capture.CaptureOptions;
import dev.netboot.cli.capture.CaptureReader;
import dev.netboot.cli.capture.UdpDatagram;
import dev.netboot.cli.capture.UdpPortFilter;
import dev.netboot.dhcp.DhcpCodecException;
import dev.netboot.dhcp.DhcpMessage;
import dev.netboot.dhcp.Ipv4;
import dev.netboot.dhcp.MessageType;
import dev.netboot.rules.ClientFacts;
import dev.netboot.rules.Decision;
import dev.netboot.rules.Explanation;
import dev.netboot.rules.Field;
import dev.netboot.rules.Provenance;
import dev.netboot.rules.RuleSet;
import dev.netboot.rules.isc.ConfigException;
import dev.netboot.rules.isc.DhcpdConf;
import dev.netboot.rules.isc.IscOptions;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code netboot explain}: for each DISCOVER/REQUEST of a capture, or for a described client, the
 * decision the configuration gives and why (every condition with the values it saw, which
 * statement set each field).
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explain which boot file, next-server and options a dhcpd.conf gives each client.",
            "Exit status: 0 done, 1 the configuration or capture could not be read, 2 usage error."})
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--pcap", paramLabel = "FILE", description = "A capture: every DISCOVER and REQUEST in it.")
        Path pcap;

        @Option(names = "--client", paramLabel = "KEY=VALUE,...",
                description = "A described client, e.g. mac=52:54:00:12:34:56,arch=7,vendor-class=PXEClient:Arch:00007:UNDI:003016,user-class=iPXE")
        String client;
    }

    @Option(names = "--interface-address", paramLabel = "IP",
            description = "With --pcap: the address of the interface the captured requests arrived on, which selects"
                    + " the subnet of clients that are not relayed (giaddr 0), as the server's interface would.")
    String interfaceAddress;

    @Option(names = "--json", description = "One JSON object per client.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DhcpdConf.Result conf;
        try {
            conf = config.reader().read(config.config);
        } catch (ConfigException e) {
            e.errors().forEach(err::println);
            return 1;
        }
        conf.warnings().forEach(w -> err.println(w));
        RuleSet rules = conf.ruleSet();
        if (input.client != null) {
            ClientFacts facts;
            try {
                facts = ClientFacts.parse(input.client);
            } catch (IllegalArgumentException e) {
                err.println("error: --client: " + e.getMessage());
                return 2;
            }
            print(out, "client " + input.client, null, rules.explain(facts), conf.options());
            return 0;
        }
        int link;
        try {
            link = interfaceAddress == null ? 0 : Ipv4.parse(interfaceAddress);
        } catch (IllegalArgumentException e) {
            err.println("error: --interface-address: " + e.getMessage());
            return 2;
        }
        int status = 0;
        try (CaptureReader reader = CaptureReader.open(input.pcap, CaptureOptions.defaults().withFilter(UdpPortFilter.dhcp()))) {
            while (reader.hasNext()) {
                try (UdpDatagram d = reader.next()) {
                    DhcpMessage m;
                    try {
                        m = DhcpMessage.decode(d.payload());
                    } catch (DhcpCodecException e) {
                        err.println(input.pcap + " frame " + d.frameNumber() + ": malformed: " + e.getMessage());
                        status = 1;
                        continue;
                    }
                    MessageType type = m.messageType();
                    if (m.op() != DhcpMessage.BOOTREQUEST
                            || !(MessageType.DISCOVER.equals(type) || MessageType.REQUEST.equals(type))) {
                        continue;
                    }
                    print(out, input.pcap + " frame " + d.frameNumber() + " " + type, m,
                            rules.explain(ClientFacts.from(m, null, link)), conf.options());
                }
            }
        } catch (CaptureFormatException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        return status;
    }

    private void print(PrintWriter out, String title, DhcpMessage m, Explanation ex, IscOptions names) {
        Decision d = ex.decision();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("source", title);
            if (m != null) {
                o.put("xid", String.format("0x%08x", m.xid()));
                o.put("message-type", m.messageType().name());
            }
            o.put("chaddr", d.facts().mac());
            o.put("classes", d.classes());
            o.put("next-server", d.hasNextServer() ? d.nextServer() : null);
            o.put("filename", d.filename());
            o.put("server-name", d.serverName());
            o.put("fixed-address", d.hasFixedAddress() ? d.fixedAddress() : null);
            o.put("host", d.host() != null ? d.host().name() : null);
            Map<String, Object> options = new LinkedHashMap<>();
            d.options().forEach((code, bytes) -> options.put(String.valueOf(code), names.format(code, bytes)));
            o.put("options", options);
            Provenance file = d.provenance(Field.FILENAME);
            o.put("rule", file != null ? file.origin().fileLine() : null); // file:line of the statement that set it
            Provenance next = d.provenance(Field.NEXT_SERVER);
            o.put("next-server-rule", next != null ? next.origin().fileLine() : null);
            o.put("summary", d.summary());
            out.println(Json.write(o));
            return;
        }
        out.println(title);
        out.println("  decision: " + d.summary());
        Provenance file = d.provenance(Field.FILENAME);
        if (file != null) {
            out.println("  filename set by " + file);
        }
        Provenance next = d.provenance(Field.NEXT_SERVER);
        if (next != null) {
            out.println("  next-server set by " + next);
        }
        d.options().forEach((code, bytes) -> out.println("  option " + code + " " + names.byCode(code).map(o -> o.name()).orElse("")
                + " = " + names.format(code, bytes)));
        out.println("  why:");
        for (Explanation.Step s : ex.steps()) {
            out.println("    " + s);
        }
        out.println();
    }
}
