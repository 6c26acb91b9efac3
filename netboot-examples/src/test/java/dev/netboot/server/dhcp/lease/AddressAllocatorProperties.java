package dev.netboot.server.dhcp.lease;

import static dev.netboot.server.dhcp.lease.LeaseJournalTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random sequences of DISCOVER, REQUEST (of the offered or of any address), RELEASE, DECLINE,
 * expiry, restart, compaction and the passing of time, checked step by step against a small
 * model of who may use which address. Never the same address to two clients.
 */
class AddressAllocatorProperties {
    static final int CLIENTS = 6;
    /** 10.0.0.1 to 10.0.0.9: the pool is .1-.8 minus .4; .9 is outside. */
    static final int FIRST = Ipv4.parse("10.0.0.1");
    static final int ADDRESSES = 9;
    static final AddressPool POOL = AddressPool.builder().range("10.0.0.1", "10.0.0.8").exclude("10.0.0.4").build();
    static final Duration HOLD = Duration.ofSeconds(15);
    static final Duration LEASE = Duration.ofHours(1);
    static final Duration DECLINE = Duration.ofHours(2);

    sealed interface Op permits Offer, CommitOffered, CommitAny, Release, Decline, Advance, Expire, Reopen, Compact {}

    record Offer(int client, int requested) implements Op {}

    record CommitOffered(int client) implements Op {}

    record CommitAny(int client, int address) implements Op {}

    record Release(int client) implements Op {}

    record Decline(int client) implements Op {}

    record Advance(long millis) implements Op {}

    record Expire() implements Op {}

    record Reopen() implements Op {}

    record Compact() implements Op {}

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> clients = Arbitraries.integers().between(0, CLIENTS - 1);
        Arbitrary<Integer> addresses = Arbitraries.integers().between(0, ADDRESSES - 1);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(8, Combinators.combine(clients, Arbitraries.integers().between(-1, ADDRESSES - 1))
                        .as(Offer::new)),
                Tuple.of(6, clients.map(CommitOffered::new)),
                Tuple.of(3, Combinators.combine(clients, addresses).as(CommitAny::new)),
                Tuple.of(2, clients.map(Release::new)),
                Tuple.of(2, clients.map(Decline::new)),
                Tuple.of(4, Arbitraries.of(1L, 5_000L, 15_000L, 3_600_000L, 86_400_000L).map(Advance::new)),
                Tuple.of(1, Arbitraries.just(new Expire())),
                Tuple.of(1, Arbitraries.just(new Reopen())),
                Tuple.of(1, Arbitraries.just(new Compact())));
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 300)
    void neverTheSameAddressToTwoClients(@ForAll("operations") List<Op> ops) {
        Path dir = TestFiles.scratch("lease-props");
        try {
            new Run(dir).run(ops);
        } finally {
            TestFiles.delete(dir);
        }
    }

    record Binding(int client, long end) {}

    record Hold(int client, long until) {}

    /** One try: the system under test and the model, side by side. */
    static final class Run {
        final Path file;
        final ManualClock clock = new ManualClock();
        LeaseJournal store;
        AddressAllocator allocator;

        // The model.
        final Map<Integer, Binding> active = new HashMap<>();
        final Map<Integer, Long> declined = new HashMap<>();
        final Map<Integer, Hold> holds = new HashMap<>();
        final Map<Integer, Integer> lastOffer = new HashMap<>();

        Run(Path dir) {
            file = dir.resolve("leases.journal");
            open();
        }

        void open() {
            store = LeaseJournal.builder(file, clock).minCompactionGarbage(8).open();
            allocator = AddressAllocator.builder(store, clock).offerHold(HOLD).declinePeriod(DECLINE).build();
        }

        static ClientKey key(int client) {
            return ClientKey.hardware(1, new byte[] {2, 0, 0, 0, 0, (byte) client});
        }

        long now() {
            return clock.millis();
        }

        boolean heldByOther(int address, int client) {
            Hold hold = holds.get(address);
            return hold != null && hold.client() != client && now() < hold.until();
        }

        boolean availableInModel(int address, int client) {
            Binding binding = active.get(address);
            Long until = declined.get(address);
            return (binding == null || binding.client() == client || now() >= binding.end())
                    && (until == null || now() >= until);
        }

        boolean usable(int address, int client) {
            return POOL.contains(address) && !heldByOther(address, client) && availableInModel(address, client);
        }

        void hold(int address, int client) {
            holds.values().removeIf(h -> h.client() == client);
            holds.put(address, new Hold(client, now() + HOLD.toMillis()));
        }

        void run(List<Op> ops) {
            try {
                for (int step = 0; step < ops.size(); step++) {
                    Op op = ops.get(step);
                    String where = "step " + step + " " + op + " in " + ops;
                    apply(op, where);
                    check(where);
                }
            } finally {
                store.close();
            }
        }

        void apply(Op op, String where) {
            if (op instanceof Offer o) {
                OptionalInt requested = o.requested() < 0 ? OptionalInt.empty() : OptionalInt.of(FIRST + o.requested());
                OptionalInt offered = allocator.offer(POOL, key(o.client()), requested);
                boolean boundHere = false;
                for (Map.Entry<Integer, Binding> e : active.entrySet()) {
                    if (e.getValue().client() == o.client() && now() < e.getValue().end()
                            && usable(e.getKey(), o.client())) {
                        assertEquals(OptionalInt.of(e.getKey()), offered, "current binding first: " + where);
                        boundHere = true;
                    }
                }
                for (Map.Entry<Integer, Hold> e : holds.entrySet()) {
                    if (!boundHere && e.getValue().client() == o.client() && now() < e.getValue().until()
                            && usable(e.getKey(), o.client())) {
                        assertEquals(OptionalInt.of(e.getKey()), offered, "same client, same held address: " + where);
                    }
                }
                if (offered.isPresent()) {
                    int address = offered.getAsInt();
                    assertTrue(usable(address, o.client()), "offered an unusable address "
                            + Ipv4.format(address) + ": " + where);
                    hold(address, o.client());
                    lastOffer.put(o.client(), address);
                } else {
                    for (int i = 0; i < ADDRESSES; i++) {
                        assertTrue(!usable(FIRST + i, o.client()), "nothing offered though " + Ipv4.format(FIRST + i)
                                + " is usable: " + where);
                    }
                    holds.values().removeIf(h -> h.client() == o.client());
                }
            } else if (op instanceof CommitOffered c) {
                Integer address = lastOffer.get(c.client());
                if (address != null) {
                    commit(c.client(), address, where);
                }
            } else if (op instanceof CommitAny c) {
                commit(c.client(), FIRST + c.address(), where);
            } else if (op instanceof Release r) {
                Integer address = null;
                for (Map.Entry<Integer, Binding> e : active.entrySet()) {
                    if (e.getValue().client() == r.client()) {
                        address = e.getKey();
                    }
                }
                holds.values().removeIf(h -> h.client() == r.client());
                int target = address != null ? address : FIRST;
                Optional<Lease> released = await(allocator.release(key(r.client()), target));
                assertEquals(address != null, released.isPresent(), where);
                if (address != null) {
                    active.remove(address);
                }
            } else if (op instanceof Decline d) {
                Integer address = lastOffer.get(d.client());
                if (address == null) {
                    return;
                }
                if (heldByOther(address, d.client())) {
                    assertEquals(Optional.empty(), await(allocator.decline(key(d.client()), address)), where);
                    return;
                }
                boolean expected = availableInModel(address, d.client());
                holds.values().removeIf(h -> h.client() == d.client());
                holds.remove(address);
                Optional<Lease> result = await(allocator.decline(key(d.client()), address));
                assertEquals(expected, result.isPresent(), where);
                if (expected) {
                    active.remove(address);
                    declined.put(address, now() + DECLINE.toMillis());
                }
            } else if (op instanceof Advance a) {
                clock.advance(Duration.ofMillis(a.millis()));
            } else if (op instanceof Expire) {
                List<Lease> expired = await(store.expire());
                long ended = active.values().stream().filter(b -> b.end() <= now()).count();
                assertEquals(ended, expired.size(), where);
                active.values().removeIf(b -> b.end() <= now());
            } else if (op instanceof Reopen) {
                List<Lease> before = store.leases();
                store.close();
                open();
                assertEquals(before, store.leases(), "replay differs from the live state: " + where);
                assertEquals(List.of(), store.loadReport().problems(), where);
                holds.clear();
            } else if (op instanceof Compact) {
                await(store.compact());
            }
        }

        void commit(int client, int address, String where) {
            boolean expected = usable(address, client);
            CompletableFuture<Lease> future = allocator.commit(POOL, key(client), address, LEASE, Optional.empty());
            try {
                Lease lease = future.get(10, TimeUnit.SECONDS);
                assertTrue(expected, "committed " + Ipv4.format(address) + " against the model: " + where);
                assertEquals(now() + LEASE.toMillis(), lease.end());
                active.values().removeIf(b -> b.client() == client);
                active.put(address, new Binding(client, lease.end()));
                declined.remove(address);
                holds.values().removeIf(h -> h.client() == client);
            } catch (ExecutionException e) {
                assertTrue(e.getCause() instanceof LeaseConflictException, e.getCause() + ": " + where);
                assertTrue(!expected, "refused " + Ipv4.format(address) + " against the model: " + e.getCause() + ": "
                        + where);
            } catch (Exception e) {
                throw new AssertionError(where, e);
            }
        }

        void check(String where) {
            long now = now();
            Set<ClientKey> clients = new HashSet<>();
            Set<Integer> addresses = new HashSet<>();
            List<Lease> leases = store.leases();
            for (Lease lease : leases) {
                assertTrue(addresses.add(lease.address()), "two records for one address: " + leases + " " + where);
                if (lease.state() != Lease.State.DECLINED) {
                    assertTrue(clients.add(lease.client()), "two records for one client: " + leases + " " + where);
                }
            }
            for (int i = 0; i < ADDRESSES; i++) {
                int address = FIRST + i;
                Lease lease = store.findByAddress(address).orElse(null);
                String actual = lease == null || !lease.isHeld(now) ? "free"
                        : lease.state() == Lease.State.DECLINED ? "declined" : "bound to " + lease.client();
                Binding binding = active.get(address);
                Long until = declined.get(address);
                String expected = until != null && now < until ? "declined"
                        : binding != null && now < binding.end() ? "bound to " + key(binding.client()) : "free";
                assertEquals(expected, actual, Ipv4.format(address) + " " + where);
            }
            for (int c = 0; c < CLIENTS; c++) {
                Optional<Lease> own = store.findByClient(key(c));
                own.ifPresent(l -> assertTrue(l.state() != Lease.State.DECLINED, where));
            }
        }
    }
}
