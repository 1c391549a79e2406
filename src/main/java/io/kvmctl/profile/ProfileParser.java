package io.kvmctl.profile;

import java.net.InetAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Turns a parsed YAML tree into a {@link Profile}, collecting every problem. Pure: the host's CPU count and the
 * file-existence check come from the caller.
 */
final class ProfileParser {
    static final Pattern VM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** QEMU ids start with a letter; 31 characters is the limit of a block node name. */
    static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,30}");

    static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Linux interface names: at most 15 bytes (IFNAMSIZ - 1). */
    static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,14}");

    static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final int MAX_SATA_DISKS = 6;
    /** Root ports take a chassis number each and a PCI function on the root bus; 32 is plenty and fits. */
    static final int MAX_HOTPLUG_SLOTS = 32;

    private final Path file;
    private final Path dir;
    private final int hostCpus;
    private final Predicate<Path> exists;
    private final Problems problems;

    ProfileParser(Path file, int hostCpus, Predicate<Path> exists) {
        this.file = file;
        this.dir = file.toAbsolutePath().getParent();
        this.hostCpus = hostCpus;
        this.exists = exists;
        this.problems = new Problems(file);
    }

    List<Problem> problems() {
        return problems.all();
    }

    /** The profile, or empty when there were errors (see {@link #problems()}). */
    Optional<Profile> parse(JsonNode root, Optional<String> nameOverride) {
        Optional<YamlObject> top = YamlObject.open(root, "", problems, ProfileKeys.TOP);
        if (top.isEmpty()) {
            return Optional.empty();
        }
        YamlObject t = top.get();
        String name = name(t, nameOverride);
        Accel accel = t.choice("accel", Accel.class, Accel::yamlName).orElse(Accel.AUTO);
        String machine = modelName(t, "machine").orElse("q35");
        Optional<String> cpu = modelName(t, "cpu");
        int smp = t.integer("smp", 1, 255).orElse(1);
        if (smp > hostCpus) {
            problems.warning(
                    "smp",
                    smp + " vCPUs but this host has " + hostCpus + " CPUs, so they compete for" + " time",
                    "use smp: " + hostCpus + " or less");
        }
        Size memory = memory(t);
        List<DiskSpec> disks = disks(t);
        Optional<Path> cdrom = t.string("cdrom").flatMap(s -> path("cdrom", s, true));
        List<NicSpec> nics = nics(t);
        BootSpec boot = boot(t, disks, cdrom, nics);
        DisplaySpec display = display(t);
        Optional<Path> serialLog = t.node("serial")
                .flatMap(n -> YamlObject.open(n, "serial", problems, ProfileKeys.SERIAL))
                .flatMap(s -> s.string("log").flatMap(v -> path("serial.log", v, false)));
        Optional<String> incoming = t.string("incoming").flatMap(this::incoming);
        Optional<UUID> uuid = t.string("uuid").flatMap(s -> {
            if (!UUID_TEXT.matcher(s).matches()) {
                problems.error(
                        "uuid",
                        "'" + s + "' is not a UUID",
                        "write 8-4-4-4-12 hex digits, e.g. the output" + " of uuidgen, or remove it");
                return Optional.empty();
            }
            return Optional.of(UUID.fromString(s));
        });
        GuestActions actions = new GuestActions(
                t.choice("on_poweroff", GuestActions.OnPoweroff.class, YamlObject::lowerDashed),
                t.choice("on_reboot", GuestActions.OnReboot.class, YamlObject::lowerDashed),
                t.choice("on_crash", GuestActions.OnCrash.class, YamlObject::lowerDashed));
        boolean balloon = t.bool("balloon").orElse(false);
        Optional<Path> qemu = t.string("qemu").flatMap(s -> path("qemu", s, true));
        List<String> extra = extraArgs(t);
        int hotplugSlots = hotplugSlots(t, machine);
        checkDuplicateIds(disks, cdrom, nics);
        if (problems.hasErrors()) {
            return Optional.empty();
        }
        return Optional.of(new Profile(
                file,
                name,
                accel,
                machine,
                cpu,
                smp,
                memory,
                boot,
                disks,
                cdrom,
                nics,
                display,
                serialLog,
                incoming,
                uuid,
                actions,
                balloon,
                qemu,
                extra,
                hotplugSlots));
    }

    /** Empty PCIe root ports for hot-plug: q35 only, where the root bus itself cannot take hot-plugged cards. */
    private int hotplugSlots(YamlObject t, String machine) {
        boolean pcie = machine.contains("q35");
        if (!t.has("hotplug_slots")) {
            return pcie ? Profile.DEFAULT_HOTPLUG_SLOTS : 0;
        }
        int n = t.integer("hotplug_slots", 0, MAX_HOTPLUG_SLOTS).orElse(0);
        if (n > 0 && !pcie) {
            problems.error(
                    "hotplug_slots",
                    "machine " + machine + " is not PCI Express, so it needs no root ports"
                            + " (its root bus takes hot-plugged cards)",
                    "remove hotplug_slots, or use machine: q35");
        }
        return n;
    }

    private String name(YamlObject t, Optional<String> override) {
        if (override.isPresent()) {
            String n = override.get();
            if (!VM_NAME.matcher(n).matches()) {
                problems.error("name (--name)", "'" + n + "' is not a valid VM name", nameRule());
            }
            return n;
        }
        Optional<String> given = t.string("name");
        if (given.isPresent()) {
            if (!VM_NAME.matcher(given.get()).matches()) {
                problems.error("name", "'" + given.get() + "' is not a valid VM name", nameRule());
            }
            return given.get();
        }
        String stem =
                file.getFileName() == null ? "" : file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        if (!VM_NAME.matcher(stem).matches()) {
            problems.error(
                    "name",
                    "missing, and the file name '" + stem + "' is not a valid VM name",
                    "add a name: line; " + nameRule());
        }
        return stem;
    }

    private static String nameRule() {
        return "use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
    }

    private Optional<String> modelName(YamlObject t, String key) {
        return t.string(key).filter(s -> {
            if (MODEL_NAME.matcher(s).matches()) {
                return true;
            }
            problems.error(
                    key,
                    "'" + s + "' is not a QEMU " + key + " model name",
                    "use a name from `qemu-system-x86_64 -" + key + " help` (letters, digits, '.', '_', '-'), e.g. "
                            + (key.equals("cpu") ? "host" : "q35"));
            return false;
        });
    }

    private Size memory(YamlObject t) {
        Optional<String> text = t.string("memory");
        if (text.isEmpty()) {
            return Size.ofMebibytes(256);
        }
        try {
            Size s = Size.parse(text.get());
            if (s.bytes() == 0 || !s.isWholeMebibytes()) {
                problems.error(
                        "memory",
                        "'" + text.get() + "' is not a whole number of MiB above zero",
                        "write e.g. 256M or 2G");
            }
            return s;
        } catch (IllegalArgumentException e) {
            problems.error("memory", e.getMessage(), "");
            return Size.ofMebibytes(256);
        }
    }

    /** Resolves {@code text} against the profile's folder; checks existence when {@code mustExist}. */
    private Optional<Path> path(String field, String text, boolean mustExist) {
        Path p;
        try {
            p = dir.resolve(text).normalize();
        } catch (InvalidPathException e) {
            problems.error(field, "'" + text + "' is not a valid path", "fix the path");
            return Optional.empty();
        }
        if (p.getFileName() == null) {
            // Every path field names a file; "/" (or "..", "/.." resolving to it) has no file name at all.
            problems.error(field, "'" + text + "' is the root folder, not a file", "give the path of a file");
            return Optional.empty();
        }
        if (mustExist && !exists.test(p)) {
            problems.error(
                    field,
                    "no such file: " + p,
                    (p.toString().contains("/test-images/out/")
                                    ? "build the test images (test-images/build) or fix the path"
                                    : "create it or fix the path")
                            + " (relative paths are resolved against the profile's folder " + dir + ")");
        }
        return Optional.of(p);
    }

    private List<JsonNode> list(YamlObject t, String key) {
        Optional<JsonNode> n = t.node(key);
        if (n.isEmpty()) {
            return List.of();
        }
        if (!n.get().isArray()) {
            problems.error(
                    t.field(key),
                    "expected a list, found " + YamlObject.describe(n.get()),
                    "write each item on a" + " line starting with '- '");
            return List.of();
        }
        List<JsonNode> items = new ArrayList<>();
        n.get().forEach(items::add);
        return items;
    }

    private List<DiskSpec> disks(YamlObject t) {
        List<DiskSpec> disks = new ArrayList<>();
        List<JsonNode> items = list(t, "disks");
        int sata = 0;
        for (int i = 0; i < items.size(); i++) {
            String at = "disks[" + i + "]";
            Optional<YamlObject> o = YamlObject.open(items.get(i), at, problems, ProfileKeys.DISK);
            if (o.isEmpty()) {
                continue;
            }
            YamlObject d = o.get();
            String id = id(d, "disk" + i);
            Optional<String> fileText = d.string("file");
            if (fileText.isEmpty() && !d.has("file")) {
                problems.error(d.field("file"), "missing", "give the image file, e.g. file: disk.qcow2");
            }
            Optional<Path> image = fileText.flatMap(s -> path(d.field("file"), s, true));
            DiskSpec.Format format = d.choice("format", DiskSpec.Format.class, DiskSpec.Format::qemuName)
                    .orElseGet(() -> formatFromName(image));
            DiskSpec.Bus bus =
                    d.choice("bus", DiskSpec.Bus.class, DiskSpec.Bus::yamlName).orElse(DiskSpec.Bus.VIRTIO_BLK);
            DiskSpec.Cache cache = d.choice("cache", DiskSpec.Cache.class, DiskSpec.Cache::qemuName)
                    .orElse(DiskSpec.Cache.WRITEBACK);
            DiskSpec.Aio aio =
                    d.choice("aio", DiskSpec.Aio.class, DiskSpec.Aio::qemuName).orElse(DiskSpec.Aio.THREADS);
            boolean readOnly = d.bool("readonly").orElse(false);
            boolean snapshot = d.bool("snapshot").orElse(false);
            boolean discard = d.bool("discard").orElse(false);
            boolean overlay = d.bool("overlay").orElse(false);
            if (overlay && snapshot) {
                problems.error(
                        d.field("overlay"),
                        "overlay and snapshot both keep writes off the image",
                        "keep one: overlay (kept until 'kvmctl down') or snapshot (QEMU's temporary file)");
            }
            if (overlay && readOnly) {
                problems.error(d.field("overlay"), "a read-only disk needs no overlay", "remove one of them");
            }
            if (aio == DiskSpec.Aio.NATIVE && !cache.direct()) {
                problems.error(
                        d.field("aio"),
                        "aio: native needs O_DIRECT, which cache: " + cache.qemuName() + " does not use",
                        "use cache: none (or directsync), or aio: threads");
            }
            boolean ideLike = bus == DiskSpec.Bus.IDE || bus == DiskSpec.Bus.SATA;
            if (readOnly && ideLike) {
                problems.error(
                        d.field("readonly"),
                        "QEMU's IDE/SATA disks cannot be read-only",
                        "use bus: virtio-blk or virtio-scsi, or a cdrom");
            }
            if (bus == DiskSpec.Bus.SATA && ++sata == MAX_SATA_DISKS + 1) {
                problems.error(
                        d.field("bus"),
                        "more than " + MAX_SATA_DISKS + " sata disks (one AHCI controller)",
                        "use bus: virtio-blk or virtio-scsi for the others");
            }
            disks.add(
                    new DiskSpec(id, image.orElse(dir), format, bus, cache, aio, readOnly, snapshot, discard, overlay));
        }
        return disks;
    }

    private static DiskSpec.Format formatFromName(Optional<Path> image) {
        String n = image.map(Path::getFileName)
                .map(f -> f.toString().toLowerCase(Locale.ROOT))
                .orElse("");
        for (DiskSpec.Format f : DiskSpec.Format.values()) {
            if (n.endsWith("." + f.qemuName())) {
                return f;
            }
        }
        return n.endsWith(".vhd") ? DiskSpec.Format.VPC : DiskSpec.Format.RAW;
    }

    private String id(YamlObject o, String fallback) {
        Optional<String> id = o.string("id");
        if (id.isEmpty()) {
            return fallback;
        }
        String s = id.get();
        if (!ID.matcher(s).matches()) {
            problems.error(
                    o.field("id"),
                    "'" + s + "' is not a valid id",
                    "use 1 to 31 letters, digits, '_' or" + " '-', starting with a letter");
        } else if (s.startsWith(ExtraArgs.RESERVED_ID_PREFIX)) {
            problems.error(
                    o.field("id"),
                    "ids starting with '" + ExtraArgs.RESERVED_ID_PREFIX + "' are kvmctl's own",
                    "choose another id");
        }
        return s;
    }

    private List<NicSpec> nics(YamlObject t) {
        List<NicSpec> nics = new ArrayList<>();
        List<JsonNode> items = list(t, "nics");
        Map<String, String> hostPorts = new HashMap<>();
        Map<String, String> ifnames = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String at = "nics[" + i + "]";
            Optional<YamlObject> o = YamlObject.open(items.get(i), at, problems, ProfileKeys.NIC);
            if (o.isEmpty()) {
                continue;
            }
            YamlObject n = o.get();
            String id = id(n, "net" + i);
            NicSpec.Model model = n.choice("model", NicSpec.Model.class, NicSpec.Model::yamlName)
                    .orElse(NicSpec.Model.VIRTIO_NET);
            Optional<MacAddress> mac = n.string("mac").flatMap(s -> {
                try {
                    return Optional.of(MacAddress.parse(s));
                } catch (IllegalArgumentException e) {
                    problems.error(n.field("mac"), e.getMessage(), "or remove mac: to derive one from the VM name");
                    return Optional.empty();
                }
            });
            List<String> backends =
                    ProfileKeys.NIC.subList(3, 6).stream().filter(n::has).toList();
            if (backends.size() > 1) {
                problems.error(
                        at, "has " + String.join(" and ", backends) + "; a NIC has one backend", "keep one of them");
            }
            NetBackend backend = new NetBackend.User(List.of());
            if (n.has("tap")) {
                backend = YamlObject.open(n.node("tap").get(), n.field("tap"), problems, ProfileKeys.TAP)
                        .map(tap -> new NetBackend.Tap(ifname(tap, "ifname", ifnames)))
                        .orElse(null);
            } else if (n.has("bridge")) {
                backend = YamlObject.open(n.node("bridge").get(), n.field("bridge"), problems, ProfileKeys.BRIDGE)
                        .map(br -> {
                            Optional<String> name = ifname(br, "name", new HashMap<>());
                            if (name.isEmpty() && !br.has("name")) {
                                problems.error(br.field("name"), "missing", "give the bridge, e.g. name: br0");
                            }
                            return new NetBackend.Bridge(name.orElse("br0"));
                        })
                        .orElse(null);
            } else if (n.has("user")) {
                backend = YamlObject.open(n.node("user").get(), n.field("user"), problems, ProfileKeys.USER)
                        .map(u -> new NetBackend.User(forwards(u, hostPorts)))
                        .orElse(null);
            }
            if (backend != null) {
                nics.add(new NicSpec(id, model, mac, backend));
            }
        }
        return nics;
    }

    private Optional<String> ifname(YamlObject o, String key, Map<String, String> seen) {
        return o.string(key).filter(s -> {
            if (!IFNAME.matcher(s).matches()) {
                problems.error(
                        o.field(key),
                        "'" + s + "' is not a Linux interface name",
                        "use 1 to 15 letters," + " digits, '.', '_' or '-'");
                return false;
            }
            String before = seen.putIfAbsent(s, o.field(key));
            if (before != null) {
                problems.error(o.field(key), "'" + s + "' is also used by " + before, "give each NIC its own tap");
            }
            return true;
        });
    }

    private List<NetBackend.PortForward> forwards(YamlObject user, Map<String, String> hostPorts) {
        List<NetBackend.PortForward> out = new ArrayList<>();
        List<JsonNode> items = list(user, "hostfwd");
        for (int i = 0; i < items.size(); i++) {
            String at = user.field("hostfwd") + "[" + i + "]";
            Optional<YamlObject> o = YamlObject.open(items.get(i), at, problems, ProfileKeys.HOSTFWD);
            if (o.isEmpty()) {
                continue;
            }
            YamlObject f = o.get();
            NetBackend.Protocol protocol = f.choice("protocol", NetBackend.Protocol.class, YamlObject::lowerDashed)
                    .orElse(NetBackend.Protocol.TCP);
            String hostAddress = f.string("host_address")
                    .filter(a -> ipv4(f.field("host_address"), a))
                    .orElse("127.0.0.1");
            Optional<String> guestAddress = f.string("guest_address").filter(a -> ipv4(f.field("guest_address"), a));
            // "auto" (or 0): slirp binds port 0, so the kernel picks a free port inside bind() itself; the
            // launcher reads the result back from QEMU (see io.kvmctl.net.UsernetTable).
            OptionalInt hostPort = f.node("host_port")
                            .filter(v -> v.isString() && "auto".equals(v.asString()))
                            .isPresent()
                    ? OptionalInt.of(0)
                    : f.integer("host_port", 0, 65535);
            OptionalInt guestPort = f.integer("guest_port", 1, 65535);
            for (String k : List.of("host_port", "guest_port")) {
                if (!f.has(k)) {
                    problems.error(f.field(k), "missing", "give a port number, e.g. host_port: 2222, guest_port: 22");
                }
            }
            if (hostPort.isPresent() && guestPort.isPresent() && hostPort.getAsInt() != 0) {
                String key = protocol + " " + hostAddress + ":" + hostPort.getAsInt();
                String before = hostPorts.putIfAbsent(key, at);
                if (before != null) {
                    problems.error(
                            f.field("host_port"),
                            "host port " + hostPort.getAsInt() + " is also forwarded by " + before,
                            "use another host_port");
                }
            }
            if (hostPort.isPresent() && guestPort.isPresent()) {
                out.add(new NetBackend.PortForward(
                        protocol, hostAddress, hostPort.getAsInt(), guestAddress, guestPort.getAsInt()));
            }
        }
        return out;
    }

    /** slirp in QEMU 7.2 forwards IPv4 only. */
    private boolean ipv4(String field, String text) {
        if (text.matches("(25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})){3}")) {
            return true;
        }
        problems.error(
                field,
                "'" + text + "' is not an IPv4 address",
                "write one like 127.0.0.1 (0.0.0.0 for all" + " host addresses)");
        return false;
    }

    private BootSpec boot(YamlObject t, List<DiskSpec> disks, Optional<Path> cdrom, List<NicSpec> nics) {
        Optional<JsonNode> n = t.node("boot");
        if (n.isEmpty()) {
            return new BootSpec.Default();
        }
        if (n.get().isObject()) {
            return YamlObject.open(n.get(), "boot", problems, ProfileKeys.BOOT_KERNEL)
                    .map(b -> {
                        if (!b.has("kernel")) {
                            problems.error(
                                    "boot.kernel",
                                    "missing",
                                    "give the kernel image, or write boot: disk, cdrom or" + " network");
                        }
                        Optional<Path> kernel = b.string("kernel").flatMap(s -> path("boot.kernel", s, true));
                        Optional<Path> initrd = b.string("initrd").flatMap(s -> path("boot.initrd", s, true));
                        return (BootSpec) new BootSpec.Kernel(kernel.orElse(dir), initrd, b.string("append"));
                    })
                    .orElse(new BootSpec.Default());
        }
        Optional<String> word = t.string("boot");
        if (word.isEmpty()) {
            return new BootSpec.Default();
        }
        switch (word.get()) {
            case "disk" -> {
                if (disks.isEmpty()) {
                    problems.error("boot", "boot: disk but no disks", "add a disk under disks:, or change boot");
                }
                return new BootSpec.Disk();
            }
            case "cdrom" -> {
                if (cdrom.isEmpty()) {
                    problems.error("boot", "boot: cdrom but no cdrom", "add cdrom: FILE.iso, or change boot");
                }
                return new BootSpec.Cdrom();
            }
            case "network" -> {
                if (nics.isEmpty()) {
                    problems.error("boot", "boot: network but no NIC", "add a NIC under nics:, or change boot");
                }
                return new BootSpec.Network();
            }
            default -> {
                problems.error(
                        "boot",
                        "'" + word.get() + "' is not a boot source",
                        "write disk, cdrom, network, or" + " a mapping with kernel, initrd and append");
                return new BootSpec.Default();
            }
        }
    }

    private DisplaySpec display(YamlObject t) {
        Optional<JsonNode> n = t.node("display");
        if (n.isEmpty()) {
            return new DisplaySpec.None();
        }
        if (n.get().isString()) {
            switch (n.get().asString()) {
                case "none" -> {
                    return new DisplaySpec.None();
                }
                case "vnc" -> {
                    return new DisplaySpec.Vnc("127.0.0.1", OptionalInt.empty(), true);
                }
                default -> {
                    problems.error(
                            "display",
                            "'" + n.get().asString() + "' is not a display",
                            "write none, vnc, or" + " a mapping such as {vnc: auto, listen: 127.0.0.1}");
                    return new DisplaySpec.None();
                }
            }
        }
        return YamlObject.open(n.get(), "display", problems, ProfileKeys.VNC)
                .map(d -> {
                    OptionalInt number = OptionalInt.empty();
                    Optional<JsonNode> vnc = d.node("vnc");
                    if (vnc.isEmpty()) {
                        problems.error("display.vnc", "missing", "write vnc: auto or a display number (0 = port 5900)");
                    } else if (!(vnc.get().isString() && vnc.get().asString().equals("auto"))) {
                        number = d.integer("vnc", 0, DisplaySpec.Vnc.AUTO_LAST_DISPLAY);
                    }
                    String listen = d.string("listen")
                            .filter(a -> ipLiteral("display.listen", a))
                            .orElse("127.0.0.1");
                    boolean password = d.bool("password").orElse(true);
                    return (DisplaySpec) new DisplaySpec.Vnc(listen, number, password);
                })
                .orElse(new DisplaySpec.None());
    }

    private boolean ipLiteral(String field, String text) {
        try {
            if (text.matches("[0-9A-Fa-f:.]+")) {
                InetAddress.ofLiteral(text);
                return true;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problems.error(
                field,
                "'" + text + "' is not an IP address",
                "write an address such as 127.0.0.1 or ::1" + " (0.0.0.0 listens on every interface)");
        return false;
    }

    private Optional<String> incoming(String uri) {
        if (uri.equals("defer")) {
            return Optional.of(uri);
        }
        String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')) : "";
        switch (scheme) {
            case "tcp", "unix", "rdma" -> {
                if (uri.length() > scheme.length() + 1) {
                    return Optional.of(uri);
                }
                problems.error("incoming", "'" + uri + "' has no address", "write e.g. tcp:0.0.0.0:4444");
            }
            case "exec" ->
                problems.error(
                        "incoming",
                        "exec: migration runs a shell command",
                        "use incoming: defer" + " and start the migration over QMP (migrate-incoming)");
            case "fd" ->
                problems.error(
                        "incoming",
                        "fd: migration needs an fd kvmctl does not pass",
                        "use incoming:" + " defer and migrate-incoming over QMP");
            default ->
                problems.error(
                        "incoming",
                        "'" + uri + "' is not a migration source",
                        "write defer, or a URI" + " such as tcp:0.0.0.0:4444 or unix:/path/to/socket");
        }
        return Optional.empty();
    }

    private List<String> extraArgs(YamlObject t) {
        List<String> args = new ArrayList<>();
        List<JsonNode> items = list(t, "extra_args");
        for (int i = 0; i < items.size(); i++) {
            String at = "extra_args[" + i + "]";
            Optional<String> arg = YamlObject.text(items.get(i), at, problems);
            if (arg.isEmpty()) {
                continue;
            }
            ExtraArgs.conflict(arg.get())
                    .ifPresentOrElse(why -> problems.error(at, why, "remove it"), () -> args.add(arg.get()));
        }
        return args;
    }

    /** Disks, the cdrom and NICs are all guest devices, so their ids share one namespace. */
    private void checkDuplicateIds(List<DiskSpec> disks, Optional<Path> cdrom, List<NicSpec> nics) {
        Map<String, String> seen = new HashMap<>();
        if (cdrom.isPresent()) {
            seen.put(Profile.CDROM_ID, "cdrom");
        }
        for (int i = 0; i < disks.size(); i++) {
            duplicate(seen, disks.get(i).id(), "disks[" + i + "].id");
        }
        for (int i = 0; i < nics.size(); i++) {
            duplicate(seen, nics.get(i).id(), "nics[" + i + "].id");
        }
    }

    private void duplicate(Map<String, String> seen, String id, String field) {
        String before = seen.putIfAbsent(id, field);
        if (before != null) {
            problems.error(
                    field, "id '" + id + "' is already used by " + before, "give each disk and NIC its own" + " id");
        }
    }
}
