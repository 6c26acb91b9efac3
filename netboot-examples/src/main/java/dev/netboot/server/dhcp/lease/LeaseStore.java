package dev.netboot.server.dhcp.lease;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where a DHCP server keeps its bindings of addresses to clients, so that they survive a
 * restart. {@link LeaseJournal} is the embedded default; an embedding application may keep
 * leases elsewhere (a shared database) by implementing this interface.
 *
 * <p><b>Transactions.</b> Every change is one atomic step that decides against the current
 * state: {@link #commit} binds an address only if it is free for that client
 * ({@link Lease#isAvailableTo}), so that two servers or threads can never bind one address to
 * two clients. A store holds at most one record per address and one non-declined record per
 * client; committing a client at a new address drops its record at the old one.
 *
 * <p><b>Durability.</b> A change returns a future that completes once the change is durable
 * (for the journal: written and fsync'd); a server sends DHCPACK from that completion. Reads
 * see a change as soon as its method returns, before it is durable; so a reply that depends on
 * a read must wait for the future of the change that produced it. Futures may complete on a
 * thread of the store: attach continuations that block or take long with the {@code *Async}
 * methods and an executor (for Netty: the channel's event loop); a continuation that waits for
 * another of the store's futures on that thread never wakes up.
 *
 * <p>Implementations are thread-safe. Time comes from the implementation's injected clock.
 */
public interface LeaseStore extends AutoCloseable {
    /** The client's current record (active, released or expired; never declined), if any. */
    Optional<Lease> findByClient(ClientKey client);

    /** The record of {@code address}, if any. */
    Optional<Lease> findByAddress(int address);

    /**
     * Binds {@code lease.address()} to {@code lease.client()} if the address is available to that
     * client now, replacing the address's record (this is also how a lease is renewed).
     *
     * @param lease an {@link Lease.State#ACTIVE} record
     * @return completes with {@code lease} once it is durable; completes exceptionally with
     *     {@link LeaseConflictException} when the address is held by another client or declined,
     *     or with {@link LeaseStoreException} when the store cannot record it
     * @throws IllegalArgumentException when the lease is not active
     */
    CompletableFuture<Lease> commit(Lease lease);

    /**
     * Ends the client's active lease on {@code address} now (DHCPRELEASE). Does nothing when
     * the address is not actively bound to that client.
     *
     * @return completes, once durable, with the released record, or empty when nothing changed
     */
    CompletableFuture<Optional<Lease>> release(ClientKey client, int address);

    /**
     * Sets {@code address} aside for {@code period} because {@code client} found it in use
     * (DHCPDECLINE). Does nothing when the address is held by another client.
     *
     * @return completes, once durable, with the declined record, or empty when nothing changed
     */
    CompletableFuture<Optional<Lease>> decline(ClientKey client, int address, Duration period);

    /**
     * Marks every active lease whose end has passed as {@link Lease.State#EXPIRED}. Expiry does
     * not need to be durable to be correct (a lease past its end is free anyway); this records
     * the change for readers and returns what changed.
     *
     * @return completes with the newly expired records
     */
    CompletableFuture<List<Lease>> expire();

    /** A snapshot of every record, in ascending (unsigned) address order. */
    List<Lease> leases();

    /** Makes pending changes durable and releases the store's resources; idempotent. */
    @Override
    void close();
}
