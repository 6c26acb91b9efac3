package dev.netboot.server.dhcp;

import dev.netboot.server.dhcp.lease.ClientKey;
import dev.netboot.server.dhcp.lease.Lease;
import dev.netboot.server.dhcp.lease.LeaseStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A store whose commits become "durable" only when the test says so: wraps a real store and holds
 * back the completion of each commit future until {@link #makeDurable()}. Thread-safe.
 */
final class HeldStore implements LeaseStore {
    private final LeaseStore delegate;
    private final List<CompletableFuture<Lease>[]> held = new ArrayList<>();

    HeldStore(LeaseStore delegate) {
        this.delegate = delegate;
    }

    synchronized int pending() {
        return held.size();
    }

    /** Waits (bounded) for the real store, then completes every held commit in order on this thread. */
    void makeDurable() {
        List<CompletableFuture<Lease>[]> now;
        synchronized (this) {
            now = new ArrayList<>(held);
            held.clear();
        }
        for (CompletableFuture<Lease>[] pair : now) {
            try {
                pair[1].complete(pair[0].get(10, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                pair[1].completeExceptionally(e.getCause());
            } catch (InterruptedException | TimeoutException e) {
                throw new IllegalStateException("store did not complete a commit in 10 s", e);
            }
        }
    }

    @Override
    public CompletableFuture<Lease> commit(Lease lease) {
        CompletableFuture<Lease> inner = delegate.commit(lease);
        CompletableFuture<Lease> outer = new CompletableFuture<>();
        @SuppressWarnings("unchecked")
        CompletableFuture<Lease>[] pair = new CompletableFuture[] {inner, outer};
        synchronized (this) {
            held.add(pair);
        }
        return outer;
    }

    @Override
    public Optional<Lease> findByClient(ClientKey client) {
        return delegate.findByClient(client);
    }

    @Override
    public Optional<Lease> findByAddress(int address) {
        return delegate.findByAddress(address);
    }

    @Override
    public CompletableFuture<Optional<Lease>> release(ClientKey client, int address) {
        return delegate.release(client, address);
    }

    @Override
    public CompletableFuture<Optional<Lease>> decline(ClientKey client, int address, Duration period) {
        return delegate.decline(client, address, period);
    }

    @Override
    public CompletableFuture<List<Lease>> expire() {
        return delegate.expire();
    }

    @Override
    public List<Lease> leases() {
        return delegate.leases();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
