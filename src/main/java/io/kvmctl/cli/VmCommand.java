package io.kvmctl.cli;

import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What the commands that act on a VM by name share: the runtime root, the writers and the attach. */
@picocli.CommandLine.Command(mixinStandardHelpOptions = true)
abstract class VmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    RuntimeRoot root() {
        return RuntimeRoot.fromEnvironment();
    }

    Vm attach(String name) throws IOException {
        return Vm.attach(root(), name);
    }

    /** Reports a failure as one line and returns the usage/error exit code. */
    int fail(String message) {
        // qualifiedName: "kvmctl status", and for subcommands "kvmctl image create" rather than a bare "create"
        err().println(spec.qualifiedName() + ": " + message);
        return KvmctlCommand.EXIT_USAGE;
    }
}
