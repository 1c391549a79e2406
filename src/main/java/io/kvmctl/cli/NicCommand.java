package io.kvmctl.cli;

import io.kvmctl.cli.json.NicJson;
import io.kvmctl.net.HotNic;
import io.kvmctl.net.NicRequest;
import io.kvmctl.profile.NetBackend;
import io.kvmctl.profile.NicSpec;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvmctl nic add|del}: NIC hot-plug on a running VM. */
@Command(
        name = "nic",
        mixinStandardHelpOptions = true,
        description = "Add or remove a NIC of a running VM (QMP hot-plug).",
        subcommands = {NicCommand.Add.class, NicCommand.Del.class})
final class NicCommand extends VmCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return KvmctlCommand.EXIT_USAGE;
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Hot-add a NIC: user networking (default), an existing or new tap, or a new tap on a bridge.",
                "Its MAC is derived from the VM name like the profile's NICs; on q35 it goes into a free hot-plug port."
            })
    static final class Add extends VmCommand {
        @Parameters(paramLabel = "NAME", description = "The VM")
        String name;

        static final class Backend {
            @Option(names = "--tap", paramLabel = "IFNAME", description = "Use tap IFNAME (created when missing)")
            String tap;

            @Option(names = "--bridge", paramLabel = "BR", description = "A new tap on bridge BR")
            String bridge;

            @Option(names = "--user", description = "QEMU user networking (the default)")
            boolean user;
        }

        @ArgGroup(exclusive = true)
        Backend backend;

        @Option(names = "--model", defaultValue = "virtio-net", description = "virtio-net (default), e1000 or rtl8139")
        String model;

        @Option(names = "--id", description = "Device and netdev id (default hnic0, hnic1, ...)")
        String id;

        @Option(names = "--json", description = "Print the new NIC as JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            NicSpec.Model m = java.util.Arrays.stream(NicSpec.Model.values())
                    .filter(v -> v.yamlName().equals(model))
                    .findFirst()
                    .orElse(null);
            if (m == null) {
                return fail("--model " + model + " is not one of virtio-net, e1000, rtl8139");
            }
            NetBackend b = backend == null || backend.user
                    ? new NetBackend.User(List.of())
                    : backend.tap != null
                            ? new NetBackend.Tap(Optional.of(backend.tap))
                            : new NetBackend.Bridge(backend.bridge);
            HotNic nic;
            try (Vm vm = attach(name)) {
                nic = vm.nics().add(new NicRequest(Optional.ofNullable(id), b, m));
            } catch (IOException | IllegalArgumentException e) {
                return fail(e.getMessage());
            }
            if (json) {
                out().println(CliJson.write(NicJson.KIND, NicJson.of(name, nic)));
            } else {
                out().println("added NIC " + nic.id() + " (" + nic.model() + ", " + nic.backend() + ", mac " + nic.mac()
                        + (nic.port() == null ? "" : ", port " + nic.port()) + ") to VM " + name);
            }
            return 0;
        }
    }

    @Command(
            name = "del",
            mixinStandardHelpOptions = true,
            description = "Hot-remove a NIC; waits until the guest has released it (DEVICE_DELETED).")
    static final class Del extends VmCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The VM")
        String name;

        @Parameters(index = "1", paramLabel = "ID", description = "The NIC's id")
        String id;

        @Option(
                names = "--timeout",
                paramLabel = "DURATION",
                defaultValue = "30s",
                converter = DurationConverter.class,
                description = "How long the guest may take to release it: " + DurationConverter.SYNTAX
                        + " (default: ${DEFAULT-VALUE})")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            try (Vm vm = attach(name)) {
                vm.nics().del(id, timeout);
            } catch (IOException | IllegalArgumentException e) {
                return fail(e.getMessage());
            }
            out().println("removed NIC " + id + " from VM " + name);
            return 0;
        }
    }
}
