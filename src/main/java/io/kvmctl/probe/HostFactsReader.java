package io.kvmctl.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Reads /proc, /sys and /dev and asks the QEMU binaries on PATH: the thin IO shell around the pure parsers.
 * The QEMU queries start first and run while the guest does, since each costs a process start.
 */
final class HostFactsReader {
    private static final long QEMU_TIMEOUT_SECONDS = 5;
    private static final Path SYS_MODULE = Path.of("/sys/module");
    static final List<String> AUX_DEVICES = List.of("/dev/net/tun", "/dev/vhost-net", "/dev/vhost-vsock");

    private HostFactsReader() {}

    /**
     * Queries running in the background; {@link #collect()} waits for them. A binary whose answers are in the
     * user's cache ({@link QemuBinaryCache}) and unchanged since is not asked again.
     */
    static final class QemuQueries {
        /** One binary found on PATH: its answers known already, or being asked. */
        private record Slot(
                Path binary,
                Optional<QemuBinaryCache.Identity> identity,
                QemuBinary known,
                Process version,
                Process accel) {}

        private final List<Slot> slots = new ArrayList<>();
        private final Optional<QemuBinaryCache> cache;

        private QemuQueries(Optional<QemuBinaryCache> cache) {
            this.cache = cache;
        }

        static QemuQueries start() {
            QemuQueries q = new QemuQueries(QemuBinaryCache.forUser(System.getenv()));
            for (Path binary : findQemu()) {
                Optional<QemuBinaryCache.Identity> identity = QemuBinaryCache.Identity.of(binary);
                Optional<QemuBinary> known = identity.flatMap(id -> q.cache.flatMap(c -> c.lookup(id)));
                if (known.isPresent()) {
                    q.slots.add(new Slot(binary, identity, known.get(), null, null));
                    continue;
                }
                try {
                    q.slots.add(new Slot(
                            binary, identity, null, start(binary, "--version"), start(binary, "-accel", "help")));
                } catch (IOException e) {
                    // Not runnable (permissions, wrong architecture): not a QEMU we can offer.
                }
            }
            return q;
        }

        List<QemuBinary> collect() {
            List<QemuBinary> out = new ArrayList<>();
            Map<QemuBinaryCache.Identity, QemuBinary> seen = new LinkedHashMap<>();
            for (Slot s : slots) {
                QemuBinary qemu = s.known() != null ? s.known() : ask(s);
                out.add(qemu);
                s.identity().ifPresent(id -> seen.put(id, qemu));
            }
            cache.ifPresent(c -> c.store(seen));
            return out;
        }

        private static QemuBinary ask(Slot s) {
            String version = output(s.version())
                    .lines()
                    .findFirst()
                    .orElse("version unknown")
                    .replaceFirst("^QEMU emulator version ", "");
            return new QemuBinary(s.binary().toString(), version, QemuBinary.parseAccelerators(output(s.accel())));
        }

        private static Process start(Path binary, String... args) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(binary.toString());
            command.addAll(List.of(args));
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        }

        private static String output(Process p) {
            try {
                if (!p.waitFor(QEMU_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    return "(no answer within " + QEMU_TIMEOUT_SECONDS + " s)";
                }
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "";
            } finally {
                p.destroyForcibly();
            }
        }
    }

    /** The host's facts; the firmware's switch is read only when {@code kvmWorks} is false. */
    static HostFacts read(List<QemuBinary> qemu, boolean kvmWorks) {
        HostCpu cpu = HostCpu.parse(readOr(Path.of("/proc/cpuinfo"), ""));
        Map<String, Boolean> devices = new LinkedHashMap<>();
        for (String d : AUX_DEVICES) {
            devices.put(d, Files.exists(Path.of(d)));
        }
        return new HostFacts(
                cpu,
                modules(),
                devices,
                qemu,
                count(Path.of("/sys/kernel/iommu_groups")),
                HugePages.parseMeminfo(readOr(Path.of("/proc/meminfo"), "")),
                readOr(Path.of("/proc/sys/kernel/osrelease"), System.getProperty("os.version"))
                        .trim(),
                kvmWorks ? FirmwareFacts.notRead() : FirmwareFactsReader.read(cpu));
    }

    private static KernelModules modules() {
        Map<String, String> nested = new LinkedHashMap<>();
        Map<String, String> present = new LinkedHashMap<>();
        for (String name : KernelModules.KVM_MODULES) {
            Path dir = SYS_MODULE.resolve(name);
            if (Files.isDirectory(dir)) {
                String value = readOr(dir.resolve("parameters/nested"), null);
                present.put(name, value);
                if (value != null) {
                    nested.put(name, value.trim());
                }
            }
        }
        Path procModules = Path.of("/proc/modules");
        return Files.isReadable(procModules)
                ? KernelModules.fromProcModules(readOr(procModules, ""), nested)
                : KernelModules.fromSysModule(present);
    }

    static List<Path> findQemu() {
        Set<Path> found = new LinkedHashSet<>();
        // The binary kvmctl would run (KVMCTL_QEMU) is listed first even when it is not on PATH.
        String chosen = System.getenv("KVMCTL_QEMU");
        if (chosen != null && !chosen.isBlank() && Files.isExecutable(Path.of(chosen))) {
            try {
                found.add(Path.of(chosen).toRealPath());
            } catch (IOException e) {
                // vanished since the check: nothing to list
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            try (DirectoryStream<Path> s = Files.newDirectoryStream(Path.of(dir), "qemu-system-*")) {
                for (Path p : s) {
                    if (Files.isExecutable(p)) {
                        found.add(p.toRealPath());
                    }
                }
            } catch (IOException | UncheckedIOException | java.nio.file.InvalidPathException e) {
                // A PATH entry that does not exist or cannot be read holds no QEMU.
            }
        }
        return List.copyOf(found);
    }

    private static int count(Path dir) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            int n = 0;
            for (Path ignored : s) {
                n++;
            }
            return n;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String readOr(Path file, String fallback) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return fallback;
        }
    }
}
