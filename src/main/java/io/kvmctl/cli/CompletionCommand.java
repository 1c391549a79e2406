package io.kvmctl.cli;

import io.kvmctl.store.VmStore;
import io.kvmctl.vm.RuntimeRoot;
import java.io.IOException;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = "Print a shell completion script: commands, options, VM names (running and defined) and"
                + " profile files. Load it for this shell with the first example, or install it with 'make"
                + " install' (bash-completion and zsh find it there).",
        footerHeading = "%nExamples:%n",
        footer = {
            "  source <(kvmctl completion bash)",
            "  kvmctl completion zsh > ~/.zsh/completions/_kvmctl",
        })
final class CompletionCommand implements Callable<Integer> {
    enum Shell {
        bash,
        zsh
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "bash|zsh", description = "The shell")
    Shell shell;

    /** Asked by the scripts at each TAB where a VM name goes: one JVM start, two folder listings. */
    @Option(names = "--names", hidden = true, description = "Print the VM names, one per line")
    boolean names;

    @Override
    public Integer call() throws IOException {
        var out = spec.commandLine().getOut();
        if (names) {
            var all = new TreeSet<String>(RuntimeRoot.fromEnvironment().names());
            all.addAll(VmStore.fromEnvironment().names());
            all.forEach(out::println);
            out.flush();
            return 0;
        }
        if (shell == null) {
            spec.commandLine().getErr().println("kvmctl completion: which shell? 'kvmctl completion bash' or 'zsh'");
            return KvmctlCommand.EXIT_USAGE;
        }
        var root = KvmctlCommand.newCommandLine();
        out.print(shell == Shell.bash ? CompletionScript.bash(root) : CompletionScript.zsh(root));
        out.flush();
        return 0;
    }
}
