package io.kvmctl.qemu;

import io.kvmctl.profile.Profile;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The guest agent's channel ({@code agent: true}): a virtio-serial controller with one port named
 * {@value #CHANNEL_NAME}, the name qemu-guest-agent's systemd unit waits for, on a socket chardev. As for the
 * monitors, kvmctl binds that socket (0600) and QEMU inherits it: a socket QEMU bound itself would be made before
 * it drops to the {@code kvmctl} user, but nothing would stop that user from later replacing it. libvirt writes the
 * same three options for {@code <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/>}, its
 * socket also passed as a descriptor.
 */
public final class AgentArgs {
    public static final String CHARDEV = "kvmctl-agent";
    public static final String CONTROLLER = "kvmctl-vserial0";
    public static final String PORT_DEVICE = "kvmctl-agent0";
    /** The q35 root port the controller sits behind; not {@code kvmctl-rp-ID}, which a disk called "agent" has. */
    public static final String ROOT_PORT = "kvmctl-agent-port";
    /** The port name qemu-ga opens ({@code /dev/virtio-ports/org.qemu.guest_agent.0}). */
    public static final String CHANNEL_NAME = "org.qemu.guest_agent.0";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AgentArgs() {}

    /** The chardev, the controller and the port, when the profile asks for an agent. */
    static void add(
            List<String> a, Profile p, LaunchContext ctx, Optional<InheritedSockets> inherited, RootPorts ports) {
        if (!p.agent()) {
            return;
        }
        QemuOpts chardev = new QemuOpts("socket").add("id", CHARDEV);
        if (inherited.isPresent()) {
            chardev.add("fd", Integer.toString(inherited.get().agentFd(p)));
        } else {
            chardev.add("path", ctx.qmpSocket().resolveSibling("agent.sock").toString());
        }
        a.add("-chardev");
        a.add(chardev.add("server", "on").add("wait", "off").toString());
        ObjectNode controller =
                JSON.createObjectNode().put("driver", "virtio-serial-pci").put("id", CONTROLLER);
        ports.portOf(CONTROLLER).ifPresent(port -> controller.put("bus", port));
        QemuCommandLine.json(a, "-device", controller);
        QemuCommandLine.json(
                a,
                "-device",
                JSON.createObjectNode()
                        .put("driver", "virtserialport")
                        .put("bus", CONTROLLER + ".0")
                        .put("nr", 1)
                        .put("chardev", CHARDEV)
                        .put("id", PORT_DEVICE)
                        .put("name", CHANNEL_NAME));
    }

    /** Whether a recorded argv has the agent's channel: what the VM was started with, whatever its profile says now. */
    public static boolean recordedIn(List<String> argv) {
        return argv.stream().anyMatch(arg -> arg.startsWith("socket,id=" + CHARDEV + ","));
    }
}
