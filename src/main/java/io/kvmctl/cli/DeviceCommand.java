package io.kvmctl.cli;

import io.kvmctl.cli.json.DeviceListJson;
import io.kvmctl.devices.DeviceEntry;
import io.kvmctl.devices.DeviceRequest;
import io.kvmctl.devices.Devices;
import io.kvmctl.profile.DiskSpec;
import io.kvmctl.text.TextTable;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvmctl device add|del|list|eject}: devices of a running VM. */
@Command(
        name = "device",
        mixinStandardHelpOptions = true,
        description = "Add, remove and list devices of a running VM (disks, CD-ROM media, USB).",
        subcommands = {
            DeviceCommand.Add.class,
            DeviceCommand.Del.class,
            DeviceCommand.ListDevices.class,
            DeviceCommand.Eject.class
        })
final class DeviceCommand extends VmCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return KvmctlCommand.EXIT_USAGE;
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Add a device to a running VM:",
                "  disk FILE        virtio-blk (takes a hot-plug slot), or --bus virtio-scsi",
                "  cdrom FILE       an ISO into the CD-ROM drive, else a new SCSI CD-ROM",
                "  usb KIND [ID]    tablet, keyboard, mouse, or host VENDOR:PRODUCT"
            })
    static final class Add extends VmCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The VM")
        String name;

        @Parameters(index = "1", paramLabel = "KIND", description = "disk, cdrom or usb")
        String kind;

        @Parameters(index = "2..*", arity = "1..2", paramLabel = "ARG", description = "FILE, or the USB kind")
        List<String> args = new ArrayList<>();

        @Option(names = "--id", paramLabel = "ID", description = "Device id (default: hd0, cd0, usb0, ...)")
        String id;

        @Option(
                names = "--bus",
                paramLabel = "BUS",
                defaultValue = "virtio-blk",
                description = "Disks: virtio-blk or virtio-scsi (default: ${DEFAULT-VALUE})")
        String bus;

        @Option(
                names = "--format",
                paramLabel = "FORMAT",
                description = "Disks: raw, qcow2, ... (default: from qemu-img's view of the file)")
        String format;

        @Option(names = "--readonly", description = "Disks: attach read-only")
        boolean readOnly;

        @Option(
                names = "--persist",
                description = "Also record the disk or CD-ROM in the VM's profile copy and in"
                        + " the profile it was started from, so the next 'up' has it")
        boolean persist;

        @Override
        public Integer call() {
            DeviceRequest request;
            try {
                request = request();
            } catch (IllegalArgumentException e) {
                return fail(e.getMessage());
            }
            if (persist && request instanceof DeviceRequest.Usb) {
                return fail("--persist works for disks and CD-ROMs (profiles have no USB devices); drop --persist");
            }
            try (Vm vm = attach(name)) {
                Devices.Persisted added = persist
                        ? vm.devices().addPersistent(request)
                        : new Devices.Persisted(vm.devices().add(request), List.of());
                out().println("added " + added.plan().description() + " to VM " + name);
                added.profiles().forEach(profile -> out().println("recorded in " + profile));
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return fail(e.getMessage());
            }
        }

        private DeviceRequest request() {
            Optional<String> wantedId = Optional.ofNullable(id);
            switch (kind.toLowerCase(Locale.ROOT)) {
                case "disk" -> {
                    Path file = file();
                    DiskSpec.Bus b = switch (bus) {
                        case "virtio-blk" -> DiskSpec.Bus.VIRTIO_BLK;
                        case "virtio-scsi" -> DiskSpec.Bus.VIRTIO_SCSI;
                        default ->
                            throw new IllegalArgumentException(
                                    "'" + bus + "' is not a hot-pluggable bus; use" + " virtio-blk or virtio-scsi");
                    };
                    return new DeviceRequest.Disk(wantedId, file, format(file), b, readOnly);
                }
                case "cdrom" -> {
                    return new DeviceRequest.Cdrom(wantedId, file());
                }
                case "usb" -> {
                    DeviceRequest.UsbKind k;
                    try {
                        k = DeviceRequest.UsbKind.valueOf(args.getFirst().toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("'" + args.getFirst() + "' is not a USB device kvmctl adds;"
                                + " use tablet, keyboard, mouse or host VENDOR:PRODUCT");
                    }
                    return new DeviceRequest.Usb(
                            wantedId, k, args.size() > 1 ? Optional.of(args.get(1)) : Optional.empty());
                }
                default ->
                    throw new IllegalArgumentException("'" + kind + "' is not a device kind; use disk FILE,"
                            + " cdrom FILE or usb KIND ('kvmctl nic' adds network cards)");
            }
        }

        private Path file() {
            if (args.size() != 1) {
                throw new IllegalArgumentException(kind + " takes one FILE, got " + args.size() + " arguments");
            }
            Path f = Path.of(args.getFirst()).toAbsolutePath().normalize();
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException("no such file: " + f + " ('kvmctl image create' makes one)");
            }
            return f;
        }

        private DiskSpec.Format format(Path file) {
            String f = format;
            if (f == null) {
                try {
                    f = io.kvmctl.image.Images.fromEnvironment().info(file).format();
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
                }
            }
            for (DiskSpec.Format v : DiskSpec.Format.values()) {
                if (v.qemuName().equals(f)) {
                    return v;
                }
            }
            throw new IllegalArgumentException(
                    "'" + f + "' is not a disk format; use raw, qcow2, vmdk, vdi, vhdx or" + " vpc");
        }
    }

    @Command(
            name = "del",
            mixinStandardHelpOptions = true,
            description = "Remove a device; waits for the guest to release it.")
    static final class Del extends VmCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The VM")
        String name;

        @Parameters(index = "1", paramLabel = "ID", description = "The device ('kvmctl device list NAME')")
        String id;

        @Option(
                names = "--timeout",
                paramLabel = "DURATION",
                defaultValue = "30s",
                converter = DurationConverter.class,
                description = "How long the guest may take to release it: " + DurationConverter.SYNTAX
                        + " (default: ${DEFAULT-VALUE})")
        Duration timeout;

        @Override
        public Integer call() {
            try (Vm vm = attach(name)) {
                String type = vm.devices().del(id, timeout);
                out().println("removed " + type + " " + id + " from VM " + name);
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return fail(e.getMessage());
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List a running VM's devices, their media and hot-plug slots.")
    static final class ListDevices extends VmCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The VM")
        String name;

        @Option(names = "--json", description = "Print as JSON")
        boolean json;

        @Override
        public Integer call() {
            try (Vm vm = attach(name)) {
                List<DeviceEntry> devices = vm.devices().list();
                if (json) {
                    out().println(CliJson.write(DeviceListJson.KIND, DeviceListJson.of(name, devices)));
                    return 0;
                }
                TextTable table = TextTable.withHeaders("ID", "TYPE", "SLOT", "MEDIUM");
                for (DeviceEntry d : devices) {
                    table.row(
                            d.id(), d.type(), d.slot().orElse(null), d.medium().orElse(null));
                }
                out().print(table.render());
                out().flush(); // print() does not flush an autoflush writer, and Main exits without closing it
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return fail(e.getMessage());
            }
        }
    }

    @Command(
            name = "eject",
            mixinStandardHelpOptions = true,
            description = "Eject the medium of a CD-ROM drive (default: cdrom).")
    static final class Eject extends VmCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The VM")
        String name;

        @Parameters(
                index = "1",
                arity = "0..1",
                paramLabel = "ID",
                defaultValue = "cdrom",
                description = "The drive (default: ${DEFAULT-VALUE})")
        String id;

        @Override
        public Integer call() {
            try (Vm vm = attach(name)) {
                vm.devices().eject(id);
                out().println("ejected the medium of " + id + " in VM " + name);
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return fail(e.getMessage());
            }
        }
    }
}
