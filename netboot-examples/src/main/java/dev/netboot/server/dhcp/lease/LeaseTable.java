package dev.netboot.server.dhcp.lease;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;

/**
 * The in-memory state of a lease store: one record per address, one non-declined record per
 * client. {@link #apply} is the only mutation and is used both live and when replaying a
 * journal, so that replay reproduces the live state exactly. Not thread-safe.
 */
final class LeaseTable {
    private final HashMap<Integer, Lease> byAddress = new HashMap<>();
    private final HashMap<ClientKey, Lease> byClient = new HashMap<>();

    Lease byAddress(int address) {
        return byAddress.get(address);
    }

    /** The client's current record; never a declined one. */
    Lease byClient(ClientKey client) {
        return byClient.get(client);
    }

    int size() {
        return byAddress.size();
    }

    /**
     * Makes {@code record} the record of its address. A non-declined record also becomes its
     * client's record, and the client's record at another address (it moved) is dropped.
     */
    void apply(Lease record) {
        Lease displaced = byAddress.put(record.address(), record);
        if (displaced != null) {
            byClient.remove(displaced.client(), displaced);
        }
        if (record.state() != Lease.State.DECLINED) {
            Lease previous = byClient.put(record.client(), record);
            if (previous != null && previous.address() != record.address()) {
                byAddress.remove(previous.address(), previous);
            }
        }
    }

    /** All records, unordered. */
    ArrayList<Lease> snapshot() {
        return new ArrayList<>(byAddress.values());
    }

    /** Records whose state should become {@link Lease.State#EXPIRED} at {@code now}. */
    List<Lease> expiring(long now) {
        List<Lease> result = new ArrayList<>();
        for (Lease lease : byAddress.values()) {
            if (lease.state() == Lease.State.ACTIVE && lease.end() <= now) {
                result.add(lease);
            }
        }
        return result;
    }

    /** Forgets declined records whose period is over: they hold nothing and name no client's address. */
    int purgeDeclined(long now) {
        int removed = 0;
        for (Iterator<Lease> it = byAddress.values().iterator(); it.hasNext(); ) {
            Lease lease = it.next();
            if (lease.state() == Lease.State.DECLINED && lease.end() <= now) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }
}
