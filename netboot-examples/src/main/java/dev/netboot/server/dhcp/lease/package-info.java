/**
 * Durable DHCP leases and address allocation for the reference DHCP server.
 *
 * <p>{@link dev.netboot.server.dhcp.lease.LeaseStore} is the transactional store of bindings
 * (address to {@link dev.netboot.server.dhcp.lease.ClientKey}); {@link
 * dev.netboot.server.dhcp.lease.LeaseJournal} is its embedded default, an append-only,
 * human-readable journal file with group commit. {@link
 * dev.netboot.server.dhcp.lease.AddressAllocator} picks addresses from an {@link
 * dev.netboot.server.dhcp.lease.AddressPool} and holds offered addresses for a short time.
 * Addresses are IPv4 addresses as {@code int} (network byte order, most significant octet
 * first), compared unsigned. Time is always injected ({@link java.time.InstantSource}).
 */
package dev.netboot.server.dhcp.lease;
