package io.kvmctl.cli;

import io.kvmctl.cli.json.RunStateJson;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** pause, resume and reset: one call each on the {@link Vm}. */
abstract class RunControlCommand extends VmCommand {
    @Parameters(paramLabel = "NAME", description = "The VM")
    String name;

    @Option(names = "--json", description = "Print the VM's run state afterwards as JSON (docs/json.md)")
    boolean json;

    abstract void run(Vm vm) throws IOException;

    abstract String done();

    @Override
    public Integer call() throws Exception {
        String state;
        try (Vm vm = attach(name)) {
            run(vm);
            state = json ? vm.status().state() : null;
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        if (json) {
            String action = getClass().getAnnotation(Command.class).name();
            out().println(CliJson.write("kvmctl." + action + "/1", new RunStateJson(name, action, state)));
            return 0;
        }
        out().println("VM " + name + " " + done());
        return 0;
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a VM's vCPUs (QMP stop).")
    static final class Pause extends RunControlCommand {
        @Override
        void run(Vm vm) throws IOException {
            vm.pause();
        }

        @Override
        String done() {
            return "is paused; 'kvmctl resume " + name + "' continues it";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused VM (QMP cont).")
    static final class Resume extends RunControlCommand {
        @Override
        void run(Vm vm) throws IOException {
            vm.resume();
        }

        @Override
        String done() {
            return "is running";
        }
    }

    @Command(
            name = "reset",
            mixinStandardHelpOptions = true,
            description = "Hard-reset a VM, like its reset button (QMP system_reset).")
    static final class Reset extends RunControlCommand {
        @Override
        void run(Vm vm) throws IOException {
            vm.reset();
        }

        @Override
        String done() {
            return "was reset";
        }
    }
}
