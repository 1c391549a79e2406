package io.kvmctl.realguest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.testing.DebianImages;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.vm.RuntimeRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * cloud-init on the Debian test disk from kvmctl's own seed: {@code up --wait ssh} returns once an ssh login with
 * kvmctl's key works, the guest took the VM's name as host name, made the profile's user with the hashed password
 * and kvmctl's key, and {@code kvmctl ssh NAME -- CMD} runs CMD there. One boot (minutes under TCG) serves every
 * check; bad input is refused before anything exists.
 */
class CloudInitSshIT {
    private static final String PASSWORD = "plain-Secret-4711";

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    @Test
    void cloudInitMakesTheUserAndKeySoUpWaitSshAndKvmctlSshWork() throws Exception {
        RuntimeRoot root = vms.root();
        Path profile = DebianImages.diskProfile(vms.dir(), "ci-ssh", """
                nics:
                  - {id: net0, user: {hostfwd: [{host_port: auto, guest_port: 22}]}}
                cloud_init:
                  user: tester
                  password: %s
                  ssh: true
                """.formatted(PASSWORD));

        long start = System.nanoTime();
        // under TCG on a loaded 2-core host: 2-6 min to the login prompt, cloud-init and sshd after it
        KvmctlProcess up = KvmctlProcess.run(root, "up", profile.toString(), "--wait", "ssh", "--timeout", "1200");
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("CloudInitSshIT: up --wait ssh under TCG returned after %.1f s%n", seconds);
        assertEquals(0, up.exitCode(), up.toString());
        assertTrue(up.output().contains("VM ci-ssh is ready: an ssh login after"), up.output());

        assertEquals("ci-ssh", ok(root, "ssh", "ci-ssh", "--", "uname", "-n").strip(), "the seed's host name");
        assertEquals("tester", ok(root, "ssh", "ci-ssh", "--", "id", "-un").strip(), "the seed's user");
        String shadow = ok(root, "ssh", "ci-ssh", "--", "sudo", "getent", "shadow", "tester");
        // (sudo may first warn that it cannot resolve the new host name: Debian's /etc/hosts does not list it)
        assertTrue(
                shadow.lines().anyMatch(l -> l.startsWith("tester:$6$")),
                "the password was set from its SHA-512 hash: " + shadow);
        String keys = ok(root, "ssh", "ci-ssh", "--", "cat", ".ssh/authorized_keys");
        assertTrue(keys.contains("kvmctl@ci-ssh"), "kvmctl's key is authorized: " + keys);
        // As with ssh itself, the words are joined and run by the user's shell in the guest: one word runs a line.
        KvmctlProcess failing = KvmctlProcess.run(root, "ssh", "ci-ssh", "--", "ls /nonexistent || exit 7");
        assertEquals(7, failing.exitCode(), "kvmctl ssh returns the command's exit code: " + failing);

        String status = ok(root, "status", "ci-ssh");
        assertTrue(status.contains("cloud-init:  seed disk kvmctl-seed"), status);
        assertTrue(status.contains("user tester"), status);
        String ip = ok(root, "ip", "ci-ssh");
        assertTrue(ip.matches("(?s)127\\.0\\.0\\.1:\\d+  tcp -> guest port 22 \\(NIC net0\\)\\s*"), ip);

        Path seed = root.vm("ci-ssh").seedFile();
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(seed)));
        String userData = extract(seed, "user-data");
        assertTrue(userData.contains("$6$"), userData);
        assertFalse(userData.contains(PASSWORD), "the seed holds the plain password");
        assertTrue(extract(seed, "meta-data").contains("local-hostname: ci-ssh"));

        KvmctlProcess waitSerial = KvmctlProcess.run(
                root, "up", profile.toString(), "--name", "ci-ssh", "--wait", "serial:x", "--timeout", "5");
        assertEquals(2, waitSerial.exitCode(), "a second up of a running VM: " + waitSerial);

        String down = ok(root, "down", "ci-ssh", "--timeout", "120", "--json");
        assertTrue(
                down.contains("\"step\" : \"powerdown\""),
                "systemd-logind powers off on the ACPI power button: " + down);
    }

    @Test
    void badCloudInitInputIsOneLineExit2AndNothingCreated() throws Exception {
        RuntimeRoot root = vms.root();
        Path dir = vms.dir();
        Files.writeString(dir.resolve("user-data.yaml"), "#cloud-config\npackages: [htop\nruncmd: []\n");
        Path notYaml = tiny(dir, "bad-yaml", "  user_data: user-data.yaml\n");
        KvmctlProcess bad = KvmctlProcess.run(root, "up", notYaml.toString());
        assertEquals(2, bad.exitCode(), bad.toString());
        assertEquals(1, bad.output().strip().lines().count(), bad.output());
        assertTrue(bad.output().contains(dir.resolve("user-data.yaml") + ": not valid YAML at line "), bad.output());

        Path missingKey = tiny(dir, "bad-key", "  ssh_authorized_keys: [keys/gone.pub]\n");
        KvmctlProcess noKey = KvmctlProcess.run(root, "up", missingKey.toString());
        assertEquals(2, noKey.exitCode(), noKey.toString());
        assertTrue(
                noKey.output()
                        .contains("cloud_init.ssh_authorized_keys[0]: no such file: " + dir.resolve("keys/gone.pub")),
                noKey.output());

        Path fine = tiny(dir, "fine", "  ssh: true\n");
        KvmctlProcess badWait = KvmctlProcess.run(root, "up", fine.toString(), "--wait", "sshd");
        assertEquals(2, badWait.exitCode(), badWait.toString());
        assertEquals(
                "kvmctl up: --wait sshd: not a condition kvmctl knows; use ssh, serial:REGEX (e.g. serial:'login:'),"
                        + " port:N (a guest TCP port with a hostfwd, 1-65535) or agent (with 'agent: true' in the"
                        + " profile)",
                badWait.output().strip());

        assertEquals(List.of(), root.names(), "no runtime directory left");
        assertFalse(Files.exists(IsolatedVms.dataDirBeside(root)), "no VM home made");
    }

    private static Path tiny(Path dir, String name, String cloudInit) throws Exception {
        return Files.writeString(
                dir.resolve(name + ".yaml"), "name: " + name + "\naccel: tcg\nmemory: 64M\ncloud_init:\n" + cloudInit);
    }

    /** A file of the seed read back by xorriso, an ISO 9660 reader kvmctl did not write. */
    private String extract(Path seed, String file) throws Exception {
        Path out = vms.dir().resolve("extracted-" + file);
        Process p = new ProcessBuilder(
                        "xorriso", "-osirrox", "on", "-indev", seed.toString(), "-extract", "/" + file, out.toString())
                .redirectErrorStream(true)
                .start();
        String said = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "xorriso: " + said);
        return Files.readString(out);
    }

    private static String ok(RuntimeRoot root, String... args) throws Exception {
        KvmctlProcess p = KvmctlProcess.run(root, args);
        assertEquals(0, p.exitCode(), "kvmctl " + String.join(" ", args) + ": " + p);
        return p.output();
    }
}
