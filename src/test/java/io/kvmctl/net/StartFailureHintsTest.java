package io.kvmctl.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartFailureHintsTest {
    @Test
    void qemusHostForwardErrorBecomesPortInUseWithTheFix() {
        // QEMU 7.2's words when the host port is taken.
        String log = "qemu-system-x86_64: -netdev {...}: Could not set up host forwarding rule"
                + " 'tcp:127.0.0.1:2222-:22'\n";
        assertEquals(
                Optional.of("host port in use: QEMU could not listen for the forward tcp:127.0.0.1:2222-:22"
                        + " (another program has that port); choose another host_port, or 'host_port: auto' to let the"
                        + " kernel pick a free one"),
                StartFailureHints.forQemuOutput(log));
    }

    @Test
    void hostForwardErrorIsFoundBehindQemusTimestamp() {
        // QEMU 7.2 and 10.0 under -msg timestamp=on, as kvmctl starts them: the same words after the time.
        String log = "2026-12-07T00:34:32.126009Z qemu-system-x86_64: -netdev {\"type\":\"user\",\"id\":\"n\","
                + "\"hostfwd\":[{\"str\":\"tcp:127.0.0.1:2299-:22\"}]}: Could not set up host forwarding rule"
                + " 'tcp:127.0.0.1:2299-:22'\n";
        assertEquals(
                Optional.of("host port in use: QEMU could not listen for the forward tcp:127.0.0.1:2299-:22"
                        + " (another program has that port); choose another host_port, or 'host_port: auto' to let the"
                        + " kernel pick a free one"),
                StartFailureHints.forQemuOutput(log));
    }

    @Test
    void otherFailuresGetNoNetworkHint() {
        assertEquals(Optional.empty(), StartFailureHints.forQemuOutput("qemu: could not load kernel"));
    }
}
