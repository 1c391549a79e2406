package io.kvmctl.cli;

import io.kvmctl.vm.Vm;
import java.io.IOException;
import picocli.CommandLine.Parameters;

/** pause, resume and reset: one QMP command each on a running VM. */
abstract class RunControlCommand extends VmCommand {
    @Parameters(paramLabel = "NAME", description = "The VM")
    String name;

    abstract String qmpCommand();

    abstract String done();

    @Override
    public Integer call() throws Exception {
        try (Vm vm = attach(name)) {
            vm.qmp().execute(qmpCommand());
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        out().println("VM " + name + " " + done());
        return 0;
    }

    @picocli.CommandLine.Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description = "Pause a VM's vCPUs (QMP stop).")
    static final class Pause extends RunControlCommand {
        String qmpCommand() {
            return "stop";
        }

        String done() {
            return "is paused; 'kvmctl resume " + name + "' continues it";
        }
    }

    @picocli.CommandLine.Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = "Resume a paused VM (QMP cont).")
    static final class Resume extends RunControlCommand {
        String qmpCommand() {
            return "cont";
        }

        String done() {
            return "is running";
        }
    }

    @picocli.CommandLine.Command(
            name = "reset",
            mixinStandardHelpOptions = true,
            description = "Hard-reset a VM, like its reset button (QMP system_reset).")
    static final class Reset extends RunControlCommand {
        String qmpCommand() {
            return "system_reset";
        }

        String done() {
            return "was reset";
        }
    }
}
