package dev.netboot.server.dhcp.lease;

import static dev.netboot.server.dhcp.lease.LeaseJournalTest.await;
import static dev.netboot.server.dhcp.lease.LeaseJournalTest.client;
import static dev.netboot.server.dhcp.lease.LeaseJournalTest.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AddressAllocatorTest {
    static final Duration LEASE = Duration.ofHours(1);
    static final OptionalInt NONE = OptionalInt.empty();

    @TempDir
    Path dir;

    final ManualClock clock = new ManualClock();
    LeaseJournal store;
    AddressAllocator allocator;
    final AddressPool pool = AddressPool.builder().range("10.0.0.10", "10.0.0.19").exclude("10.0.0.15").build();

    @BeforeEach
    void open() {
        store = LeaseJournal.open(dir.resolve("leases.journal"), clock);
        allocator = AddressAllocator.builder(store, clock).build();
    }

    @AfterEach
    void close() {
        store.close();
    }

    static int ip(String text) {
        return Ipv4.parse(text);
    }

    int offer(int client) {
        return allocator.offer(pool, client(client), NONE).orElseThrow();
    }

    Lease commit(int client, int address) {
        return await(allocator.commit(pool, client(client), address, LEASE, Optional.empty()));
    }

    @Test
    void offeredAddressIsHeldForItsClientOnly() {
        int a = offer(1);
        assertEquals(ip("10.0.0.10"), a);
        assertEquals(a, offer(1), "same client, same address");
        int b = offer(2);
        assertNotEquals(a, b);
        assertInstanceOf(LeaseConflictException.class,
                failure(allocator.commit(pool, client(2), a, LEASE, Optional.empty())));
        Lease lease = commit(1, a);
        assertEquals(Lease.State.ACTIVE, lease.state());
        assertEquals(clock.millis() + LEASE.toMillis(), lease.end());
        assertEquals(1, allocator.holds(clock.millis()), "client 1's hold ended with its commit");
    }

    @Test
    void holdLapsesAfterTheConfiguredTime() {
        AddressPool one = AddressPool.builder().range("10.0.1.1", "10.0.1.1").build();
        allocator = AddressAllocator.builder(store, clock).offerHold(Duration.ofSeconds(5)).build();
        assertEquals(OptionalInt.of(ip("10.0.1.1")), allocator.offer(one, client(1), NONE));
        assertEquals(NONE, allocator.offer(one, client(2), NONE));
        clock.advance(Duration.ofMillis(4999));
        assertEquals(NONE, allocator.offer(one, client(2), NONE));
        clock.advance(Duration.ofMillis(1));
        assertEquals(OptionalInt.of(ip("10.0.1.1")), allocator.offer(one, client(2), NONE));
        assertInstanceOf(LeaseConflictException.class,
                failure(allocator.commit(one, client(1), ip("10.0.1.1"), LEASE, Optional.empty())));
    }

    @Test
    void repeatedDiscoversRefreshTheHoldInsteadOfTakingMoreAddresses() {
        int a = offer(1);
        for (int i = 0; i < 100; i++) {
            clock.advance(Duration.ofSeconds(10));
            assertEquals(a, offer(1));
        }
        assertEquals(1, allocator.holds(clock.millis()));
    }

    @Test
    void prefersCurrentBindingThenPreviousAddressThenRequested() {
        int a = offer(1);
        commit(1, a);
        assertEquals(a, allocator.offer(pool, client(1), OptionalInt.of(ip("10.0.0.18"))).orElseThrow(),
                "current binding beats the requested address");
        clock.advance(LEASE.plusMinutes(1));
        await(store.expire());
        offer(2);
        offer(3);
        assertEquals(a, allocator.offer(pool, client(1), OptionalInt.of(ip("10.0.0.18"))).orElseThrow(),
                "previous (expired) address beats the requested one");
        assertEquals(ip("10.0.0.18"), allocator.offer(pool, client(4), OptionalInt.of(ip("10.0.0.18"))).orElseThrow());
        assertNotEquals(ip("10.0.0.15"),
                allocator.offer(pool, client(5), OptionalInt.of(ip("10.0.0.15"))).orElseThrow(),
                "a requested excluded address is not offered");
    }

    @Test
    void freedAddressesAreReusedLast() {
        commit(1, offer(1));
        await(allocator.release(client(1), ip("10.0.0.10")));
        assertEquals(ip("10.0.0.11"), offer(2), "round-robin leaves the released address for its old client");
        assertEquals(ip("10.0.0.10"), offer(1));
    }

    @Test
    void excludedAddressesAreNeverOffered() {
        Set<Integer> offered = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            allocator.offer(pool, client(i), NONE).ifPresent(offered::add);
        }
        assertEquals(9, offered.size());
        assertTrue(!offered.contains(ip("10.0.0.15")));
        assertInstanceOf(LeaseConflictException.class,
                failure(allocator.commit(pool, client(1), ip("10.0.0.15"), LEASE, Optional.empty())));
        assertInstanceOf(LeaseConflictException.class,
                failure(allocator.commit(pool, client(1), ip("10.0.0.99"), LEASE, Optional.empty())));
    }

    @Test
    void declinedAddressIsSetAsideAndForgedDeclinesAreIgnored() {
        int a = offer(1);
        commit(1, a);
        assertEquals(Optional.empty(), await(allocator.decline(pool, client(2), a)), "not client 2's address");
        int b = offer(3);
        assertEquals(Optional.empty(), await(allocator.decline(pool, client(2), b)), "offered to client 3");
        assertEquals(Lease.State.DECLINED, await(allocator.decline(pool, client(1), a)).orElseThrow().state());
        for (int i = 10; i < 30; i++) {
            assertNotEquals(OptionalInt.of(a), allocator.offer(pool, client(i), NONE));
        }
        clock.advance(AddressAllocator.DEFAULT_DECLINE_PERIOD);
        assertEquals(OptionalInt.of(a), allocator.offer(pool, client(99), OptionalInt.of(a)));
    }

    @Test
    void declineOfAnAddressNotOfferedOrLeasedToTheClientChangesNothing() {
        int a = offer(1);
        assertEquals(Optional.empty(), await(allocator.decline(pool, client(2), ip("10.0.0.18"))),
                "free, never offered");
        assertEquals(Optional.empty(), await(allocator.decline(pool, client(2), ip("10.0.0.99"))), "outside the pool");
        assertEquals(Optional.empty(), await(allocator.decline(pool, client(2), ip("10.0.0.15"))), "excluded");
        clock.advance(AddressAllocator.DEFAULT_OFFER_HOLD);
        assertEquals(Optional.empty(), await(allocator.decline(pool, client(1), a)), "the offer lapsed");
        assertEquals(List.of(), store.leases(), "no record added");
        assertEquals(OptionalInt.of(ip("10.0.0.18")),
                allocator.offer(pool, client(3), OptionalInt.of(ip("10.0.0.18"))), "still free");
        AddressPool other = AddressPool.builder().range("10.0.1.10", "10.0.1.19").build();
        int b = offer(4);
        assertEquals(Optional.empty(), await(allocator.decline(other, client(4), b)), "not in the client's pool");
        assertTrue(allocator.isOfferedOrLeasedTo(client(4), b));
        assertEquals(Lease.State.DECLINED, await(allocator.decline(pool, client(4), b)).orElseThrow().state());
    }

    @Test
    void withdrawnOfferIsFreeForOthersAtOnce() {
        int a = offer(1);
        allocator.withdrawOffer(client(1));
        assertEquals(OptionalInt.of(a), allocator.offer(pool, client(2), OptionalInt.of(a)));
        assertEquals(1, allocator.holds(clock.millis()));
    }

    @Test
    void exhaustedPoolOffersNothing() {
        for (int i = 0; i < 9; i++) {
            commit(i, offer(i));
        }
        assertEquals(NONE, allocator.offer(pool, client(100), NONE));
        assertEquals(9, store.leases().size());
    }

    @Test
    void stormOfDiscoversGetsDistinctOffersUpToThePoolSize() throws Exception {
        AddressPool ten = AddressPool.builder().range("10.0.2.1", "10.0.2.10").build();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<OptionalInt>> offers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                offers.add(threads.submit(() -> {
                    assertTrue(go.await(10, TimeUnit.SECONDS));
                    OptionalInt first = allocator.offer(ten, client(n), NONE);
                    OptionalInt again = allocator.offer(ten, client(n), NONE);
                    assertEquals(first, again, "retransmitted DISCOVER");
                    return first;
                }));
            }
            go.countDown();
            List<Integer> got = new ArrayList<>();
            List<CompletableFuture<Lease>> commits = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                OptionalInt offer = offers.get(i).get(10, TimeUnit.SECONDS);
                if (offer.isPresent()) {
                    got.add(offer.getAsInt());
                    commits.add(allocator.commit(ten, client(i), offer.getAsInt(), LEASE, Optional.empty()));
                }
            }
            assertEquals(10, got.size(), "offers: " + got);
            assertEquals(10, new HashSet<>(got).size(), "distinct: " + got);
            commits.forEach(LeaseJournalTest::await);
            assertEquals(10, store.leases().size());
        } finally {
            threads.shutdownNow();
            assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void allocationSurvivesRestartWithoutHolds() {
        int a = offer(1);
        commit(1, a);
        int held = offer(2);
        store.close();
        store = LeaseJournal.open(dir.resolve("leases.journal"), clock);
        allocator = AddressAllocator.builder(store, clock).build();
        assertEquals(a, offer(1));
        assertEquals(held, offer(3), "holds are not durable: client 2's offer is gone");
        assertInstanceOf(LeaseConflictException.class,
                failure(allocator.commit(pool, client(4), a, LEASE, Optional.empty())));
    }

    @Test
    void infiniteLeaseTimeEndsNever() {
        Lease lease = await(allocator.commit(pool, client(1), offer(1), Duration.ofSeconds(0xffffffffL),
                Optional.of("pc1")));
        assertEquals(Long.MAX_VALUE, lease.end());
        assertEquals(Optional.of("pc1"), lease.hostname());
    }
}
