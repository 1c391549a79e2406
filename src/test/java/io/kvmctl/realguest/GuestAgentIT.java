package io.kvmctl.realguest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.agent.GuestAgent;
import io.kvmctl.cloudinit.NoCloudSeed;
import io.kvmctl.testing.DebianImages;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.SerialConsole;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Debian's qemu-guest-agent through {@code agent: true}, one TCG boot for everything: {@code up --wait agent}
 * returns once the agent answers, {@code status}, {@code list} and {@code ip} show the address slirp gave the guest,
 * {@code snapshot save --quiesce} freezes and thaws its file systems, and a guest told to ignore the power button (by
 * a NoCloud seed built here) is stopped by {@code down} through the agent.
 */
class GuestAgentIT {
    /**
     * Boot plus cloud-init's final stage under TCG: 320 s on QEMU 7.2 (2026-12-07, load average ~10, a CI run
     * beside it), 148 s on QEMU 10.0 (load ~7); longer is a hang.
     */
    private static final Duration BOOT = Duration.ofMinutes(12);

    private static final String POWER_KEY_IGNORED = "KVMCTL-POWER-KEY-IGNORED";
    private static final String USER_DATA = """
            #cloud-config
            write_files:
              - path: /etc/systemd/logind.conf.d/kvmctl-ignore-power-key.conf
                content: |
                  [Login]
                  HandlePowerKey=ignore
            runcmd:
              - systemctl restart systemd-logind
              - echo %s > /dev/ttyS0
            """.formatted(POWER_KEY_IGNORED);

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    @Test
    void theAgentGivesAddressesQuiescesSnapshotsAndStopsAGuestThatIgnoresAcpi() throws Exception {
        Path disk = DebianImages.bootableDisk();
        RuntimeRoot root = vms.root();
        Path seed = vms.dir().resolve("seed.iso");
        Files.write(
                seed,
                NoCloudSeed.image(new NoCloudSeed.Input(
                        "deb-agent",
                        Optional.of(new NoCloudSeed.Document(USER_DATA, "GuestAgentIT")),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty())));
        // The cloud kernel has no AHCI driver: the seed is a virtio disk too.
        Path profile = Files.writeString(vms.dir().resolve("deb-agent.yaml"), """
                name: deb-agent
                accel: tcg
                memory: 1G
                agent: true
                disks:
                  - {id: root, file: %s, format: qcow2, overlay: true}
                  - {id: seed, file: %s, format: raw, readonly: true}
                boot: [root]
                nics:
                  - {id: net0, user: {}}
                """.formatted(disk, seed));

        long start = System.nanoTime();
        String up = ok(root, "up", profile.toString(), "--wait", "agent", "--timeout", Long.toString(BOOT.toSeconds()));
        System.out.printf("GuestAgentIT: up --wait agent under TCG in %.1f s%n", (System.nanoTime() - start) / 1e9);
        assertTrue(up.contains("VM deb-agent is ready: the guest agent to answer after"), up);
        try (Vm vm = Vm.attach(root, "deb-agent")) {
            vm.agent().close(); // --wait agent returned, so the agent answers now, not only soon
        }
        try (Vm vm = Vm.attach(root, "deb-agent");
                SerialConsole console = vm.console()) {
            console.awaitLine(Pattern.compile(".*" + POWER_KEY_IGNORED + ".*"), BOOT);
            System.out.printf(
                    "GuestAgentIT: boot and cloud-init's runcmd under TCG in %.1f s%n",
                    (System.nanoTime() - start) / 1e9);
            try (GuestAgent agent = awaitAgent(vm, Duration.ofMinutes(2))) {
                agent.ping(Duration.ofSeconds(10));
                assertTrue(
                        agent.addresses(Duration.ofSeconds(10)).stream()
                                .anyMatch(a -> a.address().equals("10.0.2.15") && a.routable()),
                        "the agent reports slirp's address");
            }
        }

        String json = ok(root, "status", "deb-agent", "--json");
        assertTrue(json.contains("\"agent\" : \"answers\""), json);
        assertTrue(json.contains("\"address\" : \"10.0.2.15\""), json);
        assertTrue(!json.contains("\"address\" : \"127.0.0.1\""), "loopback is not shown: " + json);
        String text = ok(root, "status", "deb-agent");
        assertTrue(text.contains("10.0.2.15/24"), text);
        String list = ok(root, "list");
        assertTrue(list.lines().anyMatch(l -> l.startsWith("deb-agent") && l.endsWith("10.0.2.15")), list);

        // No forward: kvmctl ip knows the guest only through its agent, on the user NIC the host cannot reach.
        String ip = ok(root, "ip", "deb-agent");
        assertTrue(
                ip.lines()
                        .anyMatch(l -> l.startsWith("10.0.2.15/24  in the guest, on ")
                                && l.contains("(NIC net0, user network: reached only through forwards)")),
                ip);
        assertTrue(ip.lines().noneMatch(l -> l.startsWith("127.") || l.startsWith("fe80")), ip);
        String ipJson = ok(root, "ip", "deb-agent", "--json");
        assertTrue(ipJson.contains("\"address\" : \"10.0.2.15\""), ipJson);
        assertTrue(ipJson.contains("\"nic\" : \"net0\""), ipJson);

        String saved = ok(root, "snapshot", "save", "deb-agent", "quiet", "--quiesce");
        System.out.println("GuestAgentIT: " + saved.strip());
        assertTrue(saved.contains("quiesced"), saved);
        var froze = Pattern.compile("froze (\\d+) file system").matcher(saved);
        assertTrue(froze.find() && Integer.parseInt(froze.group(1)) >= 1, "the guest froze its root: " + saved);
        assertTrue(ok(root, "snapshot", "list", "deb-agent").contains("quiet"));
        try (Vm vm = Vm.attach(root, "deb-agent");
                GuestAgent agent = vm.agent()) {
            assertEquals(
                    "thawed",
                    agent.execute("guest-fsfreeze-status", null, Duration.ofSeconds(10))
                            .asString(),
                    "thawed after the snapshot");
            // A frozen root would block this write until thawed; it returns at once.
            agent.execute("guest-ping", null, Duration.ofSeconds(10));
        }

        String down = ok(
                root,
                "down",
                "deb-agent",
                "--timeout",
                "30",
                "--json"); // each step: systemd's poweroff under a loaded TCG took >15 s
        System.out.println("GuestAgentIT: " + down);
        assertTrue(down.contains("\"step\" : \"guest_agent\""), "stopped through the agent: " + down);
        assertTrue(down.contains("after the ACPI power button"), "the power button was tried first: " + down);
    }

    /** qemu-ga starts when systemd sees its virtio port: soon after boot, but after the login prompt at times. */
    private static GuestAgent awaitAgent(Vm vm, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                return vm.agent();
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }

    private static String ok(RuntimeRoot root, String... args) throws Exception {
        KvmctlProcess p = KvmctlProcess.run(root, args);
        assertEquals(0, p.exitCode(), "kvmctl " + String.join(" ", args) + ": " + p);
        return p.output();
    }
}
