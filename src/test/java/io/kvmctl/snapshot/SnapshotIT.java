package io.kvmctl.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.image.ImageFormat;
import io.kvmctl.image.Images;
import io.kvmctl.profile.Size;
import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.SerialConsole;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Internal snapshots of the Linux test guest (TCG) on a small qcow2 data disk. */
class SnapshotIT {
    private static final Pattern HEARTBEAT = Pattern.compile("kvmctl-guest: heartbeat (\\d+)");
    private static final Duration GUEST = Duration.ofSeconds(90);

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();
    final RuntimeRoot root = vms.root();

    @Test
    void heartbeatGoesBackToTheSnapshotsValueAfterLoad() throws Exception {
        Path data = tmp.resolve("data.qcow2");
        Images.fromEnvironment()
                .create(data, Optional.of(Size.parse("16M")), ImageFormat.QCOW2, Optional.empty(), false);
        Path profile = TestGuests.linuxProfile(tmp, "snap", "disks:\n  - {id: data, file: " + data + "}\n");
        try (Vm vm = Vm.start(profile, StartOptions.defaults().withRoot(root));
                SerialConsole console = SerialConsole.attach(vm)) {
            awaitHeartbeatAtLeast(console, 0, 2);
            KvmctlProcess save = KvmctlProcess.run(root, "snapshot", "save", "snap", "before");
            assertEquals(0, save.exitCode(), save.toString());
            assertEquals("saved snapshot before of VM snap (QMP snapshot-save)\n", save.output());
            // The VM is stopped while the job saves it, so the snapshot holds at most the last value seen now.
            int atSave = lastHeartbeat(console);
            int beforeLoad = awaitHeartbeatAtLeast(console, 0, atSave + 4);

            KvmctlProcess list = KvmctlProcess.run(root, "snapshot", "list", "snap");
            assertTrue(list.output().lines().anyMatch(l -> l.matches("before +1")), list.toString());
            int from = console.lineCount();
            KvmctlProcess load = KvmctlProcess.run(root, "snapshot", "load", "snap", "before");
            assertEquals(0, load.exitCode(), load.toString());
            // Lines still in flight from before the load may come first; the restored counter shows up after them.
            String back = console.awaitLineAfter(
                    from, Pattern.compile("kvmctl-guest: heartbeat ([0-9]|[1-9][0-9]*)$"), GUEST);
            int n = firstBelow(console, from, beforeLoad);
            assertTrue(
                    n <= atSave + 1,
                    "after load the heartbeat is " + n + ", the snapshot was taken at <= " + atSave
                            + " (last before load: " + beforeLoad + ", first line: " + back + ")");

            KvmctlProcess dup = KvmctlProcess.run(root, "snapshot", "save", "snap", "before");
            assertEquals(2, dup.exitCode(), dup.toString());
            assertTrue(dup.output().contains("already has a snapshot 'before'"), dup.output());
            KvmctlProcess del = KvmctlProcess.run(root, "snapshot", "delete", "snap", "before");
            assertEquals(0, del.exitCode(), del.toString());
            assertEquals("", KvmctlProcess.run(root, "snapshot", "list", "snap").output());
            KvmctlProcess missing = KvmctlProcess.run(root, "snapshot", "load", "snap", "before");
            assertEquals(2, missing.exitCode());
            assertEquals("kvmctl snapshot load: VM snap has no snapshot 'before' (it has none)\n", missing.output());
            KvmctlProcess badTag = KvmctlProcess.run(root, "snapshot", "save", "snap", "no spaces");
            assertTrue(badTag.output().contains("'no spaces' is not a snapshot tag"), badTag.output());
            vm.stop(Duration.ZERO, true);
        }
    }

    @Test
    void vmWithoutAQcow2DiskGetsAClearError() throws Exception {
        Path profile = TestGuests.bootSectorProfile(tmp, "rawonly", TestGuests.HELLO, "tcg");
        try (Vm vm = Vm.start(profile, StartOptions.defaults().withRoot(root))) {
            KvmctlProcess save = KvmctlProcess.run(root, "snapshot", "save", "rawonly", "x");
            assertEquals(2, save.exitCode(), save.toString());
            assertTrue(
                    save.output()
                            .startsWith("kvmctl snapshot save: VM rawonly has no writable qcow2 disk, and internal"
                                    + " snapshots live in qcow2 images (its disks: {disk0=raw}); give it one"),
                    save.output());
            vm.stop(Duration.ZERO, true);
        }
    }

    private static int awaitHeartbeatAtLeast(SerialConsole console, int from, int n) throws IOException {
        while (true) {
            String line = console.awaitLineAfter(from, HEARTBEAT, GUEST);
            int v = value(line);
            from = indexAfter(console, from, line);
            if (v >= n) {
                return v;
            }
        }
    }

    private static int indexAfter(SerialConsole console, int from, String line) {
        var lines = console.lines();
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).equals(line)) {
                return i + 1;
            }
        }
        return lines.size();
    }

    private static int lastHeartbeat(SerialConsole console) {
        return value(console.lastMatch(HEARTBEAT).orElseThrow());
    }

    /** The first heartbeat from line {@code from} on whose value is below {@code limit}, waiting for it. */
    private static int firstBelow(SerialConsole console, int from, int limit) throws IOException {
        long deadline = System.nanoTime() + GUEST.toNanos();
        int i = from;
        while (System.nanoTime() < deadline) {
            String line = console.awaitLineAfter(i, HEARTBEAT, GUEST);
            i = indexAfter(console, i, line);
            if (value(line) < limit) {
                return value(line);
            }
        }
        throw new AssertionError("no heartbeat below " + limit + " after the load: the counter did not go back");
    }

    private static int value(String line) {
        Matcher m = HEARTBEAT.matcher(line);
        if (!m.find()) {
            throw new IllegalArgumentException(line);
        }
        return Integer.parseInt(m.group(1));
    }
}
