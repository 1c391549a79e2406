package io.kvmctl.cli;

import io.kvmctl.vm.GuestSsh;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmHomes;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
        name = "ssh",
        mixinStandardHelpOptions = true,
        description = {
            "Log in to a VM, or run a command there, with the system ssh: as the user its cloud-init seed made, with"
                    + " the key kvmctl made for it (cloud_init: {ssh: true}), through its forward to guest port 22, or"
                    + " else (agent: true) to port 22 of the guest's address its guest agent reports. With a command, its"
                    + " exit code is kvmctl's (255: ssh itself failed)."
        },
        footerHeading = "%nExamples:%n",
        footer = {"  kvmctl ssh web                 a login shell", "  kvmctl ssh web -- uname -n     a command"})
final class SshCommand extends VmCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The VM")
    String name;

    @Parameters(index = "1..*", paramLabel = "CMD", description = "A command to run instead of a login shell")
    List<String> command = List.of();

    @Override
    public Integer call() throws Exception {
        GuestSsh ssh;
        try (Vm vm = attach(name)) {
            if (!vm.isRunning()) {
                return fail("VM " + name + " is not running; start it with 'kvmctl up'");
            }
            ssh = vm.ssh(VmHomes.fromEnvironment());
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        out().flush();
        err().flush();
        Process p;
        try {
            // Inherited stdin/stdout/stderr: ssh talks to the terminal itself (passwords, raw mode, pipes).
            p = new ProcessBuilder(ssh.argv(false, command)).inheritIO().start();
        } catch (IOException e) {
            return fail("cannot run ssh (" + e.getMessage() + "); install openssh-client");
        }
        return p.waitFor();
    }
}
