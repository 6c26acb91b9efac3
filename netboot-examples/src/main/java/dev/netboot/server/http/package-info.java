/**
 * The HTTP boot server: the TFTP root served over HTTP under {@code /tftpboot/} to an address
 * allow-list (the write-up's Apache alias), for iPXE and UEFI HTTP boot clients, with a
 * Prometheus {@code /metrics} endpoint over a {@link dev.netboot.server.http.MetricsRegistry}
 * that the DHCP and TFTP servers of the same process can register their counters in.
 *
 * <p>Entry points: {@link dev.netboot.server.http.HttpBootServer} configured by an
 * {@link dev.netboot.server.http.HttpBootConfig}; dynamic content through a
 * {@link dev.netboot.server.http.BootContentProvider}.
 */
package dev.netboot.server.http;
