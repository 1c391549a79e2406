package io.kvmctl.profile;

import io.kvmctl.limits.Limits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * Turns a parsed YAML tree into a {@link Profile}, collecting every problem. Pure: the host's CPU count and the
 * file-existence check come from the caller. Each section of the profile has its own reader (machine, disks, NICs,
 * boot, display, incoming, guest actions, extra arguments); this class runs them in document order, since later
 * sections check against earlier ones (boot needs its device, ids are unique across disks, cdrom and NICs).
 */
final class ProfileParser {
    private final Problems problems;
    private final ProfilePaths paths;
    private final int hostCpus;

    ProfileParser(Path file, int hostCpus, Predicate<Path> exists) {
        this.problems = new Problems(file);
        this.paths = new ProfilePaths(file.toAbsolutePath().getParent(), exists, problems);
        this.hostCpus = hostCpus;
    }

    /** The relative paths the profile named, by field (see {@link ProfilePaths#relative()}). */
    Map<String, Path> relativePaths() {
        return paths.relative();
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
        MachineSection machineSection = new MachineSection(problems, hostCpus);
        DeviceIds ids = new DeviceIds(problems);
        String name = machineSection.name(t, nameOverride);
        Accel accel = t.choice("accel", Accel.class, Accel::yamlName).orElse(Accel.AUTO);
        String machine = machineSection.modelName(t, "machine").orElse("q35");
        Optional<String> cpu = machineSection.modelName(t, "cpu");
        int smp = machineSection.smp(t);
        Size memory = machineSection.memory(t);
        MemoryBackend memoryBackend = t.choice("memory_backend", MemoryBackend.class, MemoryBackend::yamlName)
                .orElse(MemoryBackend.PRIVATE);
        List<DiskSpec> disks = new DisksSection(problems, paths, ids).read(t);
        List<CdromSpec> cdroms = new CdromsSection(problems, paths, ids).read(t, disks, machine.contains("q35"));
        List<NicSpec> nics = new NicsSection(problems, ids).read(t);
        BootSpec boot = new BootSection(problems, paths).read(t, disks, cdroms, nics);
        DisplaySpec display = new DisplaySection(problems).read(t);
        Optional<Path> serialLog = t.node("serial")
                .flatMap(n -> YamlObject.open(n, "serial", problems, ProfileKeys.SERIAL))
                .flatMap(s -> s.string("log").flatMap(v -> paths.resolve("serial.log", v, false)));
        Optional<String> incoming = new IncomingSection(problems).read(t);
        Optional<UUID> uuid = machineSection.uuid(t);
        GuestActions actions = GuestActionsSection.read(t);
        boolean balloon = t.bool("balloon").orElse(false);
        Optional<Path> qemu = t.string("qemu").flatMap(s -> paths.resolve("qemu", s, true));
        List<String> extra = ExtraArgs.read(t, problems);
        int hotplugSlots = machineSection.hotplugSlots(t, machine);
        List<String> qmpSockets = QmpSocketsSection.read(t, problems);
        Optional<String> runAs = RunAsField.read(t, problems);
        Limits limits = new LimitsSection(problems).read(t, memory, disks);
        boolean sandbox = t.bool("sandbox").orElse(true);
        FirmwareSpec firmware = new FirmwareSection(problems).read(t, machine);
        boolean agent = t.bool("agent").orElse(false);
        Optional<CloudInitSpec> cloudInit = new CloudInitSection(problems, paths).read(t);
        boolean tpm = TpmField.read(t, machine, problems);
        ids.checkUnique(disks, cdroms, nics);
        if (problems.hasErrors()) {
            return Optional.empty();
        }
        return Optional.of(new Profile(
                problems.file(),
                name,
                accel,
                machine,
                cpu,
                smp,
                memory,
                memoryBackend,
                boot,
                disks,
                cdroms,
                nics,
                display,
                serialLog,
                incoming,
                uuid,
                actions,
                balloon,
                qemu,
                extra,
                hotplugSlots,
                qmpSockets,
                runAs,
                limits,
                sandbox,
                firmware,
                agent,
                cloudInit,
                tpm));
    }
}
