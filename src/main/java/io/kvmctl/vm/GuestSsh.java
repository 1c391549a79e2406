package io.kvmctl.vm;

import io.kvmctl.agent.GuestAddress;
import io.kvmctl.agent.GuestAgentException;
import io.kvmctl.net.ForwardMapping;
import io.kvmctl.net.NetworkState;
import io.kvmctl.net.NetworkStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach a VM's sshd: the cloud-init user its seed made, the user-network forward to guest port 22 that
 * QEMU set up (from {@code net.json}) or else the guest's address from its agent, and kvmctl's key for the VM when
 * it made one. {@link #argv} is the system {@code ssh} command; kvmctl never speaks ssh itself, so the user's ssh
 * config, agent and options keep working.
 *
 * <p>Host keys: a VM started on a fresh overlay gets new host keys, so ssh keeps a {@code known_hosts} per VM in
 * its home, reset at each start that writes a seed, and accepts the first key it sees ({@code accept-new}): later
 * connections in the same run are checked against it. {@code HostKeyAlias} names the VM, not the forwarded port,
 * which may change from one start to the next.
 */
public record GuestSsh(String vmName, String user, String host, int port, Optional<VmSshKey> key) {
    public static final int SSH_PORT = 22;

    /**
     * The endpoint of VM {@code vm}: through its forward to guest port 22, else on port 22 of the address its guest
     * agent reports (see {@link StartedNics#sshAddress}); or a one-line reason it has none.
     *
     * @throws io.kvmctl.agent.GuestAgentException no forward, and the agent did not answer or told no address the
     *     host can reach (yet: a booting guest may answer later)
     */
    public static GuestSsh of(Vm vm, VmHomes homes) throws IOException {
        String user = userOf(vm);
        Optional<VmSshKey> key = VmSshKey.existing(homes, vm.name());
        Optional<ForwardMapping> forward =
                sshForward(NetworkStateStore.read(vm.directory().path()));
        if (forward.isPresent()) {
            return new GuestSsh(
                    vm.name(),
                    user,
                    connectAddress(forward.get()),
                    forward.get().hostPort(),
                    key);
        }
        requireForwardOrAgent(vm);
        List<GuestAddress> told;
        try {
            told = vm.guestAddresses();
        } catch (GuestAgentException e) {
            throw new GuestAgentException(
                    "VM " + vm.name() + " has no forward to guest port 22, and "
                            + e.getMessage().replaceFirst("^VM " + Pattern.quote(vm.name()) + ": ", ""),
                    e);
        }
        GuestAddress address = vm.startedNics()
                .sshAddress(told)
                .orElseThrow(() -> new GuestAgentException("VM " + vm.name() + " has no forward to guest port 22,"
                        + " and its guest agent reports no IPv4 address the host can reach (a user-network address"
                        + " is private to QEMU): add 'hostfwd: [{host_port: auto, guest_port: 22}]' under its user"
                        + " NIC, or give it a tap or bridge NIC, then restart it"));
        return new GuestSsh(vm.name(), user, address.address(), SSH_PORT, key);
    }

    /** Fails, saying how to fix it, when ssh cannot work whatever the guest does: no seeded user. */
    static String userOf(Vm vm) throws IOException {
        VmDirectory dir = vm.directory();
        if (!Files.isRegularFile(dir.guestUserFile())) {
            throw new IOException("VM " + vm.name() + " has no cloud-init user kvmctl knows of: give its profile "
                    + "'cloud_init: {ssh: true}' (kvmctl's key and your ~/.ssh/*.pub), then restart it");
        }
        return Files.readString(dir.guestUserFile()).strip();
    }

    /** Fails, saying how to fix it, when kvmctl has no way to learn where the guest's sshd is. */
    static void requireForwardOrAgent(Vm vm) throws IOException {
        if (sshForward(NetworkStateStore.read(vm.directory().path())).isEmpty() && !VmAgent.hasChannel(vm)) {
            throw new IOException("VM " + vm.name() + " has no forward to guest port 22 and no guest agent to tell"
                    + " its address: add 'hostfwd: [{host_port: auto, guest_port: 22}]' under its user NIC (nics:"
                    + " - user: ...), or 'agent: true' (qemu-guest-agent in the guest) for a tap or bridge NIC,"
                    + " then restart it");
        }
    }

    /** The TCP forward to guest port 22 (the first, if there are several). */
    static Optional<ForwardMapping> sshForward(NetworkState net) {
        return forwardTo(net, SSH_PORT);
    }

    /** The TCP forward to guest port {@code guestPort}. */
    static Optional<ForwardMapping> forwardTo(NetworkState net, int guestPort) {
        return net.forwards().stream()
                .filter(f -> f.protocol().equals("tcp") && f.guestPort() == guestPort)
                .findFirst();
    }

    /** Where a client on this host connects: a forward bound to every address is reached on loopback. */
    static String connectAddress(ForwardMapping f) {
        return f.hostAddress() == null
                        || f.hostAddress().isEmpty()
                        || f.hostAddress().equals("0.0.0.0")
                ? "127.0.0.1"
                : f.hostAddress();
    }

    /**
     * The {@code ssh} argv. {@code batch}: never prompt (for {@code up --wait ssh}: a password prompt would hang
     * it), give up a connection after 10 s. {@code command}: run it instead of a login shell.
     */
    public List<String> argv(boolean batch, List<String> command) {
        List<String> a = new ArrayList<>(List.of("ssh"));
        key.ifPresent(k -> {
            a.addAll(List.of("-i", k.privateKey().toString()));
            a.addAll(List.of("-o", "UserKnownHostsFile=" + k.knownHosts()));
        });
        if (key.isEmpty()) {
            a.addAll(List.of("-o", "UserKnownHostsFile=/dev/null")); // no home to pin host keys in
        }
        a.addAll(List.of(
                "-o",
                "StrictHostKeyChecking=accept-new",
                "-o",
                "HostKeyAlias=kvmctl-" + vmName,
                "-o",
                "LogLevel=ERROR",
                "-p",
                Integer.toString(port)));
        if (batch) {
            a.addAll(List.of("-o", "BatchMode=yes", "-o", "ConnectTimeout=10"));
        }
        a.add(user + "@" + host);
        if (!command.isEmpty()) {
            a.add("--");
            a.addAll(command);
        }
        return List.copyOf(a);
    }

    /** {@code alice@127.0.0.1:2222}, for messages. */
    public String describe() {
        return user + "@" + host + ":" + port;
    }
}
