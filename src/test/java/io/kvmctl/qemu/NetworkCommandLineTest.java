package io.kvmctl.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The networking parts of the command line: fds for taps, vhost, hot-plug ports, auto host ports. */
class NetworkCommandLineTest {
    private static List<String> values(List<String> argv, String option) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals(option)) {
                out.add(argv.get(i + 1));
            }
        }
        return out;
    }

    @Test
    void bridgeNicWithALauncherFdBecomesATapFdNetdevWithVhostWhenAvailable() {
        Profile p = Profiles.parse("nics:\n  - id: lan\n    bridge: {name: br0}\n");
        List<String> withVhost = QemuCommandLine.build(
                p, Profiles.CTX.withNicFds(Map.of("lan", 7)).withVhostNet(true));
        assertEquals(
                List.of("{\"type\":\"tap\",\"id\":\"lan\",\"fd\":\"7\",\"vhost\":true}"), values(withVhost, "-netdev"));
        List<String> without = QemuCommandLine.build(p, Profiles.CTX.withNicFds(Map.of("lan", 7)));
        assertEquals(List.of("{\"type\":\"tap\",\"id\":\"lan\",\"fd\":\"7\"}"), values(without, "-netdev"));
    }

    @Test
    void userNicsNeverGetVhost() {
        Profile p = Profiles.parse("nics:\n  - id: n\n    user: {}\n");
        assertEquals(
                List.of("{\"type\":\"user\",\"id\":\"n\"}"),
                values(QemuCommandLine.build(p, Profiles.CTX.withVhostNet(true)), "-netdev"));
    }

    @Test
    void autoHostPortIsPortZeroForTheKernelToChoose() {
        Profile p = Profiles.parse("nics:\n  - id: n\n    user:\n      hostfwd:\n"
                + "        - {host_port: auto, guest_port: 80}\n        - {host_port: 0, guest_port: 81}\n");
        String netdev =
                values(QemuCommandLine.build(p, Profiles.CTX), "-netdev").get(0);
        assertTrue(netdev.contains("{\"str\":\"tcp:127.0.0.1:0-:80\"},{\"str\":\"tcp:127.0.0.1:0-:81\"}"), netdev);
    }

    @Test
    void severalAutoPortsAreNotDuplicatesButTwoEqualFixedOnesAre() {
        Profiles.parse("nics:\n  - user:\n      hostfwd:\n        - {host_port: auto, guest_port: 80}\n"
                + "        - {host_port: auto, guest_port: 81}\n");
        String msg = Profiles.problems("nics:\n  - user:\n      hostfwd:\n        - {host_port: 2222, guest_port: 80}\n"
                        + "        - {host_port: 2222, guest_port: 81}\n")
                .getMessage();
        assertTrue(msg.contains("host port 2222 is also forwarded"), msg);
    }

    @Test
    void aWordOtherThanAutoIsNotAPort() {
        String msg = Profiles.problems("nics:\n  - user:\n      hostfwd:\n        - {host_port: any, guest_port: 80}\n")
                .getMessage();
        assertTrue(msg.contains("host_port"), msg);
    }
}
