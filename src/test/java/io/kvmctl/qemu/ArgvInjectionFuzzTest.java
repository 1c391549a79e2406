package io.kvmctl.qemu;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kvmctl.profile.BootSpec;
import io.kvmctl.profile.Profile;
import io.kvmctl.profile.ProfileException;
import io.kvmctl.profile.ProfileLoader;
import io.kvmctl.testing.FuzzBytes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Argument injection: structured random profiles whose string values hold commas, {@code =}, quotes, spaces,
 * newlines, a leading {@code -}, JSON fragments and bytes from the fuzzer. A profile the loader accepts is
 * rendered by the pure command line builder and the argv is read back as QEMU reads it ({@link QemuArgv}): every
 * element in an option's place is an option kvmctl writes, each value parses to exactly the keys kvmctl meant and
 * carries the profile's value unchanged, and the profile's extra_args come last, verbatim. Whatever the loader
 * refuses is fine (a {@link ProfileException} is the documented answer).
 */
class ArgvInjectionFuzzTest {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Path FILE = Path.of("/p/vm.yaml");
    private static final String[] FRAGMENTS = {
        ",",
        ",,",
        "=",
        "\"",
        "'",
        " ",
        "\n",
        "-",
        "--",
        "-S",
        "-device",
        "{\"driver\": \"x\"}",
        "{",
        "}",
        "\\",
        "id=evil",
        ",id=evil",
        ",file.filename=/etc/shadow",
        ",,x=y",
        "a",
        "disk.qcow2",
        "/",
        "..",
        "$(id)",
        ";",
        "\t",
        "\u00e9",
        "kvmctl-qmp",
        "json:{}",
        "tcp:",
        "unix:",
        "0",
        "q35",
        "br0",
        "52:54:00:12:34:56",
    };

    @FuzzTest
    void argvHoldsOnlyWhatTheProfileAskedFor(byte[] input) {
        FuzzBytes data = new FuzzBytes(input);
        ObjectNode yaml = profile(data);
        List<String> extra = new ArrayList<>();
        yaml.path("extra_args").forEach(a -> extra.add(a.asString()));
        String text = YAML.writeValueAsString(yaml);
        Profile p;
        try {
            p = new ProfileLoader(4, f -> true)
                    .parse(FILE, text, Optional.empty())
                    .profile();
        } catch (ProfileException refused) {
            return;
        }
        LaunchContext ctx = Profiles.contextIn(p, "/run/kvmctl/vm").withVhostNet(data.bool());
        List<String> argv = QemuCommandLine.build(p, ctx);
        check(p, ctx, argv, extra, text);
    }

    private static void check(Profile p, LaunchContext ctx, List<String> argv, List<String> extra, String yaml) {
        String where = "\nprofile:\n" + yaml + "argv: " + argv;
        if (!p.extraArgs().equals(extra)) {
            throw new AssertionError("extra_args changed on the way: " + p.extraArgs() + where);
        }
        int end = argv.size() - extra.size();
        if (!argv.subList(end, argv.size()).equals(extra)) {
            throw new AssertionError("extra_args are not the last arguments, verbatim" + where);
        }
        Set<String> diskPaths = new HashSet<>();
        p.disks().forEach(d -> diskPaths.add(d.file().toString()));
        Set<String> blockFiles = new HashSet<>(diskPaths);
        p.disks().forEach(d -> blockFiles.add(d.overlayIn(ctx.runtimeDir()).toString()));
        p.cdroms().forEach(c -> blockFiles.add(c.file().toString()));
        int drives = 0;
        int netdevs = 0;
        int sandboxes = 0;
        try {
            for (QemuArgv.Option o : QemuArgv.options(argv, end)) {
                String v = o.value();
                switch (o.name()) {
                    case "-name" -> {
                        Map<String, String> kv = keys(o, Set.of("guest", "process", "debug-threads"), Set.of());
                        same(o, kv.get("guest"), p.name());
                        same(o, kv.get("process"), "kvmctl-" + p.name());
                        same(o, kv.get("debug-threads"), "on");
                    }
                    case "-chardev" -> {
                        Map<String, String> kv = keys(
                                o, Set.of("", "id", "server", "wait"), Set.of("path", "fd", "logfile", "logappend"));
                        same(o, kv.get(""), "socket");
                        if (kv.containsKey("logfile")) {
                            same(o, kv.get("logfile"), ctx.serialLog().toString());
                        }
                    }
                    case "-mon" -> keys(o, Set.of("chardev", "mode"), Set.of());
                    case "-vnc" -> keys(o, Set.of(""), Set.of("to", "password"));
                    case "-action" -> keys(o, Set.of(), Set.of("shutdown", "reboot", "panic"));
                    case "-machine" -> {
                        Map<String, String> kv = keys(o, Set.of("type", "dump-guest-core"), Set.of());
                        same(o, kv.get("type"), p.machine());
                        same(o, kv.get("dump-guest-core"), "off");
                    }
                    case "-cpu" ->
                        same(o, keys(o, Set.of(""), Set.of()).get(""), p.cpu().orElseThrow());
                    case "-drive" -> {
                        drives++;
                        Map<String, String> kv = keys(
                                o,
                                Set.of(
                                        "if",
                                        "id",
                                        "format",
                                        "file.driver",
                                        "file.filename",
                                        "file.aio",
                                        "cache.direct",
                                        "cache.no-flush",
                                        "read-only",
                                        "discard",
                                        "snapshot"),
                                Set.of());
                        member(o, kv.get("file.filename"), diskPaths);
                    }
                    case "-blockdev" -> {
                        drives++;
                        ObjectNode node =
                                json(o, Set.of("driver", "node-name", "read-only", "discard", "cache", "file"));
                        JsonNode file = node.path("file");
                        jsonKeys(o, file, Set.of("driver", "filename", "aio", "cache", "read-only"));
                        member(o, file.path("filename").asString(""), blockFiles);
                    }
                    case "-device" ->
                        json(
                                o,
                                Set.of(
                                        "driver",
                                        "id",
                                        "drive",
                                        "bus",
                                        "write-cache",
                                        "bootindex",
                                        "netdev",
                                        "mac",
                                        "chassis",
                                        "port",
                                        "addr",
                                        "multifunction",
                                        "unit"));
                    case "-netdev" -> {
                        netdevs++;
                        json(o, Set.of("type", "id", "hostfwd", "ifname", "script", "downscript", "br", "fd", "vhost"));
                    }
                    case "-kernel" -> same(o, v, kernel(p).kernel().toString());
                    case "-initrd" ->
                        same(o, v, kernel(p).initrd().orElseThrow().toString());
                    case "-append" -> same(o, v, kernel(p).append().orElseThrow());
                    case "-incoming" -> same(o, v, p.incoming().orElseThrow());
                    case "-uuid" -> same(o, v, p.uuid().orElseThrow().toString());
                    case "-smp" -> same(o, v, Integer.toString(p.smp()));
                    case "-m" -> same(o, v, p.memory().mebibytes() + "M");
                    case "-serial" -> same(o, v, "chardev:" + QemuCommandLine.SERIAL_CHARDEV);
                    case "-display" -> same(o, v, "none");
                    case "-boot" -> same(o, v, "strict=on");
                    case "-accel" -> member(o, v, Set.of("kvm", "tcg"));
                    case "-msg" -> same(o, v, "timestamp=on");
                    case "-sandbox" -> {
                        if (!p.sandbox()) {
                            throw new AssertionError("-sandbox though the profile says sandbox: false");
                        }
                        same(o, v, "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny");
                        sandboxes++;
                    }
                    default -> {
                        // flags: nothing to read
                    }
                }
            }
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + where, e);
        }
        int wantDrives = p.disks().size() + p.cdroms().size();
        if (drives != wantDrives || netdevs != p.nics().size()) {
            throw new AssertionError(drives + " block nodes and " + netdevs + " netdevs for " + wantDrives
                    + " disks/cdrom and " + p.nics().size() + " NICs" + where);
        }
        if (sandboxes != (p.sandbox() ? 1 : 0)) {
            throw new AssertionError(sandboxes + " -sandbox options with sandbox: " + p.sandbox() + where);
        }
    }

    private static BootSpec.Kernel kernel(Profile p) {
        if (p.boot() instanceof BootSpec.Kernel k) {
            return k;
        }
        throw new AssertionError("kernel options for a profile that boots " + p.boot());
    }

    /** The value's keys: all of {@code required}, any of {@code optional}, nothing else. */
    private static Map<String, String> keys(QemuArgv.Option o, Set<String> required, Set<String> optional) {
        Map<String, String> kv = QemuArgv.opts(o.value());
        if (!kv.keySet().containsAll(required)) {
            throw new AssertionError(o.name() + " " + o.value() + " lacks keys " + required + ": " + kv);
        }
        for (String k : kv.keySet()) {
            if (!required.contains(k) && !optional.contains(k)) {
                throw new AssertionError(
                        o.name() + " " + o.value() + " has a key kvmctl did not write: '" + k + "' in " + kv);
            }
        }
        return kv;
    }

    /** QEMU reads a value starting with '{' as JSON; anything else would be read as key=value pairs. */
    private static ObjectNode json(QemuArgv.Option o, Set<String> allowed) {
        if (!o.value().startsWith("{")) {
            throw new AssertionError(o.name() + " value is not JSON: " + o.value());
        }
        JsonNode n;
        try {
            n = JSON.readTree(o.value());
        } catch (JacksonException e) {
            throw new AssertionError(o.name() + " value is not valid JSON: " + o.value(), e);
        }
        jsonKeys(o, n, allowed);
        return (ObjectNode) n;
    }

    private static void jsonKeys(QemuArgv.Option o, JsonNode n, Set<String> allowed) {
        if (!n.isObject()) {
            throw new AssertionError(o.name() + " holds " + n + " where an object belongs: " + o.value());
        }
        for (String k : n.propertyNames()) {
            if (!allowed.contains(k)) {
                throw new AssertionError(o.name() + " has a member kvmctl did not write: '" + k + "' in " + o.value());
            }
        }
    }

    private static void same(QemuArgv.Option o, String got, String want) {
        if (!want.equals(got)) {
            throw new AssertionError(o.name() + " carries '" + got + "' where the profile has '" + want + "'");
        }
    }

    private static void member(QemuArgv.Option o, String got, Set<String> allowed) {
        if (!allowed.contains(got)) {
            throw new AssertionError(o.name() + " carries '" + got + "', none of the profile's " + allowed);
        }
    }

    // ---- the random profile ------------------------------------------------------------------------------

    private static ObjectNode profile(FuzzBytes d) {
        ObjectNode y = YAML.createObjectNode();
        y.put("name", d.bool() ? "vm" + d.choose(10) : nasty(d));
        y.put("accel", d.pick("tcg", "kvm", "auto"));
        if (d.bool()) {
            y.put("machine", d.bool() ? d.pick("q35", "pc", "pc-q35-7.2") : nasty(d));
        }
        if (d.bool()) {
            y.put("cpu", d.bool() ? d.pick("qemu64", "host", "max") : nasty(d));
        }
        if (d.bool()) {
            y.put("memory", d.bool() ? d.pick("64M", "1G") : nasty(d));
        }
        int disks = d.choose(4);
        ArrayNode list = y.putArray("disks");
        for (int i = 0; i < disks; i++) {
            ObjectNode disk = list.addObject().put("file", nasty(d));
            if (d.bool()) {
                disk.put("id", d.bool() ? "d" + i : nasty(d));
            }
            disk.put("bus", d.pick("virtio-blk", "virtio-scsi", "sata", "ide"));
            switch (d.choose(3)) {
                case 1 -> disk.put("snapshot", true);
                case 2 -> disk.put("overlay", true);
                default -> {}
            }
            if (d.bool()) {
                disk.put("format", d.pick("raw", "qcow2"));
            }
        }
        if (d.bool()) {
            y.put("cdrom", nasty(d));
        }
        switch (d.choose(4)) {
            case 0 -> y.put("boot", "disk");
            case 1 -> {
                ObjectNode k = y.putObject("boot").put("kernel", nasty(d));
                if (d.bool()) {
                    k.put("initrd", nasty(d));
                }
                if (d.bool()) {
                    k.put("append", nasty(d));
                }
            }
            default -> {}
        }
        int nics = d.choose(3);
        ArrayNode nicList = y.putArray("nics");
        for (int i = 0; i < nics; i++) {
            ObjectNode nic = nicList.addObject();
            if (d.bool()) {
                nic.put("mac", d.bool() ? "52:54:00:12:34:5" + i : nasty(d));
            }
            switch (d.choose(3)) {
                case 0 -> {
                    ObjectNode fwd = nic.putObject("user").putArray("hostfwd").addObject();
                    fwd.put("host_port", 2000 + i).put("guest_port", 22);
                    if (d.bool()) {
                        fwd.put("host_address", nasty(d));
                    }
                }
                case 1 -> nic.putObject("tap").put("ifname", d.bool() ? "tap" + i : nasty(d));
                default -> nic.putObject("bridge").put("name", d.bool() ? "br0" : nasty(d));
            }
        }
        if (d.bool()) {
            y.putObject("display").put("vnc", "auto").put("listen", d.bool() ? "::1" : nasty(d));
        }
        if (d.bool()) {
            y.putObject("serial").put("log", nasty(d));
        }
        if (d.bool()) {
            y.put("incoming", d.pick("defer", "tcp:", "unix:", "") + nasty(d));
        }
        if (d.bool()) {
            y.put("uuid", d.bool() ? "12345678-1234-1234-1234-123456789abc" : nasty(d));
        }
        if (d.bool()) {
            y.put("on_crash", d.bool() ? "pause" : nasty(d));
        }
        if (d.bool()) {
            y.put("sandbox", d.bool());
        }
        int extras = d.choose(4);
        ArrayNode extra = y.putArray("extra_args");
        for (int i = 0; i < extras; i++) {
            extra.add(nasty(d));
        }
        return y;
    }

    /** One to four pieces, each a dangerous fragment or bytes from the fuzzer. */
    private static String nasty(FuzzBytes d) {
        StringBuilder s = new StringBuilder();
        int pieces = 1 + d.choose(4);
        for (int i = 0; i < pieces; i++) {
            s.append(d.bool() ? FRAGMENTS[d.choose(FRAGMENTS.length)] : d.string(16));
        }
        return s.toString();
    }
}
