package io.kvmctl.cli;

import io.kvmctl.profile.Problem;
import io.kvmctl.profile.Profile;
import io.kvmctl.profile.ProfileException;
import io.kvmctl.profile.ProfileLoader;
import io.kvmctl.qemu.LaunchContext;
import io.kvmctl.qemu.MachineTypes;
import io.kvmctl.qemu.QemuCommandLine;
import io.kvmctl.vm.QemuBinaries;
import io.kvmctl.vm.QemuMachineTypes;
import io.kvmctl.vm.QemuPrivileges;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.StartArgv;
import io.kvmctl.vm.VmStartException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

/** {@code kvmctl cmdline PROFILE}: the QEMU command line {@code kvmctl up} would run, without running it. */
@Command(
        name = "cmdline",
        mixinStandardHelpOptions = true,
        description = {
            "Print the QEMU command line 'kvmctl up' runs for a profile (shell-quoted, or --json), without starting it.",
            "Sockets and taps are descriptors kvmctl opens and QEMU inherits (fd=3 ...): stderr says which is which."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "2:the profile has errors (each is printed) or bad usage"})
public final class CmdlineCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROFILE", description = "The YAML profile.")
    Path profile;

    @Option(names = "--name", paramLabel = "NAME", description = "VM name (default: the profile's name).")
    String name;

    @Option(names = "--json", description = "Print the argv as a JSON array.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProfileLoader.Loaded loaded;
        try {
            loaded = ProfileLoader.forThisHost().load(profile, Optional.ofNullable(name));
        } catch (ProfileException e) {
            e.problems().forEach(p -> err.println(p));
            return KvmctlCommand.EXIT_USAGE;
        }
        for (Problem warning : loaded.warnings()) {
            err.println(warning);
        }
        // The argv of a 'kvmctl up' of this profile: the sockets and taps are descriptors kvmctl would open and
        // QEMU inherit, shown as numbers (as virsh domxml-to-native shows libvirt's); stderr says which is which,
        // so stdout stays exactly the argv (a shell line that runs, or the array state.json records).
        Profile p = loaded.profile();
        Path qemu = p.qemu().orElseGet(CmdlineCommand::defaultQemu);
        // The versioned machine type 'up' would run (q35 -> pc-q35-7.2), when that QEMU is here to say.
        try {
            MachineTypes types = QemuMachineTypes.of(qemu);
            var resolved = types.resolve(p.machine());
            if (resolved.isEmpty()) {
                err.println("machine: QEMU " + qemu + " " + types.whyUnknown(p.machine()));
                err.flush();
                return KvmctlCommand.EXIT_USAGE;
            }
            p = p.withMachine(resolved.get());
        } catch (VmStartException cannotAsk) {
            err.println("kvmctl: machine " + p.machine() + " is printed as written, not resolved to a versioned type: "
                    + cannotAsk.getMessage());
        }
        java.util.Optional<io.kvmctl.qemu.PrivilegeDrop> dropTo;
        try {
            dropTo = QemuPrivileges.forStart(p, java.util.Optional.empty(), qemu);
        } catch (VmStartException cannotRunAs) {
            // 'up' would refuse this; say why, and still print the rest of the line.
            err.println("kvmctl: 'up' would refuse this profile: " + cannotRunAs.getMessage());
            dropTo = java.util.Optional.empty();
        }
        StartArgv start;
        try {
            start = StartArgv.of(p, RuntimeRoot.fromEnvironment(), qemu, dropTo);
        } catch (IllegalArgumentException noFirmware) {
            err.println("kvmctl: " + noFirmware.getMessage());
            err.flush();
            return KvmctlCommand.EXIT_USAGE;
        }
        out.println(
                json
                        ? JsonMapper.builder().build().writeValueAsString(start.argv())
                        : QemuCommandLine.shellQuoted(start.argv()));
        start.descriptors().forEach((fd, what) -> err.println("# fd " + fd + ": " + what));
        out.flush();
        err.flush();
        return 0;
    }

    private static Path defaultQemu() {
        try {
            return QemuBinaries.defaultBinary();
        } catch (VmStartException notInstalled) {
            return LaunchContext.DEFAULT_QEMU; // still print the line: it may be run on another machine
        }
    }
}
