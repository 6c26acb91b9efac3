package dev.netboot.benchmarks.dhcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The DHCP packets the decode benchmarks read: the corpus captures' UDP payloads (the resource
 * {@value #RESOURCE}, made once by {@link PcapPayloads}) and a few crafted packets for the
 * correctness probes. Stateless; every call returns fresh arrays.
 */
final class Packets {
    static final String RESOURCE = "/dhcp-packets.txt";
    /** The {@code packet} parameter value that cycles through every corpus packet. */
    static final String ALL = "all";

    private static final int MAGIC_COOKIE = 0x63825363;

    private Packets() {}

    /** A labelled UDP payload. */
    record Packet(String label, byte[] bytes) {}

    /** Every corpus packet, in file order. */
    static List<Packet> corpus() {
        List<Packet> out = new ArrayList<>();
        try (InputStream in = Packets.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = r.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int space = line.indexOf(' ');
                out.add(new Packet(line.substring(0, space), HexFormat.of().parseHex(line.substring(space + 1))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * {@link #ALL} for every corpus packet, else the packets whose labels are listed
     * (comma-separated; {@link #UBOOT_ARCH_0100} names a crafted one).
     */
    static List<Packet> select(String which) {
        List<Packet> corpus = corpus();
        if (which.equals(ALL)) {
            return corpus;
        }
        List<Packet> out = new ArrayList<>();
        for (String label : which.split(",")) {
            if (label.equals(UBOOT_ARCH_0100)) {
                out.add(new Packet(label, ubootArch0100(corpus)));
                continue;
            }
            Packet found = corpus.stream().filter(p -> p.label().equals(label)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no corpus packet labelled " + label + " in "
                            + RESOURCE + "; labels: " + corpus.stream().map(Packet::label).toList()));
            out.add(found);
        }
        return out;
    }

    // ------------------------------------------------------------ crafted packets

    /**
     * Label of a corpus U-Boot DISCOVER whose option 93 says 0x0100, as older U-Boot sends it
     * (MISSION.md): an architecture code outside the IANA registry.
     */
    static final String UBOOT_ARCH_0100 = "crafted:uboot-arch-0x0100-discover";

    private static byte[] ubootArch0100(List<Packet> corpus) {
        byte[] b = corpus.stream().filter(p -> p.label().equals("scapy-uboot-armv8:1-discover")).findFirst()
                .orElseThrow().bytes();
        for (int i = 240; i + 3 < b.length; i += 2 + (b[i + 1] & 0xFF)) {
            if (b[i] == 93 && b[i + 1] == 2) {
                b[i + 2] = 0x01;
                b[i + 3] = 0x00;
                return b;
            }
        }
        throw new IllegalStateException("scapy-uboot-armv8:1-discover has no option 93");
    }

    /** The boot file carried as option 67 in the {@code file} field, which option 52 overloads. */
    static final String OVERLOADED_BOOT_FILE = "efi-x64/shim.efi";

    /**
     * A DHCPACK whose option 52 (value 1) says the {@code file} field carries options, and whose
     * file field holds option 67 {@value #OVERLOADED_BOOT_FILE} and an end option (RFC 2132 9.3).
     */
    static byte[] overloadedFile() {
        ByteBuffer b = header(2, 5);
        b.put(new byte[] {54, 4, (byte) 192, (byte) 168, 2, 14});
        b.put(new byte[] {52, 1, 1});
        b.put((byte) 255);
        byte[] name = OVERLOADED_BOOT_FILE.getBytes(StandardCharsets.US_ASCII);
        int file = 108;
        b.put(file, (byte) 67).put(file + 1, (byte) name.length).put(file + 2, name).put(file + 2 + name.length, (byte) 255);
        return finish(b);
    }

    /**
     * A DHCPACK carrying option {@code code} with a {@code length}-byte value split per RFC 3396
     * into parts of at most {@code part} bytes, each a copy of the option code. Option 43's value
     * is a list of vendor sub-options ending with 255; any other option's is letters.
     */
    static byte[] split(int code, int length, int part) {
        byte[] value = code == 43 ? subOptions(length) : letters(length);
        ByteBuffer b = header(2, 5);
        b.put(new byte[] {54, 4, (byte) 192, (byte) 168, 2, 14});
        for (int done = 0; done < length; ) {
            int n = Math.min(part, length - done);
            b.put((byte) code).put((byte) n).put(value, done, n);
            done += n;
        }
        b.put((byte) 255);
        return finish(b);
    }

    private static byte[] letters(int length) {
        byte[] v = new byte[length];
        for (int i = 0; i < length; i++) {
            v[i] = (byte) ('a' + i % 26);
        }
        return v;
    }

    /** Sub-options 128, 129, ... of up to 10 bytes each, then the end sub-option: {@code length} bytes. */
    private static byte[] subOptions(int length) {
        byte[] v = letters(length);
        int at = 0;
        for (int sub = 128; length - 1 - at >= 2; sub++) {
            int rest = length - 1 - at - 2;
            int n = Math.min(8, rest);
            if (rest - n == 1) {
                n--; // leave no single stray byte before the end sub-option
            }
            v[at] = (byte) sub;
            v[at + 1] = (byte) n;
            at += 2 + n;
        }
        v[length - 1] = (byte) 255;
        return v;
    }

    private static ByteBuffer header(int op, int type) {
        ByteBuffer b = ByteBuffer.allocate(1500);
        b.put((byte) op).put((byte) 1).put((byte) 6).put((byte) 0).putInt(0x12345678).putShort((short) 0)
                .putShort((short) 0).putInt(0).putInt(0xc0a802c8).putInt(0xc0a8020e).putInt(0)
                .put(new byte[] {0x52, 0x54, 0x00, 0x12, 0x34, 0x56});
        b.position(236);
        b.putInt(MAGIC_COOKIE);
        b.put(new byte[] {53, 1, (byte) type});
        return b;
    }

    private static byte[] finish(ByteBuffer b) {
        return Arrays.copyOf(b.array(), Math.max(300, b.position()));
    }
}
