package io.kvmctl.store;

import io.kvmctl.image.ImageInfo;
import io.kvmctl.image.Images;
import io.kvmctl.profile.DiskSpec;
import io.kvmctl.profile.NetBackend;
import io.kvmctl.profile.NicSpec;
import io.kvmctl.profile.Profile;
import io.kvmctl.profile.ProfileException;
import io.kvmctl.profile.ProfileLoader;
import io.kvmctl.vm.NoSuchVmException;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Gathers {@link VmInfo}: the definition read as it would start now, beside what runs now. */
public final class VmInfos {
    private final VmDefinitions definitions;
    private final Autostarts autostarts;
    private final RuntimeRoot root;
    private final Images images;

    public VmInfos(VmDefinitions definitions, Autostarts autostarts, RuntimeRoot root, Images images) {
        this.definitions = definitions;
        this.autostarts = autostarts;
        this.root = root;
        this.images = images;
    }

    public VmInfo of(String name) throws DefinitionException, IOException {
        Path file = definitions.profileOf(name);
        Profile p;
        try {
            // Files the definition names may have gone since: info still shows it, and marks the disk missing.
            p = new ProfileLoader(Runtime.getRuntime().availableProcessors(), f -> true)
                    .load(file)
                    .profile();
        } catch (ProfileException e) {
            throw new DefinitionException("the stored definition " + file + " no longer loads: 'kvmctl edit " + name
                    + "' fixes it ("
                    + e.getMessage().lines().skip(1).findFirst().orElse("").strip() + ")");
        }
        Optional<VmStatus> running = Optional.empty();
        Instant startedAt = null;
        if (Files.exists(root.vm(name).path())) {
            try (Vm vm = Vm.attach(root, name)) {
                running = Optional.of(vm.status());
                startedAt = vm.record().startedAt();
            } catch (NoSuchVmException gone) {
                // stopped between the check and the attach: shut off
            }
        }
        boolean pending =
                startedAt != null && Files.getLastModifiedTime(file).toInstant().isAfter(startedAt);
        List<VmInfo.Nic> nics = new ArrayList<>();
        for (int i = 0; i < p.nics().size(); i++) {
            nics.add(nic(p.nics().get(i), p.name(), i));
        }
        return new VmInfo(
                name,
                DefinedState.of(running),
                file.toString(),
                definitions.homes().of(name).toString(),
                autostarts.isOn(name),
                p.smp(),
                p.memory().toString(),
                p.firmware().kind().yamlName() + (p.firmware().secureBoot() ? ", secure boot" : ""),
                p.disks().stream().map(this::disk).toList(),
                nics,
                startedAt,
                pending,
                definitions.lastStop(name).orElse(null));
    }

    private VmInfo.Disk disk(DiskSpec d) {
        long virtual = -1;
        long onDisk = -1;
        if (Files.isRegularFile(d.file())) {
            try {
                ImageInfo info = images.info(d.file());
                virtual = info.virtualSize();
                onDisk = info.actualSize();
            } catch (IOException unreadable) {
                // shown as unknown: info is about the definition, and one bad image must not hide the rest
            }
        }
        return new VmInfo.Disk(d.id(), d.file().toString(), d.format().qemuName(), virtual, onDisk, d.overlay());
    }

    private static VmInfo.Nic nic(NicSpec n, String vmName, int index) {
        String network;
        List<String> forwards = List.of();
        switch (n.backend()) {
            case NetBackend.User u -> {
                network = "user";
                forwards = u.forwards().stream()
                        .map(NetBackend.PortForward::hostfwdRule)
                        .toList();
            }
            case NetBackend.Tap t ->
                network = "tap" + t.ifname().map(i -> " " + i).orElse("");
            case NetBackend.Bridge b -> network = "bridge " + b.name();
        }
        return new VmInfo.Nic(
                n.id(), n.model().yamlName(), n.macFor(vmName, index).toString(), network, forwards);
    }
}
