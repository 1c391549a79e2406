package io.kvmctl.qapi;

import io.kvmctl.qmp.Json;
import io.kvmctl.qmp.QemuVersion;
import io.kvmctl.qmp.QmpClient;
import io.kvmctl.qmp.QmpConnectionClosedException;
import io.kvmctl.qmp.QmpEvent;
import io.kvmctl.qmp.Replies;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Typed helpers for the QMP commands used most, with argument names as in QEMU's QAPI schema. Everything else
 * goes through {@link QmpClient#execute(String, ObjectNode)}. Each helper uses the client's command timeout
 * unless it takes one.
 */
public final class QmpCommands {
    private final QmpClient client;

    public QmpCommands(QmpClient client) {
        this.client = client;
    }

    public QmpStatus queryStatus() throws IOException {
        return QmpStatus.fromJson(client.execute("query-status"));
    }

    public QemuVersion queryVersion() throws IOException {
        return QemuVersion.fromJson(client.execute("query-version"));
    }

    /** The names of the commands this QEMU accepts. */
    public List<String> queryCommands() throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode c : client.execute("query-commands")) {
            names.add(Replies.string("query-commands", c, "name"));
        }
        return names;
    }

    /** Pauses the vCPUs (state {@code paused}). */
    public void stop() throws IOException {
        client.execute("stop");
    }

    /** Resumes the vCPUs; also starts a QEMU begun with {@code -S}. */
    public void cont() throws IOException {
        client.execute("cont");
    }

    /** Presses the ACPI power button; the guest decides whether to shut down. */
    public void systemPowerdown() throws IOException {
        client.execute("system_powerdown");
    }

    public void systemReset() throws IOException {
        client.execute("system_reset");
    }

    /**
     * Makes QEMU exit. QEMU replies and then closes the connection; if the close overtakes the reply, that
     * counts as success too, because exiting is what was asked for.
     */
    public void quit() throws IOException {
        try {
            client.execute("quit");
        } catch (QmpConnectionClosedException e) {
            // QEMU is gone, as requested.
        }
    }

    /**
     * {@code device_add}: {@code properties} holds {@code driver}, {@code id} and any device property, e.g.
     * {@code {"driver": "virtio-net-pci", "id": "nic1", "netdev": "net1"}}.
     */
    public void deviceAdd(ObjectNode properties) throws IOException {
        if (!properties.has("driver")) {
            throw new IllegalArgumentException("device_add needs a 'driver' property");
        }
        client.execute("device_add", properties);
    }

    /** {@code device_add} of {@code driver} with {@code id} and string properties. */
    public void deviceAdd(String driver, String id, Map<String, String> properties) throws IOException {
        ObjectNode args = Json.object().put("driver", driver).put("id", id);
        properties.forEach(args::put);
        deviceAdd(args);
    }

    /**
     * {@code device_del} and wait for its {@code DEVICE_DELETED}: unplug needs the guest's cooperation (ACPI or
     * PCIe hot-plug), so the command's success only means the request was made. Registers for the event first.
     *
     * @throws io.kvmctl.qmp.QmpTimeoutException when the guest did not release the device in time
     */
    public QmpEvent deviceDel(String id, Duration timeout) throws IOException {
        return client.executeAndAwait(
                "device_del",
                Json.object().put("id", id),
                "DEVICE_DELETED",
                e -> id.equals(e.data().path("device").asString(null)),
                timeout);
    }

    /** {@code netdev_add}: {@code options} holds {@code type}, {@code id} and the backend's options. */
    public void netdevAdd(ObjectNode options) throws IOException {
        client.execute("netdev_add", options);
    }

    public void netdevDel(String id) throws IOException {
        client.execute("netdev_del", Json.object().put("id", id));
    }

    /** {@code blockdev-add}: {@code options} is a BlockdevOptions object with {@code driver} and {@code node-name}. */
    public void blockdevAdd(ObjectNode options) throws IOException {
        client.execute("blockdev-add", options);
    }

    public void blockdevDel(String nodeName) throws IOException {
        client.execute("blockdev-del", Json.object().put("node-name", nodeName));
    }

    /**
     * Passes {@code fd} to QEMU under {@code name} ({@code getfd}), for options that take a descriptor name such
     * as {@code netdev_add tap fd=NAME}. Our copy stays ours to close.
     */
    public void getfd(String name, int fd) throws IOException {
        client.executeWithFds(
                "getfd", Json.object().put("fdname", name), client.options().commandTimeout(), fd);
    }

    public void closefd(String name) throws IOException {
        client.execute("closefd", Json.object().put("fdname", name));
    }

    /**
     * Adds {@code fd} to an fd set ({@code add-fd}); options that open files accept the set as
     * {@code /dev/fdset/N}. {@code fdsetId} may be null for a new set.
     */
    public FdSetEntry addFd(int fd, Integer fdsetId, String opaque) throws IOException {
        ObjectNode args = Json.object();
        if (fdsetId != null) {
            args.put("fdset-id", fdsetId);
        }
        if (opaque != null) {
            args.put("opaque", opaque);
        }
        JsonNode r = client.executeWithFds("add-fd", args, client.options().commandTimeout(), fd);
        return new FdSetEntry(Replies.intNumber("add-fd", r, "fdset-id"), Replies.intNumber("add-fd", r, "fd"));
    }

    public void removeFd(int fdsetId) throws IOException {
        client.execute("remove-fd", Json.object().put("fdset-id", fdsetId));
    }

    /** Starts an outgoing migration to {@code uri} (e.g. {@code unix:/run/x.sock}, {@code tcp:host:port}). */
    public void migrate(String uri) throws IOException {
        client.execute("migrate", Json.object().put("uri", uri));
    }

    /** Starts listening for an incoming migration (QEMU must run with {@code -incoming defer}). */
    public void migrateIncoming(String uri) throws IOException {
        client.execute("migrate-incoming", Json.object().put("uri", uri));
    }

    public MigrationInfo queryMigrate() throws IOException {
        return MigrationInfo.fromJson(client.execute("query-migrate"));
    }

    /** Turns migration capabilities on or off, e.g. {@code Map.of("postcopy-ram", true)}. */
    public void migrateSetCapabilities(Map<String, Boolean> capabilities) throws IOException {
        ArrayNode list = Json.MAPPER.createArrayNode();
        capabilities.forEach(
                (name, state) -> list.add(Json.object().put("capability", name).put("state", state)));
        ObjectNode args = Json.object();
        args.set("capabilities", list);
        client.execute("migrate-set-capabilities", args);
    }

    /** Sets migration parameters, e.g. {@code {"max-bandwidth": 1073741824, "downtime-limit": 300}}. */
    public void migrateSetParameters(ObjectNode parameters) throws IOException {
        client.execute("migrate-set-parameters", parameters);
    }

    public void migrateCancel() throws IOException {
        client.execute("migrate_cancel");
    }

    /** Runs an HMP command ({@code info registers}) and returns its text output. */
    public String humanMonitorCommand(String commandLine) throws IOException {
        return Replies.stringOr(
                client.execute("human-monitor-command", Json.object().put("command-line", commandLine)), "");
    }

    /** Writes the screen to {@code file} on QEMU's side (PPM, or PNG when {@code png} and QEMU >= 7.1). */
    public void screendump(Path file, boolean png) throws IOException {
        ObjectNode args = Json.object().put("filename", file.toString());
        if (png) {
            args.put("format", "png");
        }
        client.execute("screendump", args);
    }

    public JsonNode queryVnc() throws IOException {
        return client.execute("query-vnc");
    }

    /** Sets the VNC password ({@code change-vnc-password}, QEMU >= 7.0; older QEMU used {@code change vnc password}). */
    public void changeVncPassword(String password) throws IOException {
        client.execute("change-vnc-password", Json.object().put("password", password));
    }

    /** Asks the balloon driver to bring the guest to {@code bytes} of RAM. */
    public void balloon(long bytes) throws IOException {
        client.execute("balloon", Json.object().put("value", bytes));
    }

    /** The guest's current RAM size in bytes as the balloon sees it. */
    public long queryBalloon() throws IOException {
        return Replies.wholeNumber("query-balloon", client.execute("query-balloon"), "actual");
    }

    public List<VcpuInfo> queryCpusFast() throws IOException {
        List<VcpuInfo> cpus = new ArrayList<>();
        client.execute("query-cpus-fast").forEach(c -> cpus.add(VcpuInfo.fromJson(c)));
        return cpus;
    }

    public JsonNode queryBlock() throws IOException {
        return client.execute("query-block");
    }

    public JsonNode queryBlockstats() throws IOException {
        return client.execute("query-blockstats");
    }
}
