package io.kvmctl.net;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes what kvmctl created for a VM that has stopped (or crashed), and nothing else. The taps are not
 * persistent, so the kernel normally removed them when QEMU's descriptor closed; this catches the rest, and
 * only an interface with the recorded name and ifindex counts as ours.
 */
public final class NetworkCleanup {
    private NetworkCleanup() {}

    /** Returns what was removed or could not be; never throws for one interface, so the others still go. */
    public static List<String> release(Path runtimeDir) {
        List<String> notes = new ArrayList<>();
        NetworkState state;
        try {
            state = NetworkStateStore.read(runtimeDir);
        } catch (IOException e) {
            // A damaged record must not keep the runtime directory (and the VM name) blocked.
            notes.add(e.getMessage() + "; check 'ip link' for kvmctl taps left behind");
            return notes;
        }
        for (CreatedTap tap : state.createdTaps()) {
            if (!HostLinks.exists(tap.name()) || HostLinks.ifindex(tap.name()).orElse(-1) != tap.ifindex()) {
                continue;
            }
            try {
                HostLinks.delete(tap.name());
                notes.add("removed tap " + tap.name());
            } catch (IOException e) {
                notes.add("could not remove tap " + tap.name() + ": " + e.getMessage());
            }
        }
        return notes;
    }
}
