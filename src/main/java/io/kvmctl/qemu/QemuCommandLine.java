package io.kvmctl.qemu;

import io.kvmctl.profile.BootSpec;
import io.kvmctl.profile.CdromSpec;
import io.kvmctl.profile.DiskSpec;
import io.kvmctl.profile.DisplaySpec;
import io.kvmctl.profile.GuestActions;
import io.kvmctl.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds QEMU's argv from a validated profile: a pure function, never starting a process.
 *
 * <p>Escaping. {@code -blockdev}, {@code -device} and {@code -netdev} values are written in QEMU's JSON syntax
 * (accepted by QEMU 7.2 for all three; -netdev since 7.1): Jackson writes the JSON, so a path or name is a JSON string
 * whatever it contains, and there is no comma rule to get wrong. The options without a JSON form ({@code -name},
 * {@code -chardev}, {@code -mon}, {@code -vnc}, {@code -drive}) use {@link QemuOpts}, which doubles commas. Options
 * whose value QEMU takes whole ({@code -kernel}, {@code -append}, {@code -incoming}, {@code -uuid}, {@code -pidfile})
 * need no escaping, as each value is one argv element. Control characters are refused by the loader.
 *
 * <p>Like libvirt, QEMU runs with a seccomp filter ({@link Sandbox}), timestamps on its messages ({@code -msg
 * timestamp=on}) and named threads ({@code debug-threads=on}).
 */
public final class QemuCommandLine {
    /** Device and block node id of the single {@code cdrom:}; profiles cannot use it for a disk or NIC then. */
    public static final String CDROM_ID = Profile.CDROM_ID;

    public static final String QMP_CHARDEV = "kvmctl-qmp";
    public static final String SERIAL_CHARDEV = "kvmctl-serial0";
    static final String SCSI_CONTROLLER = "kvmctl-scsi0";
    static final String AHCI_CONTROLLER = "kvmctl-ahci0";
    /** Ids of the empty root ports for hot-plug: {@code kvmctl-hp0}, {@code kvmctl-hp1}, ... */
    public static final String HOTPLUG_PORT_PREFIX = "kvmctl-hp";
    /** Ids of the root ports that hold a profile's device on q35: {@code kvmctl-rp-disk0}, ... */
    public static final String PROFILE_PORT_PREFIX = "kvmctl-rp-";
    /** Device and block node id of the cloud-init seed disk ({@code cloud_init}). */
    public static final String SEED_ID = "kvmctl-seed";

    /** The seed's root port on q35: not kvmctl-rp-seed, which a disk with id seed would own. */
    public static final String SEED_PORT = "kvmctl-seed-port";
    /** The seed's file in the runtime directory, written at each start (see io.kvmctl.vm.CloudInitSeeds). */
    public static final String SEED_FILE = "cidata.iso";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private QemuCommandLine() {}

    public static List<String> build(Profile p, LaunchContext ctx) {
        return build(p, ctx, java.util.Optional.empty());
    }

    /** Like {@link #build(Profile, LaunchContext)}, with the monitor and serial sockets inherited when given. */
    public static List<String> build(Profile p, LaunchContext ctx, java.util.Optional<InheritedSockets> inherited) {
        List<String> a = new ArrayList<>();
        a.add(ctx.qemuBinary().toString());
        ctx.pidFile().ifPresent(file -> add(a, "-pidfile", file.toString()));
        // debug-threads: QEMU names its threads (CPU 0/TCG, CPU 1/KVM, ...), which `stats` reads per vCPU.
        add(
                a,
                "-name",
                new QemuOpts()
                        .add("guest", p.name())
                        .add("process", "kvmctl-" + p.name())
                        .add("debug-threads", "on"));
        // Right after the name, where libvirt's argv has its user handling: a reader sees at once who QEMU runs as.
        ctx.dropTo().ifPresent(drop -> a.addAll(drop.argv()));
        // Early, so that even errors about later options carry the time in qemu.log, which outlives the VM.
        add(a, "-msg", "timestamp=on");
        // No default devices or config files: the guest gets exactly what the profile lists.
        a.add("-nodefaults");
        a.add("-no-user-config");
        if (inherited.isPresent()) {
            InheritedSockets fds = inherited.get();
            monitor(a, QMP_CHARDEV, "fd", Integer.toString(fds.qmpFd()));
            monitor(a, InheritedSockets.CONTROL_CHARDEV, "fd", Integer.toString(fds.controlFd()));
            monitor(a, InheritedSockets.USER_MONITOR_CHARDEV, "fd", Integer.toString(fds.userMonitorFd()));
            for (int i = 0; i < p.qmpSockets().size(); i++) {
                String chardev =
                        InheritedSockets.OUTSIDE_CHARDEV_PREFIX + p.qmpSockets().get(i);
                monitor(a, chardev, "fd", Integer.toString(fds.firstOutsideFd() + i));
            }
            add(
                    a,
                    "-chardev",
                    new QemuOpts("socket")
                            .add("id", SERIAL_CHARDEV)
                            .add("fd", Integer.toString(fds.serialFd()))
                            .add("server", "on")
                            .add("wait", "off")
                            .add("logfile", ctx.serialLog().toString())
                            .add("logappend", "on"));
        } else {
            monitor(a, QMP_CHARDEV, "path", ctx.qmpSocket().toString());
            for (String name : p.qmpSockets()) {
                String socket =
                        ctx.qmpSocket().resolveSibling("qmp-" + name + ".sock").toString();
                monitor(a, InheritedSockets.OUTSIDE_CHARDEV_PREFIX + name, "path", socket);
            }
            add(
                    a,
                    "-chardev",
                    new QemuOpts("socket")
                            .add("id", SERIAL_CHARDEV)
                            .add("path", ctx.serialSocket().toString())
                            .add("server", "on")
                            .add("wait", "off")
                            .add("logfile", ctx.serialLog().toString())
                            .add("logappend", "on"));
        }
        add(a, "-serial", "chardev:" + SERIAL_CHARDEV);
        display(a, p.display());
        p.accel().qemuAccelerators().forEach(accel -> add(a, "-accel", accel));
        // One -machine option: the firmware's flash nodes (and SMM for Secure Boot) are properties of the machine.
        // dump-guest-core=off: a core dump of QEMU leaves out guest RAM (the guest's secrets), as libvirt sets it.
        QemuOpts machine = new QemuOpts().add("type", p.machine()).add("dump-guest-core", "off");
        java.util.Optional<FirmwareArgs> firmware = ctx.firmware().map(FirmwareArgs::of);
        firmware.ifPresent(f -> f.machineProperties().forEach(machine::add));
        GuestMemoryArgs.add(a, machine, p, ctx, inherited);
        add(a, "-machine", machine);
        firmware.ifPresent(f -> a.addAll(f.options()));
        p.cpu().ifPresent(cpu -> add(a, "-cpu", new QemuOpts(cpu)));
        add(a, "-smp", Integer.toString(p.smp()));
        add(a, "-m", p.memory().mebibytes() + "M");
        p.uuid().ifPresent(u -> add(a, "-uuid", u.toString()));
        actions(a, p.actions());
        if (p.boot() instanceof BootSpec.Kernel(var kernel, var initrd, var append)) {
            add(a, "-kernel", kernel.toString());
            initrd.ifPresent(i -> add(a, "-initrd", i.toString()));
            append.ifPresent(s -> add(a, "-append", s));
        }
        if (p.boot() instanceof BootSpec.Order) {
            // The list is the whole order, as libvirt's strict=on: no falling through to unlisted devices.
            add(a, "-boot", "strict=on");
        }
        RootPorts ports = RootPorts.of(p);
        rootPorts(a, ports);
        BuiltInDrivePorts builtIn = new BuiltInDrivePorts(p.pcie());
        disks(a, p, ctx, ports, builtIn);
        seed(a, p, ctx, ports);
        cdroms(a, p, builtIn);
        NicArgs.add(a, p, ctx, ports);
        AgentArgs.add(a, p, ctx, inherited, ports);
        TpmArgs.add(a, p, ctx);
        if (p.balloon()) {
            json(
                    a,
                    "-device",
                    JSON.createObjectNode().put("driver", "virtio-balloon-pci").put("id", "kvmctl-balloon0"));
        }
        ctx.incoming().or(p::incoming).ifPresent(uri -> add(a, "-incoming", uri));
        if (ctx.startPaused()) {
            a.add("-S");
        }
        // After everything kvmctl adds, since whether QEMU changes its user (-runas) decides the set.
        a.addAll(Sandbox.forStart(p.sandbox(), Sandbox.qemuChangesUser(a)).argv());
        // Last, so an option missing its value cannot take one of kvmctl's arguments as its own.
        a.addAll(p.extraArgs());
        return List.copyOf(a);
    }

    private static void display(List<String> a, DisplaySpec display) {
        switch (display) {
            case DisplaySpec.None() -> add(a, "-display", "none");
            case DisplaySpec.Vnc(var listen, var number, var password) -> {
                String host = listen.contains(":") ? "[" + listen + "]" : listen;
                QemuOpts vnc = new QemuOpts(host + ":" + number.orElse(0));
                if (number.isEmpty()) {
                    vnc.add("to", Integer.toString(DisplaySpec.Vnc.AUTO_LAST_DISPLAY));
                }
                if (password) {
                    vnc.add("password", "on");
                }
                add(a, "-vnc", vnc);
                // -nodefaults removed the VGA card; a VNC screen needs one.
                json(a, "-device", JSON.createObjectNode().put("driver", "VGA").put("id", "kvmctl-video0"));
            }
        }
    }

    private static void actions(List<String> a, GuestActions actions) {
        if (actions.isDefault()) {
            return;
        }
        QemuOpts opts = new QemuOpts();
        actions.onPoweroff().ifPresent(v -> opts.add("shutdown", lowerDashed(v)));
        actions.onReboot().ifPresent(v -> opts.add("reboot", lowerDashed(v)));
        actions.onCrash().ifPresent(v -> opts.add("panic", lowerDashed(v)));
        add(a, "-action", opts);
        if (actions.onCrash().isPresent()) {
            // The guest reports a panic to QEMU only through a pvpanic device.
            json(a, "-device", JSON.createObjectNode().put("driver", "pvpanic").put("id", "kvmctl-pvpanic0"));
        }
    }

    /** The q35 root ports, profile devices' first, then the empty hot-plug slots (see {@link RootPorts}). */
    private static void rootPorts(List<String> a, RootPorts ports) {
        for (RootPorts.Port port : ports.ports()) {
            ObjectNode dev = JSON.createObjectNode()
                    .put("driver", "pcie-root-port")
                    .put("id", port.id())
                    .put("chassis", port.chassis())
                    .put("port", port.portNumber())
                    .put("bus", "pcie.0")
                    .put("addr", port.addr());
            if (port.multifunction()) {
                dev.put("multifunction", true);
            }
            json(a, "-device", dev);
        }
    }

    /** The CD-ROM drives on the machine's own controller (q35: AHCI, pc: IDE), after the {@code bus: ide} disks. */
    private static void cdroms(List<String> a, Profile p, BuiltInDrivePorts builtIn) {
        for (int i = 0; i < p.cdroms().size(); i++) {
            CdromSpec cd = p.cdroms().get(i);
            ObjectNode file = JSON.createObjectNode()
                    .put("driver", "file")
                    .put("filename", cd.file().toString())
                    .put("read-only", true);
            ObjectNode node = JSON.createObjectNode()
                    .put("driver", "raw")
                    .put("node-name", cd.id())
                    .put("read-only", true);
            node.set("file", file);
            json(a, "-blockdev", node);
            ObjectNode dev = JSON.createObjectNode().put("driver", "ide-cd");
            builtIn.place(dev);
            dev.put("id", cd.id()).put("drive", cd.id());
            bootIndex(dev, p.boot(), cd.id(), i == 0 && p.boot() instanceof BootSpec.Cdrom);
            json(a, "-device", dev);
        }
    }

    /**
     * A device's {@code bootindex}: its place in a {@code boot:} list, or 0 for the one device the old single-word
     * forms ({@code boot: disk|cdrom|network}) name.
     */
    static void bootIndex(ObjectNode dev, BootSpec boot, String id, boolean namedByWord) {
        if (boot instanceof BootSpec.Order order) {
            order.bootIndex(id).ifPresent(i -> dev.put("bootindex", i));
        } else if (namedByWord) {
            dev.put("bootindex", 0);
        }
    }

    private static void disks(
            List<String> a, Profile p, LaunchContext ctx, RootPorts ports, BuiltInDrivePorts builtIn) {
        if (p.disks().stream().anyMatch(d -> d.bus() == DiskSpec.Bus.VIRTIO_SCSI)) {
            ObjectNode scsi =
                    JSON.createObjectNode().put("driver", "virtio-scsi-pci").put("id", SCSI_CONTROLLER);
            ports.portOf(SCSI_CONTROLLER).ifPresent(port -> scsi.put("bus", port));
            json(a, "-device", scsi);
        }
        if (p.disks().stream().anyMatch(d -> d.bus() == DiskSpec.Bus.SATA)) {
            json(a, "-device", JSON.createObjectNode().put("driver", "ahci").put("id", AHCI_CONTROLLER));
        }
        int sataPort = 0;
        for (int i = 0; i < p.disks().size(); i++) {
            DiskSpec d = p.disks().get(i);
            if (d.snapshot()) {
                snapshotDrive(a, d);
            } else if (d.overlay()) {
                json(a, "-blockdev", overlayBlockdev(d, ctx.runtimeDir()));
            } else {
                json(a, "-blockdev", blockdev(d));
            }
            ObjectNode dev = JSON.createObjectNode();
            switch (d.bus()) {
                case VIRTIO_BLK -> {
                    dev.put("driver", "virtio-blk-pci");
                    ports.portOf(d.id()).ifPresent(port -> dev.put("bus", port));
                }
                case VIRTIO_SCSI -> dev.put("driver", "scsi-hd").put("bus", SCSI_CONTROLLER + ".0");
                case SATA -> dev.put("driver", "ide-hd").put("bus", AHCI_CONTROLLER + "." + sataPort++);
                case IDE -> {
                    dev.put("driver", "ide-hd");
                    builtIn.place(dev);
                }
            }
            dev.put("id", d.id())
                    .put("drive", d.id())
                    .put("write-cache", d.cache().writeCache() ? "on" : "off");
            bootIndex(dev, p.boot(), d.id(), i == 0 && p.boot() instanceof BootSpec.Disk);
            json(a, "-device", dev);
        }
    }

    /**
     * The NoCloud seed as a read-only raw virtio disk: cloud images' kernels (Debian's cloud kernel) have virtio but
     * often no AHCI or IDE driver, and cloud-init finds the seed by its volume label, not by its bus.
     */
    private static void seed(List<String> a, Profile p, LaunchContext ctx, RootPorts ports) {
        if (p.cloudInit().isEmpty()) {
            return;
        }
        ObjectNode file = JSON.createObjectNode()
                .put("driver", "file")
                .put("filename", ctx.runtimeDir().resolve(SEED_FILE).toString())
                .put("read-only", true);
        ObjectNode node = JSON.createObjectNode()
                .put("driver", "raw")
                .put("node-name", SEED_ID)
                .put("read-only", true);
        node.set("file", file);
        json(a, "-blockdev", node);
        ObjectNode dev = JSON.createObjectNode().put("driver", "virtio-blk-pci");
        ports.portOf(SEED_ID).ifPresent(port -> dev.put("bus", port));
        dev.put("id", SEED_ID).put("drive", SEED_ID);
        json(a, "-device", dev);
    }

    /** The format node on top of an inline protocol node; QEMU names the inner node itself. */
    static ObjectNode blockdev(DiskSpec d) {
        ObjectNode file = JSON.createObjectNode()
                .put("driver", "file")
                .put("filename", d.file().toString())
                .put("aio", d.aio().qemuName());
        file.set("cache", cache(d.cache()));
        file.put("read-only", d.readOnly());
        ObjectNode node = JSON.createObjectNode()
                .put("driver", d.format().qemuName())
                .put("node-name", d.id())
                .put("read-only", d.readOnly())
                .put("discard", d.discard() ? "unmap" : "ignore");
        node.set("cache", cache(d.cache()));
        node.set("file", file);
        return node;
    }

    /**
     * The qcow2 overlay the launcher created in the runtime directory; QEMU opens its backing image (the profile's
     * file) read-only from the overlay's header, so the base is never written.
     */
    static ObjectNode overlayBlockdev(DiskSpec d, java.nio.file.Path runtimeDir) {
        ObjectNode file = JSON.createObjectNode()
                .put("driver", "file")
                .put("filename", d.overlayIn(runtimeDir).toString())
                .put("aio", d.aio().qemuName());
        file.set("cache", cache(d.cache()));
        ObjectNode node = JSON.createObjectNode()
                .put("driver", "qcow2")
                .put("node-name", d.id())
                .put("discard", d.discard() ? "unmap" : "ignore");
        node.set("cache", cache(d.cache()));
        node.set("file", file);
        return node;
    }

    private static ObjectNode cache(DiskSpec.Cache c) {
        return JSON.createObjectNode().put("direct", c.direct()).put("no-flush", c.noFlush());
    }

    /**
     * -blockdev has no throw-away overlay, -drive does ({@code snapshot=on}, a temporary qcow2 QEMU deletes). The
     * protocol is named ({@code file.driver=file}) so QEMU never reads a "proto:" prefix out of the file name.
     */
    private static void snapshotDrive(List<String> a, DiskSpec d) {
        add(
                a,
                "-drive",
                new QemuOpts()
                        .add("if", "none")
                        .add("id", d.id())
                        .add("format", d.format().qemuName())
                        .add("file.driver", "file")
                        .add("file.filename", d.file().toString())
                        .add("file.aio", d.aio().qemuName())
                        .add("cache.direct", onOff(d.cache().direct()))
                        .add("cache.no-flush", onOff(d.cache().noFlush()))
                        .add("read-only", onOff(d.readOnly()))
                        .add("discard", d.discard() ? "unmap" : "ignore")
                        .add("snapshot", "on"));
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }

    static void add(List<String> a, String option, QemuOpts value) {
        add(a, option, value.toString());
    }

    /** An option and its value, which QEMU takes whole: one argv element, no escaping. */
    private static void add(List<String> a, String option, String value) {
        a.add(option);
        a.add(value);
    }

    static void json(List<String> a, String option, ObjectNode value) {
        a.add(option);
        a.add(JSON.writeValueAsString(value));
    }

    /** A QMP monitor on a listening socket chardev, given by {@code path} or an inherited {@code fd}. */
    private static void monitor(List<String> a, String id, String key, String value) {
        add(
                a,
                "-chardev",
                new QemuOpts("socket")
                        .add("id", id)
                        .add(key, value)
                        .add("server", "on")
                        .add("wait", "off"));
        add(a, "-mon", new QemuOpts().add("chardev", id).add("mode", "control"));
    }

    /** The argv as one POSIX shell line that can be pasted back into a shell. */
    public static String shellQuoted(List<String> argv) {
        StringJoiner line = new StringJoiner(" ");
        for (String arg : argv) {
            line.add(shellQuote(arg));
        }
        return line.toString();
    }

    static String shellQuote(String arg) {
        if (!arg.isEmpty() && arg.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** QEMU spells enum values in lower case with dashes ({@code on_poweroff: shut_down} -> {@code shutdown}). */
    private static String lowerDashed(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
