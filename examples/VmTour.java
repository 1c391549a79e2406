import io.kvmctl.devices.DeviceRequest;
import io.kvmctl.devices.HotplugPlan;
import io.kvmctl.image.ImageFormat;
import io.kvmctl.image.Images;
import io.kvmctl.migrate.Migration;
import io.kvmctl.migrate.MigrationResult;
import io.kvmctl.profile.DiskSpec;
import io.kvmctl.profile.Size;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.SerialConsole;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.StopReport;
import io.kvmctl.vm.Vm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tour of kvmctl's Java API: start a VM from a profile, hot-add a disk, take a snapshot, unplug the disk, migrate
 * the VM to a new QEMU on this host, and stop it. Everything goes through the one {@link Vm} object.
 *
 * <p>Run it with the kvmctl module on the module path, native access granted to it, and a profile of a guest that
 * prints a line when it is up (the Linux test guest of {@code test-images/} prints {@code kvmctl-guest: READY}):
 *
 * {@snippet lang=sh :
 * javac --module-path target/kvmctl.jar:target/lib --add-modules io.kvmctl -d /tmp/tour examples/VmTour.java
 * java --module-path target/kvmctl.jar:target/lib --add-modules io.kvmctl --enable-native-access=io.kvmctl \
 *     -cp /tmp/tour VmTour qemu-profiles/linux-tcg.yaml /tmp/tour
 * }
 *
 * VMs go to the runtime root kvmctl uses ({@code KVMCTL_RUNTIME_DIR}, else {@code /run/kvmctl} for root).
 */
public final class VmTour {
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Duration STEP = Duration.ofSeconds(60);

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: VmTour PROFILE.yaml SCRATCH_FOLDER");
            System.exit(2);
        }
        Path profile = Path.of(args[0]);
        Path scratch = Files.createDirectories(Path.of(args[1]));

        String name;
        try (Vm vm = Vm.start(profile, StartOptions.defaults())) {
            name = vm.name();
            System.out.println(
                    "started " + vm.name() + ", QEMU pid " + vm.record().qemuPid());
            try (SerialConsole console = vm.console()) {
                console.awaitLine(Pattern.compile("kvmctl-guest: READY"), BOOT);
            }
            System.out.println("guest ready: " + vm.status().state());

            // A new qcow2 disk, hot-added: the guest sees a new virtio block device.
            Path data = scratch.resolve("data.qcow2");
            Images.fromEnvironment()
                    .create(data, Optional.of(Size.parse("16M")), ImageFormat.QCOW2, Optional.empty(), false);
            HotplugPlan disk = vm.devices()
                    .add(new DeviceRequest.Disk(
                            Optional.of("data"), data, DiskSpec.Format.QCOW2, DiskSpec.Bus.VIRTIO_BLK, false));
            System.out.println("hot-added " + disk.description());

            // An internal snapshot: RAM and device state, and the disks' contents in the qcow2 file.
            vm.snapshots().save("tour", STEP);
            System.out.println("snapshots: " + vm.snapshots().list().keySet());

            // A local migration starts the new QEMU from the VM's profile, which does not have the hot-added disk:
            // unplug it first (the guest lets go of it, then QEMU reports DEVICE_DELETED).
            vm.devices().del(disk.id(), STEP);
            System.out.println("unplugged " + disk.id());

            MigrationResult moved = Migration.of(vm)
                    .onStep(step -> System.out.println("  migration: " + step))
                    .local();
            System.out.println("migrated: " + moved.outcome() + " (" + moved.explanation() + ")");
        } // the handle's QEMU is the source, stopped by the migration: close() has nothing left to stop

        // After a local migration the VM runs on in a new QEMU under the same name: attach to it and stop it.
        try (Vm vm = Vm.attach(RuntimeRoot.fromEnvironment(), name)) {
            System.out.println("running again: " + vm.status().state() + ", QEMU pid "
                    + vm.record().qemuPid());
            StopReport report = vm.stop(STEP, false);
            System.out.println("stopped: " + report.step().description() + " after "
                    + report.took().toMillis() + " ms");
        }
    }
}
