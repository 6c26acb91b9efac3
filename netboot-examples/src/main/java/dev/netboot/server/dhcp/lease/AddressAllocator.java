package dev.netboot.server.dhcp.lease;

import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * Chooses addresses for DHCPDISCOVER and binds them on DHCPREQUEST, on top of a
 * {@link LeaseStore}.
 *
 * <p>An offered address is <em>held</em> for the client for {@link Builder#offerHold} (15 s by
 * default): no other client is offered it or may commit it meanwhile, and the same client asking
 * again gets the same address (and a fresh hold). Each client holds at most one address, so
 * retransmitted DISCOVERs do not drain the pool, and holds lapse quickly, so a storm of
 * DISCOVERs from many clients frees the pool again soon. Holds live in memory only: they are
 * promises, not bindings.
 *
 * <p>The address offered is, in this order (RFC 2131 §4.3.1): the client's current binding; the
 * address it holds; its previous address; the address it requested (option 50); else the next
 * available address after the one last handed out from the pool, round-robin, so that addresses
 * freed most recently are reused last. An address is available when it is in the pool, not held
 * for another client, and its record in the store {@linkplain Lease#isAvailableTo is available}.
 * Finding a new address costs one store lookup per address skipped; a nearly full pool costs up
 * to one lookup per address in it.
 *
 * <p>Thread-safe (one lock; nothing inside it waits for I/O: commits return the store's future).
 * Time comes from the injected clock.
 */
public final class AddressAllocator {
    /** Default of {@link Builder#offerHold(Duration)}. */
    public static final Duration DEFAULT_OFFER_HOLD = Duration.ofSeconds(15);
    /** Default of {@link Builder#declinePeriod(Duration)}. */
    public static final Duration DEFAULT_DECLINE_PERIOD = Duration.ofHours(24);

    private final LeaseStore store;
    private final InstantSource clock;
    private final long holdMillis;
    private final Duration declinePeriod;

    // Guarded by this.
    private final HashMap<Integer, Hold> holdsByAddress = new HashMap<>();
    private final HashMap<ClientKey, Hold> holdsByClient = new HashMap<>();
    private final HashMap<AddressPool, Long> cursors = new HashMap<>();
    private long nextPurge;

    private record Hold(int address, ClientKey client, long until) {}

    private AddressAllocator(Builder builder) {
        this.store = builder.store;
        this.clock = builder.clock;
        this.holdMillis = builder.offerHold.toMillis();
        this.declinePeriod = builder.declinePeriod;
    }

    /** A builder for an allocator over {@code store}, with {@code clock} as "now". */
    public static Builder builder(LeaseStore store, InstantSource clock) {
        return new Builder(store, clock);
    }

    /** Settings of an {@link AddressAllocator}; not thread-safe. */
    public static final class Builder {
        private final LeaseStore store;
        private final InstantSource clock;
        private Duration offerHold = DEFAULT_OFFER_HOLD;
        private Duration declinePeriod = DEFAULT_DECLINE_PERIOD;

        private Builder(LeaseStore store, InstantSource clock) {
            this.store = Objects.requireNonNull(store, "store");
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /** How long an offered address stays reserved for the client it was offered to. */
        public Builder offerHold(Duration hold) {
            if (hold.isNegative() || hold.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("offerHold: " + hold + " (expected: 0 to 1 day)");
            }
            this.offerHold = hold;
            return this;
        }

        /** How long a declined address is set aside for every client. */
        public Builder declinePeriod(Duration period) {
            if (period.isNegative()) {
                throw new IllegalArgumentException("declinePeriod: " + period + " (expected: >= 0)");
            }
            this.declinePeriod = period;
            return this;
        }

        /** Builds the allocator. */
        public AddressAllocator build() {
            return new AddressAllocator(this);
        }
    }

    /**
     * Chooses an address from {@code pool} for {@code client} (DHCPDISCOVER) and holds it.
     *
     * @param requested the address in the client's option 50, if any
     * @return the address to offer, or empty when none in the pool is available
     */
    public synchronized OptionalInt offer(AddressPool pool, ClientKey client, OptionalInt requested) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(client, "client");
        long now = clock.millis();
        purgeHolds(now);
        Lease own = store.findByClient(client).filter(l -> l.state() != Lease.State.DECLINED).orElse(null);
        if (own != null && own.state() == Lease.State.ACTIVE && now < own.end()
                && available(pool, own.address(), client, now)) {
            return hold(own.address(), client, now);
        }
        Hold held = holdsByClient.get(client);
        if (held != null && now < held.until() && available(pool, held.address(), client, now)) {
            return hold(held.address(), client, now);
        }
        if (own != null && available(pool, own.address(), client, now)) {
            return hold(own.address(), client, now);
        }
        if (requested.isPresent() && available(pool, requested.getAsInt(), client, now)) {
            return hold(requested.getAsInt(), client, now);
        }
        long span = pool.span();
        long start = cursors.getOrDefault(pool, 0L);
        for (long i = 0; i < span; i++) {
            long index = (start + i) % span;
            int address = pool.at(index);
            if (!pool.isExcluded(address) && freeOfHolds(address, client, now) && freeInStore(address, client, now)) {
                cursors.put(pool, (index + 1) % span);
                return hold(address, client, now);
            }
        }
        holdsByClient.remove(client);
        if (held != null) {
            holdsByAddress.remove(held.address(), held);
        }
        return OptionalInt.empty();
    }

    /**
     * Binds {@code address} to {@code client} for {@code leaseTime} from now (DHCPREQUEST; also
     * renewals). Fails without touching the store when the address is outside the pool or held
     * for another client; otherwise the store decides atomically.
     *
     * @param leaseTime the lease time granted; {@code Duration.ofSeconds(0xffffffffL)} or longer
     *     ends "never"
     * @param hostname the host name the client sent (option 12), if any
     * @return the store's future: completes with the lease once durable (send DHCPACK then), or
     *     exceptionally with {@link LeaseConflictException} (send DHCPNAK) or
     *     {@link LeaseStoreException}
     */
    public synchronized CompletableFuture<Lease> commit(AddressPool pool, ClientKey client, int address,
            Duration leaseTime, Optional<String> hostname) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(hostname, "hostname");
        if (leaseTime.isNegative()) {
            throw new IllegalArgumentException("leaseTime: " + leaseTime + " (expected: >= 0)");
        }
        long now = clock.millis();
        if (!pool.contains(address)) {
            return CompletableFuture.failedFuture(new LeaseConflictException(address, "not in the pool " + pool));
        }
        if (!freeOfHolds(address, client, now)) {
            return CompletableFuture.failedFuture(new LeaseConflictException(address,
                    "offered to " + holdsByAddress.get(address).client()));
        }
        long end = leaseTime.getSeconds() >= 0xffffffffL ? Long.MAX_VALUE : LeaseJournal.saturatedEnd(now, leaseTime);
        CompletableFuture<Lease> result = store.commit(new Lease(address, client, hostname, now, end,
                Lease.State.ACTIVE));
        if (!result.isCompletedExceptionally()) {
            dropHold(client);
        }
        return result;
    }

    /**
     * Ends the client's lease on {@code address} (DHCPRELEASE) and forgets its hold.
     *
     * @return the store's future: the released record, or empty when nothing was bound
     */
    public synchronized CompletableFuture<Optional<Lease>> release(ClientKey client, int address) {
        dropHold(client);
        return store.release(client, address);
    }

    /**
     * Forgets the address held for {@code client}, if any (the client took another server's offer:
     * RFC 2131 §4.3.2), so that it is free for other clients at once. Leases are untouched.
     */
    public synchronized void withdrawOffer(ClientKey client) {
        Objects.requireNonNull(client, "client");
        dropHold(client);
    }

    /**
     * Whether {@code address} is offered (an unexpired hold) or actively leased to {@code client}
     * now: the only addresses a client may DHCPDECLINE (RFC 2131 §4.3.3).
     */
    public synchronized boolean isOfferedOrLeasedTo(ClientKey client, int address) {
        Objects.requireNonNull(client, "client");
        long now = clock.millis();
        Hold hold = holdsByAddress.get(address);
        if (hold != null && now < hold.until() && hold.client().equals(client)) {
            return true;
        }
        return store.findByAddress(address)
                .filter(l -> l.state() == Lease.State.ACTIVE && now < l.end() && l.client().equals(client))
                .isPresent();
    }

    /**
     * Sets {@code address} aside for the decline period because {@code client} found it in use
     * (DHCPDECLINE). Acts only when the address is in {@code pool} and {@linkplain
     * #isOfferedOrLeasedTo offered or leased to that client}, so that a forged DECLINE can neither
     * evict someone, nor drain the pool, nor add records for addresses outside it.
     *
     * @return the store's future: the declined record, or empty when nothing changed
     */
    public synchronized CompletableFuture<Optional<Lease>> decline(AddressPool pool, ClientKey client, int address) {
        Objects.requireNonNull(pool, "pool");
        if (!pool.contains(address) || !isOfferedOrLeasedTo(client, address)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return decline(client, address);
    }

    /**
     * Sets {@code address} aside without checking that it is the client's (the primitive behind
     * {@link #decline(AddressPool, ClientKey, int)}). Ignored (empty) when the address is held for
     * another client or bound to one.
     */
    synchronized CompletableFuture<Optional<Lease>> decline(ClientKey client, int address) {
        long now = clock.millis();
        if (!freeOfHolds(address, client, now)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        dropHold(client);
        Hold other = holdsByAddress.remove(address);
        if (other != null) {
            holdsByClient.remove(other.client(), other);
        }
        return store.decline(client, address, declinePeriod);
    }

    private boolean available(AddressPool pool, int address, ClientKey client, long now) {
        return pool.contains(address) && freeOfHolds(address, client, now) && freeInStore(address, client, now);
    }

    private boolean freeOfHolds(int address, ClientKey client, long now) {
        Hold hold = holdsByAddress.get(address);
        return hold == null || now >= hold.until() || hold.client().equals(client);
    }

    private boolean freeInStore(int address, ClientKey client, long now) {
        return store.findByAddress(address).map(l -> l.isAvailableTo(client, now)).orElse(true);
    }

    private OptionalInt hold(int address, ClientKey client, long now) {
        Hold hold = new Hold(address, client, now + holdMillis);
        Hold previous = holdsByClient.put(client, hold);
        if (previous != null) {
            holdsByAddress.remove(previous.address(), previous);
        }
        Hold displaced = holdsByAddress.put(address, hold);
        if (displaced != null && !displaced.client().equals(client)) {
            // Only an expired hold can be displaced: an unexpired one made the address unavailable.
            holdsByClient.remove(displaced.client(), displaced);
        }
        return OptionalInt.of(address);
    }

    private void dropHold(ClientKey client) {
        Hold hold = holdsByClient.remove(client);
        if (hold != null) {
            holdsByAddress.remove(hold.address(), hold);
        }
    }

    /** Forgets lapsed holds now and then, so that memory follows the live holds. */
    private void purgeHolds(long now) {
        if (now < nextPurge) {
            return;
        }
        nextPurge = now + Math.max(holdMillis, 1000);
        for (Iterator<Hold> it = holdsByClient.values().iterator(); it.hasNext(); ) {
            Hold hold = it.next();
            if (now >= hold.until()) {
                it.remove();
                holdsByAddress.remove(hold.address(), hold);
            }
        }
    }

    /** Number of unexpired holds (diagnostics and tests). */
    synchronized int holds(long now) {
        int count = 0;
        for (Hold hold : holdsByClient.values()) {
            if (now < hold.until()) {
                count++;
            }
        }
        return count;
    }
}
