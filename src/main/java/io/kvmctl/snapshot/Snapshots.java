package io.kvmctl.snapshot;

import io.kvmctl.agent.GuestAgent;
import io.kvmctl.agent.GuestAgentException;
import io.kvmctl.qapi.QmpCommands;
import io.kvmctl.qmp.EventWaiter;
import io.kvmctl.qmp.Json;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpException;
import io.kvmctl.qmp.QmpTimeoutException;
import io.kvmctl.text.DiskFull;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Save, load, list and delete internal snapshots of a running VM. The QMP jobs (QEMU 6.0+) are preferred: they
 * name the disks explicitly and report errors as data; a QEMU without them gets HMP's savevm family, whose only
 * error channel is its printed text. Reached from a VM as {@code vm.snapshots()}.
 */
public final class Snapshots {
    private static final AtomicLong JOBS = new AtomicLong();
    private static final java.util.regex.Pattern TAG =
            java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final QmpClient qmp;
    private final String vm;
    private final AgentConnection agent;

    /** Opens a connection to the VM's guest agent, or says why there is none. */
    @FunctionalInterface
    public interface AgentConnection {
        GuestAgent open() throws IOException;
    }

    /** Without a guest agent: {@code quiesce} is refused. */
    public Snapshots(QmpClient qmp, String vmName) {
        this(qmp, vmName, () -> {
            throw new GuestAgentException("no guest agent is known for VM " + vmName);
        });
    }

    public Snapshots(QmpClient qmp, String vmName, AgentConnection agent) {
        this.qmp = qmp;
        this.vm = vmName;
        this.agent = agent;
    }

    /** What happened: whether the QMP job or HMP did it, and notes for the user (disks left out, ...). */
    public record Outcome(String via, List<String> notes) {
        public Outcome {
            notes = List.copyOf(notes);
        }
    }

    public SnapshotDisks disks() throws IOException {
        return SnapshotDisks.fromQueryBlock(qmp.execute("query-block"));
    }

    /** The snapshot tags on the VM's qcow2 disks. */
    public Map<String, Integer> list() throws IOException {
        return disks().snapshots();
    }

    public Outcome save(String tag, Duration timeout) throws IOException {
        return save(tag, timeout, false);
    }

    /**
     * Saves snapshot {@code tag}; with {@code quiesce}, the guest's file systems are frozen through its agent for
     * the save and thawed after it, whatever the save did. Without an agent that answers, a quiesced save is
     * refused rather than taken unquiesced.
     */
    public Outcome save(String tag, Duration timeout, boolean quiesce) throws IOException {
        checkTag(tag);
        SnapshotDisks d = disks();
        d.requireQcow2(vm);
        if (d.snapshots().containsKey(tag)) {
            throw new SnapshotException(
                    "VM " + vm + " already has a snapshot '" + tag + "'; delete it first or" + " choose another tag");
        }
        List<String> notes = new ArrayList<>();
        d.others()
                .forEach((node, format) -> notes.add("disk " + node + " (" + format + ") is not in the snapshot:"
                        + " only qcow2 images hold internal snapshots"));
        if (!quiesce) {
            return saveNow(tag, timeout, d, notes);
        }
        GuestAgent guest;
        try {
            guest = agent.open();
        } catch (IOException e) {
            throw new SnapshotException(
                    "--quiesce needs the guest agent, and " + e.getMessage()
                            + "; no snapshot was taken (without --quiesce the snapshot is taken as the disks are)",
                    e);
        }
        try (guest;
                FrozenFileSystems frozen = FrozenFileSystems.freeze(guest, vm, timeout)) {
            Outcome saved = saveNow(tag, timeout, d, notes);
            notes.add("froze " + frozen.count() + " file system(s) in the guest for the snapshot, thawed after it");
            return new Outcome(saved.via() + ", quiesced", notes);
        }
    }

    private Outcome saveNow(String tag, Duration timeout, SnapshotDisks d, List<String> notes) throws IOException {
        if (!hasJobs()) {
            hmp("savevm " + tag, timeout);
            return new Outcome("HMP savevm", notes);
        }
        ObjectNode args = Json.object().put("tag", tag).put("vmstate", d.qcow2().getFirst());
        args.set("devices", nodes(d.qcow2()));
        try {
            runJob("snapshot-save", args, timeout);
        } catch (SnapshotException e) {
            throw explainFullDisk(e, d);
        }
        return new Outcome("QMP snapshot-save", notes);
    }

    public Outcome load(String tag, Duration timeout) throws IOException {
        checkTag(tag);
        SnapshotDisks d = disks();
        d.requireQcow2(vm);
        requireExisting(d, tag);
        if (!hasJobs()) {
            hmp("loadvm " + tag, timeout);
            return new Outcome("HMP loadvm", List.of());
        }
        ObjectNode args = Json.object().put("tag", tag).put("vmstate", d.qcow2().getFirst());
        args.set("devices", nodes(d.qcow2()));
        runJob("snapshot-load", args, timeout);
        return new Outcome("QMP snapshot-load", List.of());
    }

    public Outcome delete(String tag, Duration timeout) throws IOException {
        checkTag(tag);
        SnapshotDisks d = disks();
        d.requireQcow2(vm);
        requireExisting(d, tag);
        if (!hasJobs()) {
            hmp("delvm " + tag, timeout);
            return new Outcome("HMP delvm", List.of());
        }
        ObjectNode args = Json.object().put("tag", tag);
        args.set("devices", nodes(d.qcow2()));
        runJob("snapshot-delete", args, timeout);
        return new Outcome("QMP snapshot-delete", List.of());
    }

    /**
     * QEMU names no file when the VM state did not fit, and often not the cause either ("Input/output error"): add
     * which image's file system to clear, and check that the snapshots the VM had before are all still there.
     */
    private SnapshotException explainFullDisk(SnapshotException e, SnapshotDisks before) throws IOException {
        if (!DiskFull.means(e.getMessage()) && !e.getMessage().contains("Input/output error")) {
            return e; // QEMU named another cause
        }
        String file = null;
        for (JsonNode b : qmp.execute("query-block")) {
            if (before.qcow2()
                    .getFirst()
                    .equals(b.path("inserted").path("node-name").asString(""))) {
                file = b.path("inserted").path("file").asString(null);
            }
        }
        if (file == null || file.startsWith("json:")) {
            return e;
        }
        Path image = Path.of(file);
        String where;
        if (DiskFull.means(e.getMessage())) {
            where = DiskFull.hint(e.getMessage(), image).orElseThrow();
        } else {
            JsonNode memory = qmp.execute("query-memory-size-summary");
            long ram = memory.path("base-memory").asLong(0)
                    + memory.path("plugged-memory").asLong(0);
            Optional<String> space =
                    SnapshotSpace.explain(image, Files.getFileStore(image).getUsableSpace(), ram);
            if (space.isEmpty()) {
                return e;
            }
            where = space.get();
        }
        Map<String, Integer> after = disks().snapshots();
        String kept = after.equals(before.snapshots())
                ? "; its earlier snapshots are unchanged"
                        + (after.isEmpty() ? "" : " (" + String.join(", ", after.keySet()) + ")")
                : "; its snapshots are now " + after + " (before: " + before.snapshots() + ")";
        return new SnapshotException(e.getMessage() + where + kept, e);
    }

    private void requireExisting(SnapshotDisks d, String tag) throws SnapshotException {
        if (!d.snapshots().containsKey(tag)) {
            throw new SnapshotException("VM " + vm + " has no snapshot '" + tag + "'"
                    + (d.snapshots().isEmpty()
                            ? " (it has none)"
                            : "; it has " + String.join(", ", d.snapshots().keySet())));
        }
    }

    static void checkTag(String tag) throws SnapshotException {
        if (!TAG.matcher(tag).matches()) {
            throw new SnapshotException("'" + tag + "' is not a snapshot tag; use 1 to 64 letters, digits, '.', '_'"
                    + " or '-', starting with a letter or digit");
        }
    }

    private boolean hasJobs() throws IOException {
        return new QmpCommands(qmp).queryCommands().contains("snapshot-save");
    }

    /**
     * Starts the job and waits for it to conclude (JOB_STATUS_CHANGE, registered before the command), then reads
     * its error from query-jobs and dismisses it.
     */
    private void runJob(String command, ObjectNode args, Duration timeout) throws IOException {
        String id = "kvmctl-" + command + "-" + ProcessHandle.current().pid() + "-" + JOBS.incrementAndGet();
        args.put("job-id", id);
        try (EventWaiter concluded = qmp.expectEvent(
                "JOB_STATUS_CHANGE",
                e -> id.equals(e.data().path("id").asString(""))
                        && "concluded".equals(e.data().path("status").asString("")))) {
            try {
                qmp.execute(command, args);
            } catch (QmpException e) {
                throw new SnapshotException(command + " of VM " + vm + " was refused: " + e.description(), e);
            }
            try {
                concluded.await(timeout);
            } catch (QmpTimeoutException e) {
                throw new SnapshotException(
                        command + " of VM " + vm + " did not finish within " + timeout.toSeconds() + " s; job " + id
                                + " is still running ('kvmctl qmp' query-jobs shows it)",
                        e);
            }
        }
        String error = null;
        for (JsonNode job : qmp.execute("query-jobs")) {
            if (id.equals(job.path("id").asString(""))) {
                error = job.path("error").asString(null);
            }
        }
        qmp.execute("job-dismiss", Json.object().put("id", id));
        if (error != null) {
            throw new SnapshotException(command + " of VM " + vm + " failed: " + error);
        }
    }

    /** HMP prints nothing on success and the error otherwise. */
    private void hmp(String commandLine, Duration timeout) throws IOException {
        String out = qmp.execute("human-monitor-command", Json.object().put("command-line", commandLine), timeout)
                .asString("")
                .strip();
        if (!out.isEmpty()) {
            throw new SnapshotException(commandLine.split(" ")[0] + " of VM " + vm + " failed: " + out);
        }
    }

    private static ArrayNode nodes(List<String> names) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        names.forEach(a::add);
        return a;
    }
}
