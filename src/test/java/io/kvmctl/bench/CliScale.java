package io.kvmctl.bench;

import io.kvmctl.qmp.Json;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.Vm;
import io.kvmctl.vm.VmRecord;
import io.kvmctl.vm.VmRecordStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.databind.JsonNode;

/**
 * The same VMs through the CLI: {@code kvmctl up} for each (child processes, {@code cliParallel} at a time), {@code list} with
 * all of them, a {@code kvmctl qmp} per VM, then a {@code kvmctl script} per VM that runs many checked commands
 * in one JVM, and {@code kvmctl down} for each. kvmctl exits after each command, so its memory is the peak RSS of
 * one command; the QEMUs and their sh supervisors stay and are reported apart.
 */
final class CliScale {
    private final ScaleBenchmark.Settings settings;
    private final Path profile;
    private final RuntimeRoot root;
    private final Path scratch;
    private final CliRunner cli;

    CliScale(ScaleBenchmark.Settings settings, Path profile, RuntimeRoot root, Path scratch) {
        this.settings = settings;
        this.profile = profile;
        this.root = root;
        this.scratch = scratch;
        this.cli = new CliRunner(root, scratch);
    }

    void run() throws Exception {
        int n = settings.vms();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(String.format("c%03d", i));
        }
        // One up and down first: the launcher builds the jar and trains the start-up cache if they are stale.
        cli.run("up", profile.toString(), "--name", "warm-up", "--paused");
        cli.run("down", "warm-up", "--force");

        List<String> upArgs = new ArrayList<>(List.of("up", profile.toString(), "--name", "NAME"));
        if (!settings.running()) {
            upArgs.add("--paused");
        }
        Phase ups = parallel(
                "kvmctl up",
                names,
                name -> upArgs.stream().map(a -> a.equals("NAME") ? name : a).toArray(String[]::new));
        ups.print(n + " x kvmctl up");
        if (ups.failures > 0) {
            throw new IOException(ups.failures + " of " + n + " 'kvmctl up' failed; first: " + ups.firstFailure);
        }
        printQemuMemory(names);

        List<CliRunner.Run> lists = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            lists.add(cli.run("list"));
        }
        CliRunner.Run json = cli.run("list", "--json");
        JsonNode listed = Json.MAPPER.readTree(json.out());
        long usable = 0;
        for (JsonNode vm : listed.path("vms")) {
            String state = vm.path("state").asString();
            if (state.equals("paused") || state.equals("prelaunch") || state.equals("running")) {
                usable++;
            }
        }
        Phase list = Phase.of(lists);
        list.print("kvmctl list (" + n + " VMs)");
        System.out.printf("  list --json: %d VMs listed, %d answering (exit %d)%n", listed.size(), usable, json.exit());

        Phase qmp = parallel("kvmctl qmp", names, name -> new String[] {"qmp", name, "query-name", "--json"});
        int right = 0;
        for (int i = 0; i < n; i++) {
            CliRunner.Run r = qmp.runs.get(i);
            if (r != null
                    && r.exit() == 0
                    && names.get(i)
                            .equals(Json.MAPPER
                                    .readTree(r.out())
                                    .path("return")
                                    .path("name")
                                    .asString())) {
                right++;
            }
        }
        qmp.print(n + " x kvmctl qmp NAME query-name");
        System.out.printf(
                "  replies naming their VM: %d of %d (one command per JVM start, so %d, not 10,000)%n", right, n, n);

        CheckedCommands commands;
        try (Vm any = Vm.attach(root, names.get(0))) {
            commands = CheckedCommands.discover(any.qmp());
        }
        int steps = Math.max(1, settings.commands() / n);
        List<Path> scripts = new ArrayList<>();
        for (String name : names) {
            scripts.add(writeScript(name, commands, steps));
        }
        Phase script = parallel("kvmctl script", names, name ->
                new String[] {"script", name, scratch.resolve(name + ".yaml").toString(), "--quiet"});
        script.print(n + " x kvmctl script (" + steps + " checked commands + cont/RESUME + stop/STOP each)");
        System.out.printf(
                "  scripts whose every step held: %d of %d = %d commands with replies checked%n",
                n - script.failures, n, (n - script.failures) * steps);
        if (script.firstFailure != null) {
            System.out.println("  first failure: " + script.firstFailure);
        }
        // A script costs a JVM start like a one-command 'kvmctl qmp': the difference is what its steps cost.
        System.out.printf(
                "  per command inside a script ((script p50 - qmp p50) / %d steps): %.2f ms%n",
                steps + 4, (script.samples().percentileMs(50) - qmp.samples().percentileMs(50)) / (steps + 4));

        Phase downs = parallel("kvmctl down", names, name -> new String[] {"down", name, "--force"});
        downs.print(n + " x kvmctl down --force");
        System.out.printf("  VMs left in the runtime root: %d%n", root.names().size());
    }

    private Path writeScript(String name, CheckedCommands commands, int steps) throws IOException {
        StringBuilder yaml = new StringBuilder("timeout: 30s\nsteps:\n");
        for (int i = 0; i < steps; i++) {
            CheckedCommands.Command c = commands.command(i, name);
            if (c.arguments() == null) {
                yaml.append("  - execute: query-name\n    expect: {name: ")
                        .append(c.expected())
                        .append("}\n");
            } else {
                yaml.append("  - execute: ")
                        .append(c.name())
                        .append("\n    arguments: {option: ")
                        .append(c.expected())
                        .append("}\n    expect: [{option: ")
                        .append(c.expected())
                        .append("}]\n");
            }
        }
        yaml.append("""
                  - execute: cont
                  - wait-event: RESUME
                  - execute: stop
                  - wait-event: STOP
                """);
        return Files.writeString(scratch.resolve(name + ".yaml"), yaml);
    }

    private void printQemuMemory(List<String> names) throws IOException {
        long qemu = 0;
        long supervisors = 0;
        for (String name : names) {
            Optional<VmRecord> r = VmRecordStore.read(root.vm(name));
            if (r.isPresent()) {
                qemu += ProcessFigures.rssKib(r.get().qemuPid());
                supervisors += ProcessFigures.rssKib(r.get().supervisorPid());
            }
        }
        int n = names.size();
        System.out.printf(
                "  resident after the ups: no kvmctl process; QEMUs %.0f MiB in all (%.1f MiB each), "
                        + "their sh supervisors %.1f MiB (%.2f MiB each)%n",
                qemu / 1024.0, qemu / 1024.0 / n, supervisors / 1024.0, supervisors / 1024.0 / n);
    }

    /** Runs one kvmctl command per VM, {@code settings.cliParallel()} at a time. */
    private Phase parallel(String what, List<String> names, java.util.function.Function<String, String[]> args)
            throws Exception {
        List<Future<CliRunner.Run>> futures = new ArrayList<>();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(settings.cliParallel())) {
            for (String name : names) {
                futures.add(pool.submit(() -> cli.run(args.apply(name))));
            }
        }
        long wall = System.nanoTime() - t0;
        List<CliRunner.Run> runs = new ArrayList<>();
        for (Future<CliRunner.Run> f : futures) {
            runs.add(f.get());
        }
        Phase p = Phase.of(runs);
        p.wallNanos = wall;
        p.parallel = settings.cliParallel();
        return p;
    }

    /** The runs of one kind of command and what they cost. */
    private static final class Phase {
        final List<CliRunner.Run> runs;
        int failures;
        String firstFailure;
        long wallNanos = -1;
        int parallel = 1;

        private Phase(List<CliRunner.Run> runs) {
            this.runs = runs;
            for (CliRunner.Run r : runs) {
                if (r.exit() != 0) {
                    failures++;
                    if (firstFailure == null) {
                        firstFailure = "exit " + r.exit() + ": "
                                + (r.err() + r.out())
                                        .strip()
                                        .lines()
                                        .limit(4)
                                        .reduce((a, b) -> a + " | " + b)
                                        .orElse("");
                    }
                }
            }
        }

        static Phase of(List<CliRunner.Run> runs) {
            return new Phase(runs);
        }

        Samples samples() {
            return new Samples(runs.stream().mapToLong(CliRunner.Run::wallNanos).toArray());
        }

        void print(String what) {
            long[] rss =
                    runs.stream().mapToLong(CliRunner.Run::maxRssKib).sorted().toArray();
            System.out.printf(
                    "%s: %s%s, %d failed%n",
                    what,
                    samples().describe(),
                    wallNanos < 0 ? "" : String.format(", all in %.1f s (%d at a time)", wallNanos / 1e9, parallel),
                    failures);
            if (rss.length > 0 && rss[rss.length - 1] > 0) {
                System.out.printf(
                        "  kvmctl's peak RSS per command: p50 %.1f MiB, max %.1f MiB%n",
                        rss[rss.length / 2] / 1024.0, rss[rss.length - 1] / 1024.0);
            }
        }
    }
}
