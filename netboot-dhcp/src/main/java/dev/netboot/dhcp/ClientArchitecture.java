package dev.netboot.dhcp;

/**
 * A client system architecture (option 93, RFC 4578 and the IANA "Processor Architecture Types"
 * registry up to 0x29): an open registry whose unknown values survive a round trip. Immutable;
 * {@link #valueOf(int)} returns cached constants for 0x00-0x29 and never throws.
 *
 * <p>RFC 4578 listed 7 as "EFI BC" and 9 as "EFI x86-64"; the IANA registry (after the erratum)
 * has 7 = x64 UEFI and 9 = EBC. Firmware in the field sends both for x64, so rules usually treat
 * them alike; {@link #isAmbiguousX64()} says so.
 */
public final class ClientArchitecture {
    private static final String[] NAMES = {
        "x86 BIOS", "NEC/PC98 (DEPRECATED)", "Itanium", "DEC Alpha (DEPRECATED)", "Arc x86 (DEPRECATED)",
        "Intel Lean Client (DEPRECATED)", "x86 UEFI", "x64 UEFI", "EFI Xscale (DEPRECATED)", "EBC",
        "ARM 32-bit UEFI", "ARM 64-bit UEFI", "PowerPC Open Firmware", "PowerPC ePAPR", "POWER OPAL v3",
        "x86 UEFI HTTP", "x64 UEFI HTTP", "EBC HTTP", "ARM 32-bit UEFI HTTP", "ARM 64-bit UEFI HTTP",
        "x86 BIOS HTTP", "ARM 32-bit U-Boot", "ARM 64-bit U-Boot", "ARM 32-bit U-Boot HTTP",
        "ARM 64-bit U-Boot HTTP", "RISC-V 32-bit UEFI", "RISC-V 32-bit UEFI HTTP", "RISC-V 64-bit UEFI",
        "RISC-V 64-bit UEFI HTTP", "RISC-V 128-bit UEFI", "RISC-V 128-bit UEFI HTTP", "s390 Basic",
        "s390 Extended", "MIPS 32-bit UEFI", "MIPS 64-bit UEFI", "Sunway 32-bit UEFI", "Sunway 64-bit UEFI",
        "LoongArch 32-bit UEFI", "LoongArch 32-bit UEFI HTTP", "LoongArch 64-bit UEFI",
        "LoongArch 64-bit UEFI HTTP", "ARM rpiboot"
    };
    private static final ClientArchitecture[] KNOWN = new ClientArchitecture[NAMES.length];

    static {
        for (int i = 0; i < NAMES.length; i++) {
            KNOWN[i] = new ClientArchitecture(i, NAMES[i]);
        }
    }

    public static final ClientArchitecture X86_BIOS = KNOWN[0];
    public static final ClientArchitecture X86_UEFI = KNOWN[6];
    public static final ClientArchitecture X64_UEFI = KNOWN[7];
    /** RFC 4578's "EFI BC" code; IANA's x64 UEFI. */
    public static final ClientArchitecture EFI_BC = KNOWN[7];
    /** IANA's EBC; RFC 4578's (erroneous) "EFI x86-64", still sent by some x64 firmware. */
    public static final ClientArchitecture EFI_X86_64 = KNOWN[9];
    public static final ClientArchitecture ARM32_UEFI = KNOWN[10];
    public static final ClientArchitecture ARM64_UEFI = KNOWN[11];
    /** Alias of {@link #ARM64_UEFI}. */
    public static final ClientArchitecture EFI_ARM64 = KNOWN[11];
    public static final ClientArchitecture X64_UEFI_HTTP = KNOWN[16];
    /** Alias of {@link #X64_UEFI_HTTP}. */
    public static final ClientArchitecture EFI_X86_64_HTTP = KNOWN[16];
    public static final ClientArchitecture ARM64_UEFI_HTTP = KNOWN[19];
    public static final ClientArchitecture ARM32_UBOOT = KNOWN[21];
    public static final ClientArchitecture ARM64_UBOOT = KNOWN[22];
    public static final ClientArchitecture ARM_RPIBOOT = KNOWN[0x29];

    private final int code;
    private final String description;

    private ClientArchitecture(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The architecture for a 16-bit wire value; unknown values are kept (not cached). */
    public static ClientArchitecture valueOf(int code) {
        if (code >= 0 && code < KNOWN.length) {
            return KNOWN[code];
        }
        return new ClientArchitecture(code & 0xFFFF, null); // description made on demand: decoding stays cheap
    }

    /** The 16-bit wire value. */
    public int code() {
        return code;
    }

    /** The registry's description, e.g. {@code "ARM 64-bit UEFI"}. */
    public String description() {
        return description != null ? description : "Unknown (0x" + String.format("%04x", code) + ")";
    }

    /** True for a value the IANA registry lists. */
    public boolean isKnown() {
        return code < KNOWN.length;
    }

    /** True for 7 and 9, which firmware uses interchangeably for x64 UEFI (RFC 4578 erratum). */
    public boolean isAmbiguousX64() {
        return code == 7 || code == 9;
    }

    /** True for the HTTP-boot variants (0x0f-0x14, 0x17, 0x18, and the RISC-V/LoongArch HTTP codes). */
    public boolean isHttpBoot() {
        return description != null && description.endsWith("HTTP");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientArchitecture a && a.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return description() + " (" + code + ")";
    }
}
