package dev.netboot.server.dhcp;

import dev.netboot.dhcp.Ipv4;

/**
 * How the DHCP server points UEFI HTTP boot clients (vendor class {@code HTTPClient}) at the HTTP
 * boot server beside it: a relative boot file becomes the URL of the same file under the HTTP
 * server's prefix on this server's address. Immutable.
 */
final class HttpBootUrls {
    private final int port;
    private final String prefix;

    /**
     * @param port the HTTP boot server's port (80 is left out of the URLs)
     * @param prefix the path the boot root is served under, such as {@code /tftpboot/}
     */
    HttpBootUrls(int port, String prefix) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1 to 65535)");
        }
        String p = prefix.startsWith("/") ? prefix : "/" + prefix;
        this.port = port;
        this.prefix = p.endsWith("/") ? p : p + "/";
    }

    /** The URL of {@code file} (relative to the boot root; a leading {@code /} is ignored) on {@code server}. */
    String url(int server, String file) {
        int from = 0;
        while (from < file.length() && (file.charAt(from) == '/' || file.charAt(from) == '\\')) {
            from++;
        }
        StringBuilder b = new StringBuilder(32 + file.length()).append("http://").append(Ipv4.format(server));
        if (port != 80) {
            b.append(':').append(port);
        }
        return b.append(prefix).append(file, from, file.length()).toString().replace('\\', '/');
    }

    /** Whether {@code file} is already a URL the firmware fetches itself ({@code http://} or {@code https://}). */
    static boolean isUrl(String file) {
        return file.regionMatches(true, 0, "http://", 0, 7) || file.regionMatches(true, 0, "https://", 0, 8);
    }
}
