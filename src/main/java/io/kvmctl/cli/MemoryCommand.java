package io.kvmctl.cli;

import io.kvmctl.cli.json.MemoryJson;
import io.kvmctl.profile.Size;
import io.kvmctl.resources.Balloon;
import io.kvmctl.text.Durations;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "memory",
        mixinStandardHelpOptions = true,
        description = {
            "Show or set a running VM's memory through its balloon (profile: " + "balloon: true).",
            "The guest gives memory back up to the size it started with; exit code 1 when it did "
                    + "not reach SIZE within --wait."
        })
final class MemoryCommand extends VmCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The VM")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SIZE", description = "Target, e.g. 192M (omit to show)")
    String size;

    @Option(
            names = "--wait",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.ZeroAllowed.class,
            description = "How long to wait for the guest to reach SIZE: " + DurationConverter.SYNTAX
                    + "; 0 does not wait (default: ${DEFAULT-VALUE})")
    Duration wait;

    @Option(names = "--json", description = "Print as JSON (kvmctl.memory/1, docs/json.md)")
    boolean json;

    @Override
    public Integer call() {
        Size target = null;
        if (size != null) {
            try {
                target = SizeConverter.parse(size);
            } catch (IllegalArgumentException e) {
                return fail(e.getMessage());
            }
        }
        try (Vm vm = attach(name)) {
            Balloon balloon = vm.memory();
            if (target == null) {
                Balloon.Reading r = balloon.read();
                if (json) {
                    out().println(CliJson.write(
                            MemoryJson.KIND, new MemoryJson(name, r.actualBytes(), r.maxBytes(), null, null)));
                    return 0;
                }
                out().printf("VM %s has %s of %s%n", name, Sizes.human(r.actualBytes()), Sizes.human(r.maxBytes()));
                return 0;
            }
            Balloon.Reading r = balloon.set(target, wait);
            if (json) {
                boolean reached = r.actualBytes() == target.bytes();
                out().println(CliJson.write(
                        MemoryJson.KIND, new MemoryJson(name, r.actualBytes(), r.maxBytes(), target.bytes(), reached)));
                return reached ? 0 : KvmctlCommand.EXIT_NEGATIVE;
            }
            if (r.actualBytes() == target.bytes()) {
                out().printf(
                                "VM %s now has %s (of %s)%n",
                                name, Sizes.human(r.actualBytes()), Sizes.human(r.maxBytes()));
                return 0;
            }
            out().printf(
                            "VM %s was asked for %s and has %s after %s; the guest's balloon driver may still be "
                                    + "working, or refuses to give more%n",
                            name, Sizes.human(target.bytes()), Sizes.human(r.actualBytes()), Durations.format(wait));
            return KvmctlCommand.EXIT_NEGATIVE;
        } catch (IOException | IllegalArgumentException e) {
            return fail(e.getMessage());
        }
    }
}
