package io.kvmctl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.testing.TestQemu;
import io.kvmctl.vm.LogRoot;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.VmHomes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * Every command and sub-command of the picocli model, run as users run it: through the launcher {@code ./kvmctl}
 * (a real process, a fresh JVM each time). For each: {@code --help} exits 0 and prints a usage naming the command;
 * then one real invocation, against one busybox test VM (TCG) started once by {@code up} and stopped at the end by
 * {@code down}, exits with its documented code and prints something. The list of invocations is checked against
 * the model, so a new command without one fails here.
 *
 * <p>Covered: probe --no-run, demo --probe-only (no KVM here: both may answer 1), create --no-start on a temp
 * qcow2, define/info/edit (EDITOR=true)/autostart on/autostart run (boots it)/autostart stop/undefine on a second
 * profile, up
 * --wait serial:READY, list, status, console (piped), ssh (refused: the guest has no cloud-init user, exit 2),
 * ip, logs, pause/resume/reset, migrate --local (before any hot-plug, so both ends match), nic add/del, device
 * add/list/eject/del of a CD-ROM, memory (balloon), limits, cpus, snapshot save/list/load/delete
 * on the qcow2 disk, clone of a profile, stats, top --once, image create/info/convert, vnc, screenshot, qmp,
 * qmp-shell (piped), events (none within 1 s: exit 1), script, web (refused without TLS: exit 2), cmdline, systemd-unit, down; and nic, device,
 * snapshot, image alone (no sub-command: usage, exit 2).
 *
 * <p>Time: 243-333 s on QEMU 7.2 and 10.0 at load average 11 (three other builds running; each launcher call then costs 1-3 s of
 * JVM start-up); the --help calls run two at a time.
 */
class EveryCommandIT {
    private static final Path LAUNCHER = Path.of("kvmctl").toAbsolutePath();

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    private final Path tmp = vms.dir();
    private final RuntimeRoot root = vms.root();

    /** One real invocation: its arguments, what goes to stdin, and the exit codes its help documents. */
    private record Call(List<String> args, String stdin, Set<Integer> codes, String shows) {
        static Call of(String line, int code, String shows) {
            return new Call(List.of(line.split(" ")), "", Set.of(code), shows);
        }

        Call input(String text) {
            return new Call(args, text, codes, shows);
        }

        Call orCode(int other) {
            Set<Integer> both = new LinkedHashSet<>(codes);
            both.add(other);
            return new Call(args, stdin, both, shows);
        }
    }

    private record Run(int code, String output) {}

    @TestFactory
    Stream<DynamicTest> everyCommandHelpsAndRuns() throws Exception {
        TestQemu.require();
        TestGuests.requireImages();
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is missing");
        List<String> commands = commandPaths();
        Map<String, Call> calls = invocations();
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(dynamicTest("every command of the model has one invocation here", () -> {
            assertEquals(Set.copyOf(commands), calls.keySet(), "commands (left) and invocations (right) differ");
        }));
        // --help needs no VM: two at a time, so the JVM starts overlap on this 2-core machine.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Map<String, CompletableFuture<Run>> helps = new LinkedHashMap<>();
        try {
            for (String command : commands) {
                List<String> args = new ArrayList<>(List.of(command.split(" ")));
                args.add("--help");
                helps.put(command, CompletableFuture.supplyAsync(() -> launch(args, ""), pool));
            }
            for (var help : helps.entrySet()) {
                Run run = help.getValue().join();
                tests.add(dynamicTest(help.getKey() + " --help", () -> {
                    assertEquals(0, run.code(), run.output());
                    assertTrue(run.output().contains("Usage: kvmctl " + help.getKey()), run.output());
                }));
            }
        } finally {
            pool.shutdownNow();
        }
        for (var call : calls.entrySet()) {
            Run run = launch(call.getValue().args(), call.getValue().stdin());
            Call c = call.getValue();
            tests.add(dynamicTest("kvmctl " + String.join(" ", c.args()), () -> {
                assertTrue(
                        c.codes().contains(run.code()),
                        "exit " + run.code() + ", documented " + c.codes() + ":\n" + run.output());
                assertFalse(run.output().isBlank(), "printed nothing");
                assertTrue(run.output().contains(c.shows()), run.output());
            }));
        }
        return tests.stream();
    }

    /** Every command and sub-command's name as typed after {@code kvmctl}, from the picocli model. */
    private static List<String> commandPaths() {
        List<String> paths = new ArrayList<>();
        collect(KvmctlCommand.newCommandLine(), "", paths);
        return paths;
    }

    private static void collect(CommandLine cmd, String prefix, List<String> into) {
        Set<CommandLine> seen = new LinkedHashSet<>(); // aliases map to the same CommandLine
        for (CommandLine sub : cmd.getSubcommands().values()) {
            String name = sub.getCommandName();
            if (!seen.add(sub) || name.equals("help")) {
                continue;
            }
            into.add(prefix + name);
            collect(sub, prefix + name + " ", into);
        }
    }

    /** The invocations in the order they run: the VM is started first and stopped last. */
    private Map<String, Call> invocations() throws IOException {
        Path disk = qcow2("disk.qcow2", "64M");
        Path iso = Files.write(tmp.resolve("cd.iso"), new byte[1 << 20]);
        Path profile = TestGuests.linuxProfile(tmp, "evc", """
                balloon: true
                display: vnc
                disks:
                  - file: %s
                    format: qcow2
                    bus: virtio-blk
                nics:
                  - user:
                      hostfwd:
                        - host_port: auto
                          guest_port: 22
                """.formatted(disk));
        Path plain = TestGuests.linuxProfile(tmp, "plain", "");
        Path script = Files.writeString(tmp.resolve("steps.yaml"), "steps:\n  - execute: query-status\n");
        Path cloneDir = Files.createDirectories(tmp.resolve("clones"));
        Path image = tmp.resolve("img.qcow2");
        Map<String, Call> c = new LinkedHashMap<>();
        c.put("up", Call.of("up " + profile + " --wait serial:READY --timeout 120", 0, "VM evc is ready"));
        c.put("list", Call.of("list", 0, "evc"));
        c.put("status", Call.of("status evc", 0, "running"));
        c.put("ip", Call.of("ip evc", 0, "guest port 22"));
        c.put("logs", Call.of("logs evc", 0, TestGuests.READY));
        c.put(
                "console",
                Call.of("console evc", 0, "attached to the serial console of evc")
                        .input("\n"));
        c.put("cpus", Call.of("cpus evc", 0, "THREAD"));
        c.put("memory", Call.of("memory evc", 0, ""));
        c.put("limits", Call.of("limits evc", 0, "VM evc"));
        c.put("stats", Call.of("stats evc", 0, "qemu pid"));
        c.put("top", Call.of("top --once", 0, "evc"));
        c.put("vnc", Call.of("vnc evc", 0, "VNC of this VM"));
        c.put("screenshot", Call.of("screenshot evc " + tmp.resolve("shot.png"), 0, "PNG"));
        c.put("qmp", Call.of("qmp evc query-status", 0, "running"));
        c.put("qmp-shell", Call.of("qmp-shell evc", 0, "running").input("query-status\n"));
        c.put("events", Call.of("events evc --filter SHUTDOWN --timeout 1s", 1, "no SHUTDOWN event"));
        c.put("script", Call.of("script evc " + script, 0, "steps held"));
        // web serves until a signal (WebServerIT runs it for real): here its refusal to serve beyond loopback.
        c.put("web", Call.of("web --listen 0.0.0.0:0", 2, "--tls-cert"));
        c.put("pause", Call.of("pause evc", 0, "paused"));
        c.put("resume", Call.of("resume evc", 0, "running"));
        c.put("migrate", Call.of("migrate evc --local", 0, "evc"));
        // Snapshots before any hot-plug: a device the guest has not released yet would not load back.
        c.put("snapshot", Call.of("snapshot", 2, "Commands:")); // no sub-command: a usage error, with the list
        c.put("snapshot save", Call.of("snapshot save evc t1", 0, "saved snapshot t1"));
        c.put("snapshot list", Call.of("snapshot list evc", 0, "t1"));
        c.put("snapshot load", Call.of("snapshot load evc t1", 0, "loaded snapshot t1"));
        c.put("snapshot delete", Call.of("snapshot delete evc t1", 0, "deleted snapshot t1"));
        c.put("nic", Call.of("nic", 2, "Commands:")); // no sub-command: a usage error, with the list
        c.put("nic add", Call.of("nic add evc --id hnic9", 0, "added NIC hnic9"));
        c.put("nic del", Call.of("nic del evc hnic9 --timeout 120", 0, "removed NIC hnic9")); // slow under load
        c.put("device", Call.of("device", 2, "Commands:")); // no sub-command: a usage error, with the list
        c.put("device add", Call.of("device add evc cdrom " + iso + " --id cd9", 0, "added"));
        c.put("device list", Call.of("device list evc", 0, "cd9"));
        c.put("device eject", Call.of("device eject evc cd9", 0, "ejected"));
        c.put("device del", Call.of("device del evc cd9", 0, "removed"));
        c.put("reset", Call.of("reset evc", 0, "reset"));
        c.put("ssh", Call.of("ssh evc -- true", 2, "no cloud-init user"));
        c.put("probe", Call.of("probe --no-run", 0, "device").orCode(1));
        c.put("demo", Call.of("demo --probe-only", 0, "kvmctl demo").orCode(1));
        c.put("cmdline", Call.of("cmdline " + profile, 0, "-name guest=evc"));
        c.put("completion", Call.of("completion bash", 0, "complete -F"));
        c.put("systemd-unit", Call.of("systemd-unit evc " + profile, 0, "[Unit]"));
        c.put("define", Call.of("define " + plain + " --name d1", 0, "d1"));
        c.put("info", Call.of("info d1", 0, "d1"));
        c.put("edit", Call.of("edit d1", 0, "d1"));
        c.put("autostart", Call.of("autostart d1 on", 0, "autostart on"));
        c.put("autostart run", Call.of("autostart run", 0, "d1")); // boots d1: its only autostart VM
        c.put("autostart stop", Call.of("autostart stop", 0, "d1"));
        c.put("undefine", Call.of("undefine d1", 0, "undefined VM d1"));
        c.put("clone", Call.of("clone " + plain + " plain2 --dir " + cloneDir, 0, "plain2"));
        c.put("create", Call.of("create c1 --no-start --accel tcg --image " + disk, 0, "created c1"));
        c.put("image", Call.of("image", 2, "Commands:")); // no sub-command: a usage error, with the list
        c.put("image create", Call.of("image create " + image + " 16M", 0, "created"));
        c.put("image info", Call.of("image info " + image, 0, "qcow2"));
        c.put("image convert", Call.of("image convert " + image + " " + tmp.resolve("img.raw"), 0, "converted"));
        c.put("down", Call.of("down evc", 0, "VM evc is down"));
        return c;
    }

    private Path qcow2(String name, String size) throws IOException {
        Path file = tmp.resolve(name);
        Run made = run(List.of("qemu-img", "create", "-q", "-f", "qcow2", file.toString(), size), "", Map.of());
        assertEquals(0, made.code(), made.output());
        return file;
    }

    /** {@code ./kvmctl ARGS} with the test's private folders, stdout and stderr together. */
    private Run launch(List<String> args, String stdin) {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(args);
        return run(
                cmd,
                stdin,
                Map.of(
                        RuntimeRoot.ENV,
                        root.path().toString(),
                        LogRoot.ENV,
                        IsolatedVms.logRootBeside(root).path().toString(),
                        VmHomes.ENV,
                        IsolatedVms.dataDirBeside(root).toString(),
                        VmHomes.STORE_ENV,
                        IsolatedVms.storeBeside(root).toString(),
                        "KVMCTL_SYSTEMD_UNIT_DIR",
                        IsolatedVms.unitDirBeside(root).toString(),
                        "EDITOR",
                        "true",
                        "VISUAL",
                        "true"));
    }

    private static Run run(List<String> cmd, String stdin, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, "did not end within 180 s: " + out);
            }
            return new Run(p.exitValue(), out);
        } catch (IOException e) {
            return new Run(-1, "could not run " + cmd + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Run(-1, "interrupted");
        }
    }
}
