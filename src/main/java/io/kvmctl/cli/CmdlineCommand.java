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
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.VmDirectory;
import io.kvmctl.vm.VmStartException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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
        description = "Print the QEMU command line for a profile (shell-quoted, or --json), without starting it.",
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
        // The paths a 'kvmctl up' of this profile would use; QEMU binds the sockets itself in this form.
        Profile p = loaded.profile();
        VmDirectory dir = RuntimeRoot.fromEnvironment().vm(p.name());
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
        List<String> argv = QemuCommandLine.build(p, dir.launchContext(qemu, p));
        out.println(json ? JsonMapper.builder().build().writeValueAsString(argv) : QemuCommandLine.shellQuoted(argv));
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
