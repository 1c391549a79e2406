package io.kvmctl.vm;

import io.kvmctl.net.ForwardMapping;
import io.kvmctl.net.NetworkState;
import io.kvmctl.net.NetworkStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to reach a VM's sshd: the cloud-init user its seed made, the user-network forward to guest port 22 that
 * QEMU set up (from {@code net.json}), and kvmctl's key for the VM when it made one. {@link #argv} is the system
 * {@code ssh} command; kvmctl never speaks ssh itself, so the user's ssh config, agent and options keep working.
 *
 * <p>Host keys: a VM started on a fresh overlay gets new host keys, so ssh keeps a {@code known_hosts} per VM in
 * its home, reset at each start that writes a seed, and accepts the first key it sees ({@code accept-new}): later
 * connections in the same run are checked against it. {@code HostKeyAlias} names the VM, not the forwarded port,
 * which may change from one start to the next.
 */
public record GuestSsh(String vmName, String user, String host, int port, Optional<VmSshKey> key) {
    public static final int SSH_PORT = 22;

    /** The endpoint of VM {@code vm}, or a one-line reason it has none. */
    public static GuestSsh of(Vm vm, VmHomes homes) throws IOException {
        VmDirectory dir = vm.directory();
        if (!Files.isRegularFile(dir.guestUserFile())) {
            throw new IOException("VM " + vm.name() + " has no cloud-init user kvmctl knows of: give its profile "
                    + "'cloud_init: {ssh: true}' (kvmctl's key and your ~/.ssh/*.pub), then restart it");
        }
        String user = Files.readString(dir.guestUserFile()).strip();
        ForwardMapping forward = sshForward(NetworkStateStore.read(dir.path()))
                .orElseThrow(() -> new IOException("VM " + vm.name() + " has no forward to guest port 22: add "
                        + "'hostfwd: [{host_port: auto, guest_port: 22}]' under its user NIC (nics: - user: ...),"
                        + " then restart it"));
        return new GuestSsh(
                vm.name(), user, connectAddress(forward), forward.hostPort(), VmSshKey.existing(homes, vm.name()));
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
