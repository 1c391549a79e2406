package io.kvmctl.web;

import io.kvmctl.migrate.Migration;
import io.kvmctl.migrate.MigrationResult;
import io.kvmctl.migrate.MigrationStats;
import io.kvmctl.store.VmStore;
import io.kvmctl.vm.StartOptions;
import io.kvmctl.vm.StopReport;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/** What the buttons do: each a call on the VM's one {@link Vm} object, answered with one line. */
final class Actions {
    private static final Duration SNAPSHOT_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration UNPLUG_TIMEOUT = Duration.ofSeconds(30);

    private final WebVms vms;
    private final VmStore store;
    private final EventsFeed events;
    private final Map<String, Thread> migrations = new ConcurrentHashMap<>();

    Actions(WebVms vms, VmStore store, EventsFeed events) {
        this.vms = vms;
        this.store = store;
        this.events = events;
    }

    /** A request the user must fix (400). */
    static final class BadRequest extends IOException {
        BadRequest(String message) {
            super(message);
        }
    }

    String up(String name) throws IOException {
        if (!store.isDefined(name)) {
            throw new BadRequest("VM " + name + " is not defined: define it first with kvmctl define PROFILE");
        }
        try {
            Vm vm = Vm.start(store.profile(name), StartOptions.defaults());
            int pid = vm.record().qemuPid();
            vm.release(); // the VM runs on without us; our resident handle attaches like any client
            return "VM " + name + " is up (QEMU pid " + pid + ")";
        } catch (io.kvmctl.profile.ProfileException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    String down(String name, boolean force) throws IOException {
        Vm vm = Vm.attach(vms.root(), name);
        vms.release(name);
        StopReport report = vm.stop(Vm.DEFAULT_STOP_TIMEOUT, force);
        return "VM " + name + " is down (" + report.step() + ", "
                + report.took().toMillis() + " ms)";
    }

    String pause(String name) throws IOException {
        vms.with(name, vm -> {
            vm.pause();
            return null;
        });
        return "VM " + name + " paused";
    }

    String resume(String name) throws IOException {
        vms.with(name, vm -> {
            vm.resume();
            return null;
        });
        return "VM " + name + " resumed";
    }

    String reset(String name) throws IOException {
        vms.with(name, vm -> {
            vm.reset();
            return null;
        });
        return "VM " + name + " reset";
    }

    String saveSnapshot(String name, JsonNode body) throws IOException {
        String tag = text(body, "name");
        vms.with(name, vm -> vm.snapshots().save(tag, SNAPSHOT_TIMEOUT));
        return "snapshot " + tag + " of " + name + " saved";
    }

    String loadSnapshot(String name, String tag) throws IOException {
        vms.with(name, vm -> vm.snapshots().load(tag, SNAPSHOT_TIMEOUT));
        return "snapshot " + tag + " of " + name + " loaded";
    }

    String deleteSnapshot(String name, String tag) throws IOException {
        vms.with(name, vm -> vm.snapshots().delete(tag, SNAPSHOT_TIMEOUT));
        return "snapshot " + tag + " of " + name + " deleted";
    }

    String addDisk(String name, JsonNode body) throws IOException {
        java.nio.file.Path file = java.nio.file.Path.of(text(body, "path"));
        io.kvmctl.profile.DiskSpec.Format format = switch (body.path("format").asString("qcow2")) {
            case "qcow2" -> io.kvmctl.profile.DiskSpec.Format.QCOW2;
            case "raw" -> io.kvmctl.profile.DiskSpec.Format.RAW;
            default -> throw new BadRequest("\"format\" must be qcow2 or raw");
        };
        io.kvmctl.profile.DiskSpec.Bus bus = switch (body.path("bus").asString("virtio-blk")) {
            case "virtio-blk" -> io.kvmctl.profile.DiskSpec.Bus.VIRTIO_BLK;
            case "scsi", "virtio-scsi" -> io.kvmctl.profile.DiskSpec.Bus.VIRTIO_SCSI;
            default -> throw new BadRequest("\"bus\" must be virtio-blk or scsi (hot-pluggable buses)");
        };
        var request = new io.kvmctl.devices.DeviceRequest.Disk(java.util.Optional.empty(), file, format, bus, false);
        var plan = vms.with(name, vm -> vm.devices().add(request));
        return "added " + plan.description() + " to VM " + name;
    }

    String removeDisk(String name, String id) throws IOException {
        String type = vms.with(name, vm -> vm.devices().del(id, UNPLUG_TIMEOUT));
        return "removed " + type + " " + id + " from VM " + name;
    }

    String addNic(String name, JsonNode body) throws IOException {
        if (!"user".equals(body.path("backend").asString("user"))) {
            throw new BadRequest("the web adds user-network NICs only; for tap or bridge use kvmctl nic add " + name);
        }
        var request = new io.kvmctl.net.NicRequest(
                java.util.Optional.empty(),
                new io.kvmctl.profile.NetBackend.User(java.util.List.of()),
                io.kvmctl.profile.NicSpec.Model.VIRTIO_NET);
        io.kvmctl.net.HotNic nic = vms.with(name, vm -> vm.nics().add(request));
        return "added NIC " + nic.id() + " (" + nic.mac() + ") to VM " + name;
    }

    String removeNic(String name, String id) throws IOException {
        vms.with(name, vm -> {
            vm.nics().del(id, UNPLUG_TIMEOUT);
            return null;
        });
        return "removed NIC " + id + " from VM " + name;
    }

    /** A PNG of the screen. */
    byte[] screenshot(String name) throws IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(
                "kvmctl-web-",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        java.nio.file.Path png = dir.resolve("screen.png");
        try {
            vms.with(name, vm -> vm.display().screenshot(png));
            return java.nio.file.Files.readAllBytes(png);
        } finally {
            java.nio.file.Files.deleteIfExists(png);
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    /** Starts a local migration in the server; its progress goes to the events sockets. */
    String migrate(String name) throws IOException {
        Vm vm = vms.handle(name);
        if (!vm.isRunning()) {
            throw new BadRequest("VM " + name + " is not running: start it first");
        }
        Thread job = Thread.ofVirtual().name("kvmctl-web-migrate").unstarted(() -> {
            vms.releaseQemuOf(name);
            runMigration(name);
        });
        if (migrations.putIfAbsent(name, job) != null) {
            throw new BadRequest("VM " + name + " is migrating already: watch its events, or wait until it ends");
        }
        job.start();
        return "migration of " + name + " started";
    }

    /** As {@code kvmctl migrate NAME --local} does it: on handles of its own, not the server's resident one. */
    private void runMigration(String name) {
        try {
            MigrationResult result = Migration.of(vms.root(), name)
                    .onProgress(s -> events.publish(name, WebJson.migration(s.status(), percent(s), s.progressLine())))
                    .local();
            if (result.completed()) {
                events.publish(name, WebJson.migration("completed", 100, "migrated to a new QEMU on this host"));
            } else {
                ended(name, result.outcome().name().toLowerCase(java.util.Locale.ROOT), result.explanation());
            }
        } catch (IOException | RuntimeException e) {
            ended(name, "failed", String.valueOf(e.getMessage()));
        } finally {
            migrations.remove(name);
        }
    }

    /**
     * A migration that did not complete: told to the pages and, since nobody may be watching them (the job outlives
     * its browser), on the server's stderr too.
     */
    private void ended(String name, String status, String why) {
        events.publish(name, WebJson.migration(status, 0, why));
        System.err.println("kvmctl web: the migration of " + name + " " + status + ": " + why);
    }

    boolean migrating(String name) {
        return migrations.containsKey(name);
    }

    static double percent(MigrationStats s) {
        if (s.ramTotal() <= 0) {
            return 0;
        }
        return Math.round(1000.0 * (s.ramTotal() - s.ramRemaining()) / s.ramTotal()) / 10.0;
    }

    static String text(JsonNode body, String field) throws BadRequest {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || !v.isString() || v.asString().isBlank()) {
            throw new BadRequest("the request needs a \"" + field + "\" string");
        }
        return v.asString();
    }
}
