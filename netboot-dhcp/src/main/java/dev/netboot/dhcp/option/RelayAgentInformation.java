package dev.netboot.dhcp.option;

import java.util.List;
import java.util.Optional;

/**
 * Option 82, relay agent information (RFC 3046) as its sub-options in wire order. Immutable.
 *
 * @param subOptions the sub-options
 */
public record RelayAgentInformation(List<SubOption> subOptions) {
    public static final int CIRCUIT_ID = 1;
    public static final int REMOTE_ID = 2;
    public static final int LINK_SELECTION = 5;
    public static final int SUBSCRIBER_ID = 6;

    /** Copies. */
    public RelayAgentInformation {
        subOptions = List.copyOf(subOptions);
    }

    /** The first sub-option with {@code code}. */
    public Optional<SubOption> find(int code) {
        return subOptions.stream().filter(s -> s.code() == code).findFirst();
    }

    /** Sub-option 1, agent circuit ID. */
    public Optional<byte[]> circuitId() {
        return find(CIRCUIT_ID).map(SubOption::value);
    }

    /** Sub-option 2, agent remote ID. */
    public Optional<byte[]> remoteId() {
        return find(REMOTE_ID).map(SubOption::value);
    }

    /** Sub-option 5, link selection (RFC 3527), as a big-endian int. */
    public Optional<Integer> linkSelection() {
        return find(LINK_SELECTION).filter(s -> s.value().length == 4).map(s -> {
            byte[] v = s.value();
            return ((v[0] & 0xFF) << 24) | ((v[1] & 0xFF) << 16) | ((v[2] & 0xFF) << 8) | (v[3] & 0xFF);
        });
    }

    /** Sub-option 6, subscriber ID (RFC 3993), as text. */
    public Optional<String> subscriberId() {
        return find(SUBSCRIBER_ID).map(SubOption::text);
    }
}
