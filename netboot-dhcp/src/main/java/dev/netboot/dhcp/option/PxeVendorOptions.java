package dev.netboot.dhcp.option;

import dev.netboot.dhcp.Ipv4;
import java.util.List;

/**
 * Option 43 as a PXE client or server carries it (PXE specification 2.1, section 2.4): the typed
 * PXE sub-options, and any other sub-option kept raw. Immutable; decoded and encoded by
 * {@link OptionCodecs#pxeVendorOptions()}.
 *
 * @param discoveryControl sub-option 6, PXE_DISCOVERY_CONTROL: bit field 0-255 (bit 0 disables
 *                         broadcast discovery, bit 1 multicast discovery, bit 2 accepts only the
 *                         servers of {@code bootServers}, bit 3 downloads the boot file directly),
 *                         or -1 when absent
 * @param bootServers      sub-option 8, PXE_BOOT_SERVERS; empty when absent
 * @param bootMenu         sub-option 9, PXE_BOOT_MENU; empty when absent
 * @param menuPrompt       sub-option 10, PXE_MENU_PROMPT, or null when absent
 * @param bootItem         sub-option 71, PXE_BOOT_ITEM, or null when absent
 * @param others           every other sub-option, raw, in wire order
 */
public record PxeVendorOptions(int discoveryControl, List<BootServer> bootServers, List<MenuItem> bootMenu,
        MenuPrompt menuPrompt, BootItem bootItem, List<SubOption> others) {
    /** Sub-option 6, PXE_DISCOVERY_CONTROL. */
    public static final int DISCOVERY_CONTROL = 6;
    /** Sub-option 8, PXE_BOOT_SERVERS. */
    public static final int BOOT_SERVERS = 8;
    /** Sub-option 9, PXE_BOOT_MENU. */
    public static final int BOOT_MENU = 9;
    /** Sub-option 10, PXE_MENU_PROMPT. */
    public static final int MENU_PROMPT = 10;
    /** Sub-option 71, PXE_BOOT_ITEM. */
    public static final int BOOT_ITEM = 71;

    /** Validates and copies. */
    public PxeVendorOptions {
        if (discoveryControl < -1 || discoveryControl > 255) {
            throw new IllegalArgumentException("discovery control " + discoveryControl
                    + " (expected: 0-255, or -1 when absent)");
        }
        bootServers = List.copyOf(bootServers);
        bootMenu = List.copyOf(bootMenu);
        others = List.copyOf(others);
        for (SubOption s : others) {
            int c = s.code();
            if (c == 0 || c == 255 || c == DISCOVERY_CONTROL || c == BOOT_SERVERS || c == BOOT_MENU || c == MENU_PROMPT
                    || c == BOOT_ITEM) {
                throw new IllegalArgumentException("sub-option " + c
                        + " among the others (expected: not pad, end or a typed"
                        + " PXE sub-option)");
            }
        }
    }

    /** Only a boot menu and a prompt, the commonest server reply. */
    public static PxeVendorOptions menu(List<MenuItem> bootMenu, MenuPrompt menuPrompt) {
        return new PxeVendorOptions(-1, List.of(), bootMenu, menuPrompt, null, List.of());
    }

    /**
     * One entry of PXE_BOOT_SERVERS: a boot server type and its IPv4 addresses.
     *
     * @param type      boot server type 0-65535 (0 is the PXE bootstrap server)
     * @param addresses 1-255 addresses, each a big-endian int
     */
    public record BootServer(int type, List<Integer> addresses) {
        /** Validates and copies. */
        public BootServer {
            checkU16(type, "boot server type");
            addresses = List.copyOf(addresses);
            if (addresses.isEmpty() || addresses.size() > 255) {
                throw new IllegalArgumentException("boot server " + type + " has " + addresses.size()
                        + " addresses (expected: 1-255)");
            }
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder().append("type ").append(type).append(':');
            for (int a : addresses) {
                sb.append(' ').append(Ipv4.format(a));
            }
            return sb.toString();
        }
    }

    /**
     * One entry of PXE_BOOT_MENU.
     *
     * @param type        boot server type 0-65535
     * @param description the text shown, one char per byte (ISO-8859-1), at most 255
     */
    public record MenuItem(int type, String description) {
        /** Validates. */
        public MenuItem {
            checkU16(type, "menu item type");
            checkText(description, "menu item description");
        }
    }

    /**
     * PXE_MENU_PROMPT.
     *
     * @param timeout seconds 0-255 (0: boot the first item at once; 255: wait for a key)
     * @param prompt  the text shown, one char per byte (ISO-8859-1), at most 254
     */
    public record MenuPrompt(int timeout, String prompt) {
        /** Validates. */
        public MenuPrompt {
            if (timeout < 0 || timeout > 255) {
                throw new IllegalArgumentException("menu prompt timeout " + timeout + " (expected: 0-255)");
            }
            checkText(prompt, "menu prompt");
            if (prompt.length() > 254) {
                throw new IllegalArgumentException("menu prompt is " + prompt.length()
                        + " chars (expected: at most 254)");
            }
        }
    }

    /**
     * PXE_BOOT_ITEM: the boot server type and layer chosen.
     *
     * @param type  boot server type 0-65535
     * @param layer 0-65535 (bits 0-14 the layer, bit 15 the credentials request)
     */
    public record BootItem(int type, int layer) {
        /** Validates. */
        public BootItem {
            checkU16(type, "boot item type");
            checkU16(layer, "boot item layer");
        }
    }

    private static void checkU16(int v, String what) {
        if (v < 0 || v > 0xFFFF) {
            throw new IllegalArgumentException(what + " " + v + " (expected: 0-65535)");
        }
    }

    private static void checkText(String s, String what) {
        if (s.length() > 255) {
            throw new IllegalArgumentException(what + " is " + s.length() + " chars (expected: at most 255)");
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) {
                throw new IllegalArgumentException(what + " character U+" + Integer.toHexString(s.charAt(i))
                        + " at " + i);
            }
        }
    }
}
