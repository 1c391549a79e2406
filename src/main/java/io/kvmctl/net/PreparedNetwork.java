package io.kvmctl.net;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The taps opened for one start: which child descriptor each tap NIC gets ({@code nicId -> child fd}, for
 * {@code -netdev tap,fd=N}), and which of our descriptors goes there ({@code child fd -> our fd}). Closing it closes
 * our copies, which the caller does once QEMU has inherited them.
 */
public record PreparedNetwork(
        Map<String, Integer> nicChildFds, Map<Integer, Integer> inherited, boolean vhost, List<TapOpener.OpenTap> taps)
        implements AutoCloseable {

    public PreparedNetwork {
        nicChildFds = Map.copyOf(nicChildFds);
        inherited = Map.copyOf(inherited);
        taps = List.copyOf(taps);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (TapOpener.OpenTap t : taps) {
            try {
                t.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
