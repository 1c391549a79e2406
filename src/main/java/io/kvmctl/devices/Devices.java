package io.kvmctl.devices;

import io.kvmctl.qapi.QmpCommands;
import io.kvmctl.qmp.Json;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpException;
import io.kvmctl.qmp.QmpTimeoutException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Adds, removes, lists and ejects devices of a running VM over its QMP connection. Reached from a VM as
 * {@code vm.devices()}, which also names the profiles a persistent add records the device in.
 */
public final class Devices {
    private final QmpClient qmp;
    private final List<Path> profiles;

    /** For reading and changing devices only: {@link #addPersistent} records nowhere. */
    public Devices(QmpClient qmp) {
        this(qmp, List.of());
    }

    /**
     * @param profiles where {@link #addPersistent} records a device (those that exist then): the VM's profile copy
     *     and the profile it was started from
     */
    public Devices(QmpClient qmp, List<Path> profiles) {
        this.qmp = qmp;
        this.profiles = List.copyOf(profiles);
    }

    /** A device added and recorded: the plan that added it, the profiles now listing it. */
    public record Persisted(HotplugPlan plan, List<Path> profiles) {
        public Persisted {
            profiles = List.copyOf(profiles);
        }
    }

    /** What the VM has now. */
    public MachineDevices read() throws IOException {
        JsonNode peripheral = qmp.execute("qom-list", Json.object().put("path", "/machine/peripheral"));
        JsonNode pci = qmp.execute("query-pci");
        JsonNode nodes = qmp.execute("query-named-block-nodes", Json.object().put("flat", true));
        String type = qmp.execute(
                        "qom-get", Json.object().put("path", "/machine").put("property", "type"))
                .asString("");
        return MachineDevices.fromQmp(peripheral, pci, nodes, type);
    }

    /** Plans and runs the addition; when a step fails, what was done is undone and the failure reported. */
    public HotplugPlan add(DeviceRequest request) throws IOException {
        return add(plan(request));
    }

    /**
     * Adds a disk or CD-ROM as {@link #add(DeviceRequest)} does and records it in the profiles, so the next start has
     * it too. The profiles are edited first and get their old bytes back when the add fails (see
     * {@link ProfileTransaction}).
     */
    public Persisted addPersistent(DeviceRequest request) throws IOException {
        HotplugPlan plan = plan(request);
        List<Path> recorded = ProfileTransaction.recordAround(profiles, plan.id(), request, () -> add(plan));
        return new Persisted(plan, recorded);
    }

    /** What {@link #add(DeviceRequest)} would do now (its id, its steps), without doing it. */
    public HotplugPlan plan(DeviceRequest request) throws IOException {
        return HotplugPlan.of(request, read());
    }

    /** Runs a plan made by {@link #plan}; when a step fails, what was done is undone and the failure reported. */
    public HotplugPlan add(HotplugPlan plan) throws IOException {
        int done = 0;
        try (HandedOverFiles files = new HandedOverFiles(new io.kvmctl.qapi.QmpCommands(qmp))) {
            for (QmpStep step : plan.steps()) {
                QmpStep handedOver = files.handOver(step);
                qmp.execute(handedOver.command(), handedOver.arguments());
                done++;
            }
            files.keep();
        } catch (QmpException e) {
            undo(plan, done);
            throw new DeviceException("could not add " + plan.description() + ": " + e.description(), e);
        } catch (io.kvmctl.sys.SysCallException e) {
            // kvmctl opens the image to hand it over: a missing or unreadable file is said here, before QEMU.
            undo(plan, done);
            throw new DeviceException("could not add " + plan.description() + ": " + e.getMessage(), e);
        }
        return plan;
    }

    /** Best effort: the user needs the first failure, not the undo's. */
    private void undo(HotplugPlan plan, int stepsDone) {
        if (stepsDone == 0) {
            return;
        }
        for (QmpStep step : plan.undo()) {
            try {
                qmp.execute(step.command(), step.arguments());
            } catch (IOException ignored) {
                // the undo of a step that did not happen fails harmlessly
            }
        }
    }

    /**
     * Unplugs device {@code id} and waits for QEMU's {@code DEVICE_DELETED}: unplug needs the guest's
     * cooperation. Then the device's block node, if kvmctl named it after the device, is removed too.
     *
     * @return the type of the removed device
     */
    public String del(String id, Duration timeout) throws IOException {
        MachineDevices vm = read();
        String type = vm.devices().get(id);
        if (type == null) {
            throw new DeviceException("the VM has no device '" + id + "'; its devices: "
                    + String.join(", ", vm.devices().keySet()));
        }
        Optional<String> refusal = UnplugRefusal.of(id, type);
        if (refusal.isPresent()) {
            throw new DeviceException(refusal.get());
        }
        // A hot-plugged disk's image came as an fd set: it goes with the node.
        Optional<Integer> handedOver = vm.blockNodes().contains(id) ? fdsetOfNode(id) : Optional.empty();
        try {
            new QmpCommands(qmp).deviceDel(id, timeout);
        } catch (QmpTimeoutException e) {
            throw new DeviceException(
                    "the guest did not release device " + id + " within " + timeout.toSeconds()
                            + " s (it may still use it, or lack hot-unplug support); QEMU removes it when the guest lets go,"
                            + " or at the next reset; 'kvmctl device list' shows whether it is still there",
                    e);
        } catch (QmpException e) {
            if (e.description().contains("does not support hotplugging")) {
                throw new DeviceException(UnplugRefusal.onFixedBus(id, e.description()), e);
            }
            throw new DeviceException("could not remove device " + id + ": " + e.description(), e);
        }
        if (vm.blockNodes().contains(id)) {
            try {
                qmp.execute("blockdev-del", Json.object().put("node-name", id));
                if (handedOver.isPresent()) {
                    new QmpCommands(qmp).removeFd(handedOver.get());
                }
            } catch (QmpException e) {
                // a profile disk's node may be shared or already gone; the device itself is removed
            }
        }
        return type;
    }

    private Optional<Integer> fdsetOfNode(String node) throws IOException {
        for (JsonNode n : qmp.execute("query-named-block-nodes", Json.object().put("flat", true))) {
            if (n.path("node-name").asString("").equals(node)) {
                return HandedOverFiles.fdsetOf(n.path("file").asString(""));
            }
        }
        return Optional.empty();
    }

    /** Opens the tray of CD-ROM drive {@code id} and removes its medium. */
    public void eject(String id) throws IOException {
        try {
            qmp.execute("eject", Json.object().put("id", id).put("force", true));
        } catch (QmpException e) {
            throw new DeviceException("could not eject " + id + ": " + e.description(), e);
        }
    }

    /** The VM's devices with their media and hot-plug slots, in QOM order. */
    public List<DeviceEntry> list() throws IOException {
        MachineDevices vm = read();
        Map<String, String> media = new HashMap<>();
        JsonNode fdsets = qmp.execute("query-fdsets");
        for (JsonNode b : qmp.execute("query-block")) {
            String qdev = b.path("qdev").asString("");
            String id = qdev.startsWith("/machine/peripheral/")
                    ? qdev.substring("/machine/peripheral/".length()).split("/")[0]
                    : qdev;
            JsonNode inserted = b.path("inserted");
            if (!inserted.isMissingNode() && !id.isEmpty()) {
                media.put(id, HandedOverFiles.named(inserted.path("file").asString(""), fdsets));
            }
        }
        Map<String, String> slots = new HashMap<>();
        for (JsonNode bus : qmp.execute("query-pci")) {
            for (JsonNode d : bus.path("devices")) {
                String port = d.path("qdev_id").asString("");
                for (JsonNode child : d.path("pci_bridge").path("devices")) {
                    slots.put(child.path("qdev_id").asString(""), port);
                }
            }
        }
        List<DeviceEntry> out = new ArrayList<>();
        vm.devices()
                .forEach((id, type) -> out.add(new DeviceEntry(
                        id, type, Optional.ofNullable(media.get(id)), Optional.ofNullable(slots.get(id)))));
        return out;
    }
}
