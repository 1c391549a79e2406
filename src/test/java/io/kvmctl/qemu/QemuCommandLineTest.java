package io.kvmctl.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.profile.DiskSpec;
import io.kvmctl.profile.MacAddress;
import io.kvmctl.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QemuCommandLineTest {
    private static List<String> argv(String yaml) {
        return QemuCommandLine.build(Profiles.parse(yaml), Profiles.CTX);
    }

    /**
     * The values that follow each occurrence of {@code option}, leaving out the hot-plug root ports (q35's default,
     * checked by their own tests) so device lists show only what the test is about.
     */
    private static List<String> values(List<String> argv, String option) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < argv.size() - 1; i++) {
            if (argv.get(i).equals(option) && !argv.get(i + 1).contains("\"pcie-root-port\"")) {
                out.add(argv.get(i + 1));
            }
        }
        return out;
    }

    @Test
    void minimalProfileGivesTheGoldenArgv() {
        assertEquals(
                List.of(
                        "/usr/bin/qemu",
                        "-name",
                        "guest=vm,process=kvmctl-vm,debug-threads=on",
                        "-msg",
                        "timestamp=on",
                        "-nodefaults",
                        "-no-user-config",
                        "-chardev",
                        "socket,id=kvmctl-qmp,path=/run/kvmctl/vm/qmp.sock,server=on,wait=off",
                        "-mon",
                        "chardev=kvmctl-qmp,mode=control",
                        "-chardev",
                        "socket,id=kvmctl-serial0,path=/run/kvmctl/vm/serial.sock,server=on,wait=off,"
                                + "logfile=/run/kvmctl/vm/serial.log,logappend=on",
                        "-serial",
                        "chardev:kvmctl-serial0",
                        "-display",
                        "none",
                        "-accel",
                        "kvm",
                        "-accel",
                        "tcg",
                        "-machine",
                        "type=q35,dump-guest-core=off",
                        "-smp",
                        "1",
                        "-m",
                        "256M",
                        "-device",
                        "{\"driver\":\"pcie-root-port\",\"id\":\"kvmctl-hp0\",\"chassis\":1,\"port\":16,"
                                + "\"bus\":\"pcie.0\",\"addr\":\"0x2\",\"multifunction\":true}",
                        "-device",
                        "{\"driver\":\"pcie-root-port\",\"id\":\"kvmctl-hp1\",\"chassis\":2,\"port\":17,"
                                + "\"bus\":\"pcie.0\",\"addr\":\"0x2.0x1\"}",
                        "-device",
                        "{\"driver\":\"pcie-root-port\",\"id\":\"kvmctl-hp2\",\"chassis\":3,\"port\":18,"
                                + "\"bus\":\"pcie.0\",\"addr\":\"0x2.0x2\"}",
                        "-device",
                        "{\"driver\":\"pcie-root-port\",\"id\":\"kvmctl-hp3\",\"chassis\":4,\"port\":19,"
                                + "\"bus\":\"pcie.0\",\"addr\":\"0x2.0x3\"}",
                        "-sandbox",
                        "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny"),
                argv("name: vm\n"));
    }

    @Test
    void pidFileComesRightAfterTheBinary() {
        List<String> a = QemuCommandLine.build(
                Profiles.parse("name: vm\n"),
                withPidFile(Profiles.CTX, java.nio.file.Path.of("/run/kvm,ctl/vm/qemu.pid")));
        List<String> without = argv("name: vm\n");
        List<String> expected = new ArrayList<>(without);
        // Taken whole by QEMU: a comma in the path stays as it is.
        expected.addAll(1, List.of("-pidfile", "/run/kvm,ctl/vm/qemu.pid"));
        assertEquals(expected, a);
        assertEquals(
                List.of(
                        "/usr/bin/qemu",
                        "-pidfile",
                        "/run/kvm,ctl/vm/qemu.pid",
                        "-name",
                        "guest=vm,process=kvmctl-vm,debug-threads=on"),
                a.subList(0, 5));
        assertFalse(without.contains("-pidfile"), "no pid file unless the context names one");
    }

    @Test
    void pidFileInExtraArgsIsStillRefused() {
        // A second -pidfile would move the file kvmctl reads QEMU's pid from.
        String message =
                Profiles.problems("extra_args: [-pidfile, /tmp/x.pid]\n").getMessage();
        assertTrue(
                message.contains("extra_args[0]: -pidfile conflicts with what kvmctl controls; kvmctl supervises"),
                message);
    }

    @Test
    void accelAndCpuModelAreEmittedAsGiven() {
        List<String> kvm = argv("accel: kvm\n");
        assertEquals(List.of("kvm"), values(kvm, "-accel"));
        assertEquals(List.of(), values(kvm, "-cpu"), "no -cpu: QEMU's default model works everywhere");
        List<String> tcg = argv("accel: tcg\ncpu: qemu64\nsmp: 2\nmemory: 1GiB\nmachine: pc\n");
        assertEquals(List.of("tcg"), values(tcg, "-accel"));
        assertEquals(List.of("qemu64"), values(tcg, "-cpu"));
        assertEquals(List.of("2"), values(tcg, "-smp"));
        assertEquals(List.of("1024M"), values(tcg, "-m"));
        assertEquals(List.of("type=pc,dump-guest-core=off"), values(tcg, "-machine"));
    }

    @Test
    void virtioDiskBecomesJsonBlockdevAndBootableDevice() {
        List<String> a = argv("""
                boot: disk
                disks:
                  - file: img/root.qcow2
                    cache: none
                    aio: native
                    discard: true
                """);
        assertEquals(
                List.of("{\"driver\":\"qcow2\",\"node-name\":\"disk0\",\"read-only\":false,\"discard\":\"unmap\","
                        + "\"cache\":{\"direct\":true,\"no-flush\":false},\"file\":{\"driver\":\"file\","
                        + "\"filename\":\"/p/img/root.qcow2\",\"aio\":\"native\",\"cache\":{\"direct\":true,"
                        + "\"no-flush\":false},\"read-only\":false}}"),
                values(a, "-blockdev"));
        assertEquals(
                List.of(
                        "{\"driver\":\"virtio-blk-pci\",\"bus\":\"kvmctl-rp-disk0\",\"id\":\"disk0\",\"drive\":\"disk0\","
                                + "\"write-cache\":\"on\",\"bootindex\":0}"),
                values(a, "-device"));
    }

    @Test
    void eachBusGetsItsDeviceAndControllerOnce() {
        List<String> devices = values(argv("""
                disks:
                  - {file: a.img, bus: virtio-scsi, cache: writethrough}
                  - {file: b.img, bus: virtio-scsi, readonly: true}
                  - {file: c.img, bus: sata}
                  - {file: d.img, bus: sata}
                  - {file: e.img, bus: ide, id: legacy}
                """), "-device");
        assertEquals(
                List.of(
                        "{\"driver\":\"virtio-scsi-pci\",\"id\":\"kvmctl-scsi0\",\"bus\":\"kvmctl-rp-scsi0\"}",
                        "{\"driver\":\"ahci\",\"id\":\"kvmctl-ahci0\"}",
                        "{\"driver\":\"scsi-hd\",\"bus\":\"kvmctl-scsi0.0\",\"id\":\"disk0\",\"drive\":\"disk0\","
                                + "\"write-cache\":\"off\"}",
                        "{\"driver\":\"scsi-hd\",\"bus\":\"kvmctl-scsi0.0\",\"id\":\"disk1\",\"drive\":\"disk1\","
                                + "\"write-cache\":\"on\"}",
                        "{\"driver\":\"ide-hd\",\"bus\":\"kvmctl-ahci0.0\",\"id\":\"disk2\",\"drive\":\"disk2\","
                                + "\"write-cache\":\"on\"}",
                        "{\"driver\":\"ide-hd\",\"bus\":\"kvmctl-ahci0.1\",\"id\":\"disk3\",\"drive\":\"disk3\","
                                + "\"write-cache\":\"on\"}",
                        "{\"driver\":\"ide-hd\",\"bus\":\"ide.0\",\"id\":\"legacy\",\"drive\":\"legacy\",\"write-cache\":\"on\"}"),
                devices);
    }

    @Test
    void formatComesFromTheExtensionUnlessGiven() {
        List<String> blockdevs = values(
                argv("disks:\n  - file: a.qcow2\n  - file: b.bin\n  - {file: c.img," + " format: vmdk}\n"),
                "-blockdev");
        assertTrue(blockdevs.get(0).startsWith("{\"driver\":\"qcow2\""), blockdevs.get(0));
        assertTrue(blockdevs.get(1).startsWith("{\"driver\":\"raw\""), blockdevs.get(1));
        assertTrue(blockdevs.get(2).startsWith("{\"driver\":\"vmdk\""), blockdevs.get(2));
    }

    @Test
    void snapshotDiskUsesDriveWithNamedProtocolAndDoubledCommas() {
        List<String> a = argv("disks:\n  - {file: 'a,b=c.raw', snapshot: true, cache: unsafe}\n");
        assertEquals(
                List.of(
                        "if=none,id=disk0,format=raw,file.driver=file,file.filename=/p/a,,b=c.raw,"
                                + "file.aio=threads,cache.direct=off,cache.no-flush=on,read-only=off,discard=ignore,snapshot=on"),
                values(a, "-drive"));
        assertEquals(List.of(), values(a, "-blockdev"));
    }

    @Test
    void cdromIsReadOnlyIdeCdAndCanBoot() {
        List<String> a = argv("cdrom: install.iso\nboot: cdrom\n");
        assertEquals(
                List.of("{\"driver\":\"raw\",\"node-name\":\"cdrom\",\"read-only\":true,\"file\":{\"driver\":"
                        + "\"file\",\"filename\":\"/p/install.iso\",\"read-only\":true}}"),
                values(a, "-blockdev"));
        assertEquals(
                List.of(
                        "{\"driver\":\"ide-cd\",\"bus\":\"ide.0\",\"id\":\"cdrom\",\"drive\":\"cdrom\",\"bootindex\":0}"),
                values(a, "-device"));
    }

    @Test
    void kernelBootPassesKernelInitrdAndAppendWhole() {
        List<String> a =
                argv("boot:\n  kernel: k/vmlinuz\n  initrd: k/initrd.gz\n  append: console=ttyS0,115200" + " quiet\n");
        assertEquals(List.of("/p/k/vmlinuz"), values(a, "-kernel"));
        assertEquals(List.of("/p/k/initrd.gz"), values(a, "-initrd"));
        assertEquals(List.of("console=ttyS0,115200 quiet"), values(a, "-append"));
    }

    @Test
    void userNicWithForwardsAndDerivedMac() {
        List<String> a = argv("""
                name: web
                boot: network
                nics:
                  - user:
                      hostfwd:
                        - {host_port: 8080, guest_port: 80}
                        - {protocol: udp, host_address: 0.0.0.0, host_port: 5353, guest_address: 10.0.2.15,
                           guest_port: 53}
                  - {model: e1000, mac: 52:54:00:AB:CD:EF}
                """);
        assertEquals(
                List.of(
                        "{\"type\":\"user\",\"id\":\"net0\",\"hostfwd\":[{\"str\":\"tcp:127.0.0.1:8080-:80\"},"
                                + "{\"str\":\"udp:0.0.0.0:5353-10.0.2.15:53\"}]}",
                        "{\"type\":\"user\",\"id\":\"net1\"}"),
                values(a, "-netdev"));
        assertEquals(
                List.of(
                        "{\"driver\":\"virtio-net-pci\",\"id\":\"net0\",\"netdev\":\"net0\",\"mac\":\""
                                + MacAddress.derive("web", 0) + "\",\"bus\":\"kvmctl-rp-net0\",\"bootindex\":0}",
                        "{\"driver\":\"e1000\",\"id\":\"net1\","
                                + "\"netdev\":\"net1\",\"mac\":\"52:54:00:ab:cd:ef\",\"bus\":\"kvmctl-rp-net1\"}"),
                values(a, "-device"));
    }

    @Test
    void tapAndBridgeUseLauncherFdsWhenGiven() {
        Profile p = Profiles.parse("nics:\n  - {id: lan, tap: {ifname: tap7}}\n  - {id: br, bridge: {name: br0}}\n"
                + "  - {id: own, model: rtl8139, tap: {}}\n");
        assertEquals(
                List.of(
                        "{\"type\":\"tap\",\"id\":\"lan\",\"ifname\":\"tap7\",\"script\":\"no\","
                                + "\"downscript\":\"no\"}",
                        "{\"type\":\"bridge\",\"id\":\"br\",\"br\":\"br0\"}",
                        "{\"type\":\"tap\",\"id\":\"own\",\"script\":\"no\",\"downscript\":\"no\"}"),
                values(QemuCommandLine.build(p, Profiles.CTX), "-netdev"));
        List<String> withFds =
                values(QemuCommandLine.build(p, Profiles.CTX.withNicFds(Map.of("lan", 7, "br", 8))), "-netdev");
        assertEquals(
                List.of(
                        "{\"type\":\"tap\",\"id\":\"lan\",\"fd\":\"7\"}",
                        "{\"type\":\"tap\",\"id\":\"br\",\"fd\":\"8\"}"),
                withFds.subList(0, 2));
    }

    @Test
    void vncListensOnLoopbackWithPasswordAndAddsVga() {
        List<String> auto = argv("display: vnc\n");
        assertEquals(List.of("127.0.0.1:0,to=99,password=on"), values(auto, "-vnc"));
        assertEquals(List.of("{\"driver\":\"VGA\",\"id\":\"kvmctl-video0\"}"), values(auto, "-device"));
        assertFalse(auto.contains("-display"));
        assertEquals(List.of("[::1]:5"), values(argv("display: {vnc: 5, listen: '::1', password: false}\n"), "-vnc"));
    }

    @Test
    void guestActionsBecomeActionAndCrashAddsPvpanic() {
        List<String> a = argv("on_poweroff: pause\non_reboot: shutdown\non_crash: exit-failure\n");
        assertEquals(List.of("shutdown=pause,reboot=shutdown,panic=exit-failure"), values(a, "-action"));
        assertEquals(List.of("{\"driver\":\"pvpanic\",\"id\":\"kvmctl-pvpanic0\"}"), values(a, "-device"));
        assertEquals(List.of("reboot=reset"), values(argv("on_reboot: reset\n"), "-action"));
    }

    @Test
    void uuidBalloonIncomingPausedAndExtraArgsInOrder() {
        Profile p = Profiles.parse("""
                uuid: 6B29FC40-CA47-1067-B31D-00DD010662DA
                balloon: true
                incoming: defer
                extra_args: [-device, '{"driver":"virtio-rng-pci"}']
                """);
        List<String> a = QemuCommandLine.build(p, Profiles.CTX.withStartPaused(true));
        assertEquals(List.of("6b29fc40-ca47-1067-b31d-00dd010662da"), values(a, "-uuid"));
        assertEquals(
                List.of(
                        "-device",
                        "{\"driver\":\"virtio-balloon-pci\",\"id\":\"kvmctl-balloon0\"}",
                        "-incoming",
                        "defer",
                        "-S",
                        "-sandbox",
                        "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny",
                        "-device",
                        "{\"driver\":\"virtio-rng-pci\"}"),
                a.subList(a.size() - 9, a.size()));
        List<String> overridden = QemuCommandLine.build(p, Profiles.CTX.withIncoming(Optional.of("tcp:0:4444")));
        assertEquals(List.of("tcp:0:4444"), values(overridden, "-incoming"));
    }

    @Test
    void serialLogFromProfileReplacesTheDefault() {
        Profile p = Profiles.parse("serial: {log: logs/console.txt}\n");
        LaunchContext ctx = Profiles.contextIn(p, "/run/kvmctl/vm");
        List<String> a = QemuCommandLine.build(p, ctx);
        assertEquals("/usr/bin/qemu-system-x86_64", a.getFirst());
        assertEquals(
                "socket,id=kvmctl-serial0,path=/run/kvmctl/vm/serial.sock,server=on,wait=off,"
                        + "logfile=/p/logs/console.txt,logappend=on",
                values(a, "-chardev").get(1));
    }

    @Test
    void escapesCommaInRuntimePaths() {
        LaunchContext ctx = new LaunchContext(
                Profiles.CTX.qemuBinary(),
                java.nio.file.Path.of("/r,x"),
                java.nio.file.Path.of("/r,x/qmp.sock"),
                java.nio.file.Path.of("/r,x/s.sock"),
                java.nio.file.Path.of("/r,x/s.log"),
                Map.of(),
                Optional.empty(),
                false);
        List<String> a = QemuCommandLine.build(Profiles.parse("{}\n"), ctx);
        assertEquals(
                "socket,id=kvmctl-qmp,path=/r,,x/qmp.sock,server=on,wait=off",
                values(a, "-chardev").get(0));
    }

    @Test
    void diskPathWithCommaSpaceEqualsAndQuotesStaysOneJsonString() {
        String path = "/p/we,ird dir/a=b \"q\" 'x'.img";
        List<String> blockdevs =
                values(argv("disks:\n  - file: '" + "we,ird dir/a=b \"q\" ''x''.img" + "'\n"), "-blockdev");
        assertTrue(
                blockdevs.getFirst().contains("\"filename\":\"" + path.replace("\"", "\\\"") + "\""),
                blockdevs.getFirst());
    }

    @Test
    void injectionThroughValuesCannotAddKeysOrOptions() {
        List<String> a = argv("""
                disks:
                  - file: 'x,file=/etc/passwd'
                  - {file: 'y",\"driver\":\"nbd', snapshot: true}
                boot:
                  kernel: vmlinuz
                  append: 'foo -incoming tcp:0:4444'
                serial: {log: 'l,logappend=off'}
                """);
        assertTrue(values(a, "-blockdev").getFirst().contains("\"filename\":\"/p/x,file=/etc/passwd\""));
        assertEquals(1, values(a, "-blockdev").size());
        assertTrue(
                values(a, "-drive").getFirst().contains("file.filename=/p/y\",,\"driver\":\"nbd,file.aio="),
                values(a, "-drive").getFirst());
        assertEquals(List.of("foo -incoming tcp:0:4444"), values(a, "-append"));
        assertFalse(a.contains("-incoming"));
        Profile p = Profiles.parse("serial: {log: 'l,logappend=off'}\n");
        List<String> serial = values(QemuCommandLine.build(p, Profiles.contextIn(p, "/run/vm")), "-chardev");
        assertTrue(serial.get(1).endsWith("logfile=/p/l,,logappend=off,logappend=on"), serial.get(1));
    }

    @Test
    void shellQuotingRoundTripsThroughSh() {
        assertEquals(
                "/usr/bin/qemu -name 'a b' '{\"x\":1}' 'it'\\''s' ''",
                QemuCommandLine.shellQuoted(List.of("/usr/bin/qemu", "-name", "a b", "{\"x\":1}", "it's", "")));
    }

    @Test
    void q35GetsDefaultHotplugRootPortsAndPcGetsNone() {
        List<String> q35 = argv("hotplug_slots: 2\n");
        assertEquals(
                2, q35.stream().filter(v -> v.contains("\"pcie-root-port\"")).count());
        assertEquals(Profile.DEFAULT_HOTPLUG_SLOTS, Profiles.parse("name: vm\n").hotplugSlots());
        assertEquals(0, Profiles.parse("machine: pc\n").hotplugSlots());
        assertTrue(argv("machine: pc\n").stream().noneMatch(v -> v.contains("pcie-root-port")));
        assertEquals(0, Profiles.parse("hotplug_slots: 0\n").hotplugSlots());
    }

    @Test
    void hotplugSlotsOnANonPcieMachineOrOutOfRangeAreRefused() {
        assertTrue(Profiles.problems("machine: pc\nhotplug_slots: 2\n")
                .getMessage()
                .contains("hotplug_slots: machine pc is not PCI Express"));
        assertTrue(Profiles.problems("hotplug_slots: 33\n").getMessage().contains("hotplug_slots"));
    }

    @Test
    void overlayDiskRunsOnAQcow2InTheRuntimeDirectory() {
        Profile p = Profiles.parse("disks:\n  - {id: root, file: base.raw, overlay: true}\n");
        List<String> a = QemuCommandLine.build(p, Profiles.contextIn(p, "/run/kvmctl/vm"));
        assertEquals(
                List.of("{\"driver\":\"qcow2\",\"node-name\":\"root\",\"discard\":\"ignore\","
                        + "\"cache\":{\"direct\":false,\"no-flush\":false},\"file\":{\"driver\":\"file\","
                        + "\"filename\":\"/run/kvmctl/vm/overlay-root.qcow2\",\"aio\":\"threads\",\"cache\":"
                        + "{\"direct\":false,\"no-flush\":false}}}"),
                values(a, "-blockdev"));
        assertTrue(p.disks().getFirst().overlay());
        assertEquals(DiskSpec.Format.RAW, p.disks().getFirst().format(), "the base keeps its own format");
    }

    @Test
    void overlayWithSnapshotOrReadonlyIsRefused() {
        assertTrue(Profiles.problems("disks:\n  - {file: a.qcow2, overlay: true, snapshot: true}\n")
                .getMessage()
                .contains("disks[0].overlay: overlay and snapshot both keep writes off the image"));
        assertTrue(Profiles.problems("disks:\n  - {file: a.qcow2, overlay: true, readonly: true}\n")
                .getMessage()
                .contains("a read-only disk needs no overlay"));
    }

    private static LaunchContext withPidFile(LaunchContext c, java.nio.file.Path pidFile) {
        return new LaunchContext(
                c.qemuBinary(),
                c.runtimeDir(),
                c.qmpSocket(),
                c.serialSocket(),
                c.serialLog(),
                c.nicFds(),
                c.incoming(),
                c.startPaused(),
                c.vhostNet(),
                java.util.Optional.of(pidFile));
    }
}
