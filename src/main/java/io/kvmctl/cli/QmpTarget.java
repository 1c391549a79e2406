package io.kvmctl.cli;

import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The QMP endpoint a command talks to: {@code --socket PATH} or a VM name. The VM name is the first positional
 * parameter; with {@code --socket} that position belongs to the command's own operands, which
 * {@link #operands(List)} gives back.
 */
public final class QmpTarget {
    @Option(names = "--socket", paramLabel = "PATH", description = "QMP socket of a running QEMU.")
    Path socket;

    @Parameters(index = "0", arity = "0..1", paramLabel = "VM", description = "VM name (instead of --socket).")
    String vm;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    /**
     * The monitors to try, first free wins: {@code --socket PATH} alone, or for a VM name its session monitors
     * ({@code session}: qmp-shell, events, script) or, for one command, the session monitor, then the control and
     * the starter's monitors.
     */
    public List<Path> monitors(boolean session) throws IOException {
        if (socket != null) {
            return List.of(socket);
        }
        if (vm == null) {
            throw new CommandLine.ParameterException(
                    mixee.commandLine(), "give the QMP socket with --socket PATH or a VM name");
        }
        try (Vm attached = Vm.attach(RuntimeRoot.fromEnvironment(), vm)) {
            List<Path> monitors = new ArrayList<>(attached.sessionMonitors());
            if (!session) {
                monitors.add(1, attached.directory().controlSocket());
            }
            return monitors;
        }
    }

    /** The command's operands: {@code rest}, preceded by the first positional when --socket took the VM's place. */
    public List<String> operands(List<String> rest) {
        List<String> all = new ArrayList<>();
        if (socket != null && vm != null) {
            all.add(vm);
        }
        if (rest != null) {
            all.addAll(rest);
        }
        return all;
    }

    /** For commands without operands: a VM name next to --socket is a mistake. */
    public void requireNoOperands(List<String> rest) {
        List<String> extra = operands(rest);
        if (!extra.isEmpty()) {
            throw new CommandLine.ParameterException(
                    mixee.commandLine(),
                    "unexpected argument '" + extra.get(0) + "': give either --socket PATH or a VM name, not both");
        }
    }

    /** How to name the target in messages. */
    public String describe() {
        return socket != null ? socket.toString() : "VM " + vm;
    }
}
