package io.kvmctl.cli;

import io.kvmctl.cli.json.SnapshotListJson;
import io.kvmctl.snapshot.Snapshots;
import io.kvmctl.text.TextTable;
import io.kvmctl.vm.Vm;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kvmctl snapshot save|load|list|delete}: internal snapshots of a running VM. */
@Command(
        name = "snapshot",
        mixinStandardHelpOptions = true,
        description =
                "Save, load, list and delete internal snapshots of a running VM (RAM," + " devices and qcow2 disks).",
        subcommands = {
            SnapshotCommand.Save.class,
            SnapshotCommand.Load.class,
            SnapshotCommand.ListSnapshots.class,
            SnapshotCommand.Delete.class
        })
final class SnapshotCommand extends VmCommand {
    @Override
    public Integer call() {
        spec.commandLine().usage(out());
        return KvmctlCommand.EXIT_USAGE;
    }

    /** What save, load and delete share. */
    abstract static class TagCommand extends VmCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The VM")
        String name;

        @Parameters(index = "1", paramLabel = "TAG", description = "The snapshot's name")
        String tag;

        @Option(
                names = "--timeout",
                paramLabel = "DURATION",
                defaultValue = "5m",
                converter = DurationConverter.class,
                description = "How long the snapshot job may take: " + DurationConverter.SYNTAX
                        + " (default: ${DEFAULT-VALUE})")
        Duration timeout;

        abstract Snapshots.Outcome run(Snapshots s, Duration timeout) throws IOException;

        abstract String done();

        @Override
        public Integer call() {
            try (Vm vm = attach(name)) {
                Snapshots.Outcome o = run(vm.snapshots(), timeout);
                out().println(done() + " snapshot " + tag + " of VM " + name + " (" + o.via() + ")");
                o.notes().forEach(n -> out().println("  note: " + n));
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return fail(e.getMessage());
            }
        }
    }

    @Command(name = "save", mixinStandardHelpOptions = true, description = "Save the running VM as snapshot TAG.")
    static final class Save extends TagCommand {
        @Option(
                names = "--quiesce",
                description = "Freeze the guest's file systems through its guest agent (profile 'agent: true')"
                        + " for the snapshot, thawing them after; refused when the agent does not answer")
        boolean quiesce;

        @Override
        Snapshots.Outcome run(Snapshots s, Duration timeout) throws IOException {
            return s.save(tag, timeout, quiesce);
        }

        @Override
        String done() {
            return "saved";
        }
    }

    @Command(name = "load", mixinStandardHelpOptions = true, description = "Bring the VM back to snapshot TAG.")
    static final class Load extends TagCommand {
        @Override
        Snapshots.Outcome run(Snapshots s, Duration timeout) throws IOException {
            return s.load(tag, timeout);
        }

        @Override
        String done() {
            return "loaded";
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete snapshot TAG.")
    static final class Delete extends TagCommand {
        @Override
        Snapshots.Outcome run(Snapshots s, Duration timeout) throws IOException {
            return s.delete(tag, timeout);
        }

        @Override
        String done() {
            return "deleted";
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the snapshots on the VM's qcow2 disks.")
    static final class ListSnapshots extends VmCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The VM")
        String name;

        @Option(names = "--json", description = "Print as JSON")
        boolean json;

        @Override
        public Integer call() {
            try (Vm vm = attach(name)) {
                Map<String, Integer> tags = vm.snapshots().list();
                if (json) {
                    out().println(CliJson.write(SnapshotListJson.KIND, SnapshotListJson.of(name, tags)));
                } else {
                    TextTable table = TextTable.withHeaders("TAG", "DISKS").alignRight(1);
                    tags.forEach(table::row);
                    if (!table.isEmpty()) {
                        out().print(table.render());
                        out().flush(); // print() does not flush an autoflush writer, and Main exits without closing it
                    }
                }
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return fail(e.getMessage());
            }
        }
    }
}
