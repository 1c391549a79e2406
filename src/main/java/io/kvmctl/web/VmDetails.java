package io.kvmctl.web;

import io.kvmctl.qmp.Json;
import java.io.IOException;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code GET /api/vms/NAME}: the list's row plus snapshots, disks, NICs and a running migration. */
final class VmDetails {
    private final ListFeed list;
    private final WebVms vms;
    private final Actions actions;

    VmDetails(ListFeed list, WebVms vms, Actions actions) {
        this.list = list;
        this.vms = vms;
        this.actions = actions;
    }

    ObjectNode of(String name) throws IOException {
        ObjectNode row = null;
        for (JsonNode vm : Json.MAPPER.readTree(list.current()).path("vms")) {
            if (name.equals(vm.path("name").asString())) {
                row = (ObjectNode) vm;
            }
        }
        if (row == null) {
            throw new java.nio.file.NoSuchFileException("no VM named " + name + ": see the list");
        }
        ArrayNode snapshots = row.putArray("snapshots");
        ArrayNode disks = row.putArray("disks");
        ArrayNode nics = row.putArray("nics");
        row.putNull("migration");
        if (!row.path("running").asBoolean()) {
            return row;
        }
        Map<String, Integer> snaps = vms.with(name, vm -> vm.snapshots().list());
        snaps.forEach((tag, size) -> snapshots.add(Json.object()
                .put("name", tag)
                .putNull("date")
                .putNull("vm_size_bytes"))); // the count of disks holding it; QEMU's size is not read yet
        for (var d : vms.with(name, vm -> vm.devices().list())) {
            if (d.medium().isPresent()) {
                disks.add(Json.object()
                        .put("id", d.id())
                        .put("path", d.medium().get())
                        .put("hotplugged", d.slot().isPresent()));
            }
        }
        var status = vms.with(name, vm -> {
            for (var nic : vm.startedNics().nics()) {
                nics.add(Json.object()
                        .put("id", nic.id())
                        .put("backend", nic.userNetwork() ? "user" : "tap")
                        .put("mac", nic.mac())
                        .put("hotplugged", false));
            }
            return vm.status();
        });
        if (status.network() != null) {
            for (var nic : status.network().hotNics()) {
                nics.add(Json.object()
                        .put("id", nic.id())
                        .put("backend", nic.backend())
                        .put("mac", nic.mac())
                        .put("hotplugged", true));
            }
        }
        if (actions.migrating(name)) {
            row.set("migration", Json.object().put("status", "active"));
        }
        return row;
    }
}
