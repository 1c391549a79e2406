/**
 * kvmctl: run and control QEMU/KVM virtual machines without libvirt, as a library ({@link io.kvmctl.vm.Vm} is the
 * one object an embedder acts on) and as the {@code kvmctl} command line.
 *
 * <p>Native access. The restricted Foreign Function &amp; Memory calls all live in {@code io.kvmctl.sys}, which is
 * not exported: grant this module native access with {@code --enable-native-access=io.kvmctl} (the launcher
 * {@code ./kvmctl} does). Run as {@code java -jar kvmctl.jar}, the jar is on the class path instead, where this
 * descriptor is ignored and the manifest's {@code Enable-Native-Access: ALL-UNNAMED} grants it.
 *
 * <p>Reflection. picocli reads and sets the annotated fields of the command classes, so {@code io.kvmctl.cli} is
 * opened to picocli alone (and not exported: the command line is no API). Jackson needs no {@code opens}: the records
 * it reads and writes (VM and network records on disk, the {@code --json} output) are public records in exported
 * packages, whose public accessors and constructors it may use; the command line's {@code --json} records are in
 * {@code io.kvmctl.cli.json}, opened to Jackson alone.
 */
// jline's jars are automatic modules (named in their manifests, no descriptor): a known, accepted dependency.
@SuppressWarnings("requires-automatic")
module io.kvmctl {
    // Jackson types (JsonNode, ObjectNode, JacksonException) are in the public API of qmp, qapi and the layers above.
    requires transitive tools.jackson.core;
    requires transitive tools.jackson.databind;
    requires tools.jackson.dataformat.yaml;
    requires info.picocli;
    // qmp-shell's line editing (automatic modules: the jars name themselves in their manifests).
    requires org.jline.reader;
    requires org.jline.terminal;
    // Screenshots: display's public API hands out BufferedImages; ImageIO writes them as PNG.
    requires transitive java.desktop;
    // kvmctl web: Jetty's core HTTP server and its WebSocket API (io.kvmctl.web is not exported: no API yet).
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    requires org.eclipse.jetty.websocket.api;
    requires org.eclipse.jetty.websocket.server;
    requires java.logging;

    exports io.kvmctl.vm;
    exports io.kvmctl.profile;
    exports io.kvmctl.qemu;
    exports io.kvmctl.qmp;
    exports io.kvmctl.qmp.script;
    exports io.kvmctl.qapi;
    exports io.kvmctl.devices;
    exports io.kvmctl.limits;
    exports io.kvmctl.net;
    exports io.kvmctl.display;
    exports io.kvmctl.snapshot;
    exports io.kvmctl.migrate;
    exports io.kvmctl.stats;
    exports io.kvmctl.resources;
    exports io.kvmctl.clone;
    exports io.kvmctl.image;
    exports io.kvmctl.probe;
    exports io.kvmctl.kvm;
    exports io.kvmctl.unix;
    exports io.kvmctl.firmware;
    exports io.kvmctl.cloudinit;
    exports io.kvmctl.agent;
    exports io.kvmctl.create;
    exports io.kvmctl.store;

    opens io.kvmctl.cli to
            info.picocli;
    // The --json output records (docs/json.md): read by Jackson, no API.
    opens io.kvmctl.cli.json to
            tools.jackson.databind;
}
