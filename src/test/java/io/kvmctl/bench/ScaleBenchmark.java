package io.kvmctl.bench;

import io.kvmctl.sys.Processes;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.VmRecordStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Many boot-sector guests at once, from one JVM and from the CLI (prints figures; asserts nothing, but counts
 * wrong, lost and failed replies). Run by bench/scale.sh, which says what the options mean.
 */
public final class ScaleBenchmark {
    /**
     * @param vms how many VMs
     * @param commands checked commands in all (in-process; the CLI scripts share them out per VM)
     * @param threads threads sending commands in-process
     * @param batch commands pipelined on one VM at a time by a thread
     * @param parallel VMs started/stopped at a time in-process
     * @param cliParallel kvmctl commands run at a time (each a JVM: more than the cores only adds queueing)
     * @param running let the guests run (SeaBIOS then burns ~3.5 CPU-seconds each here) instead of paused
     */
    record Settings(
            int vms,
            int commands,
            int threads,
            int batch,
            int parallel,
            int cliParallel,
            boolean running,
            boolean inProcess,
            boolean cli) {}

    public static void main(String[] args) throws Exception {
        int vms = 100;
        int commands = 10_000;
        int threads = 8;
        int parallel = 4;
        int cliParallel = 2;
        boolean running = false;
        boolean inProcess = true;
        boolean cli = true;
        Path work = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--vms" -> vms = Integer.parseInt(args[++i]);
                case "--commands" -> commands = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--parallel" -> parallel = Integer.parseInt(args[++i]);
                case "--cli-parallel" -> cliParallel = Integer.parseInt(args[++i]);
                case "--running" -> running = true;
                case "--api-only" -> cli = false;
                case "--cli-only" -> inProcess = false;
                case "--work" -> work = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Settings settings = new Settings(vms, commands, threads, 4, parallel, cliParallel, running, inProcess, cli);
        if (work == null) {
            work = Files.createTempDirectory(Path.of("/tmp"), "kvmctl-scale-");
        }
        Path dir = work;
        RuntimeRoot apiRoot = new RuntimeRoot(dir.resolve("api")).ensure();
        RuntimeRoot cliRoot = new RuntimeRoot(dir.resolve("cli")).ensure();
        Thread cleanup = new Thread(() -> killAll(apiRoot, cliRoot));
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            Path profile = profile(dir);
            printMachine(settings, dir);
            if (settings.inProcess()) {
                System.out.println("\n== in-process API: " + vms + " x Vm.start in one JVM");
                new InProcessScale(settings, profile, apiRoot).run();
            }
            if (settings.cli()) {
                System.out.println("\n== CLI: " + vms + " x ./kvmctl up, list, qmp, script, down");
                Path scratch = Files.createDirectories(dir.resolve("scratch"));
                new CliScale(settings, profile, cliRoot, scratch).run();
            }
        } finally {
            killAll(apiRoot, cliRoot);
            deleteTree(dir);
        }
    }

    /**
     * TestGuests.bootSectorProfile, with {@code snapshot: true}: QEMU takes a write lock on a writable image, so
     * 100 guests can share the one hello.img only if none writes to it.
     */
    private static Path profile(Path dir) throws IOException {
        TestGuests.requireImages();
        return Files.writeString(dir.resolve("scale.yaml"), """
                name: scale
                accel: kvm
                memory: 16M
                disks:
                  - file: %s
                    format: raw
                    bus: ide
                    snapshot: true
                """.formatted(TestGuests.HELLO));
    }

    private static void printMachine(Settings s, Path dir) throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name"))
                .findFirst()
                .map(l -> l.replaceFirst("model name\\s*:\\s*", ""))
                .orElse("?");
        long memKib = memTotalKib();
        System.out.printf(
                "machine: %d CPUs (%s), %.1f GiB RAM, load %s; JVM %s, max heap %d MiB%n",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                memKib / 1048576.0,
                Files.readString(Path.of("/proc/loadavg")).strip(),
                Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(
                "guests: %d x boot sector hello.img, accel kvm, 16M, %s; runtime roots under %s%n",
                s.vms(), s.running() ? "running" : "paused (-S: QMP only, no vCPU time)", dir);
    }

    private static long memTotalKib() throws IOException {
        return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                .filter(l -> l.startsWith("MemTotal:"))
                .map(l -> l.replaceAll("\\D", ""))
                .mapToLong(Long::parseLong)
                .findFirst()
                .orElse(0);
    }

    /** SIGKILL to every supervisor's process group (the sh and its QEMU) recorded in the roots. */
    static void killAll(RuntimeRoot... roots) {
        for (RuntimeRoot root : roots) {
            try {
                for (String name : root.names()) {
                    try {
                        VmRecordStore.read(root.vm(name)).ifPresent(r -> {
                            try {
                                Processes.killGroup(r.supervisorPid(), Processes.SIGKILL);
                            } catch (IOException gone) {
                                // already exited
                            }
                        });
                    } catch (IOException damaged) {
                        // nothing recorded to kill
                    }
                }
            } catch (IOException e) {
                // the root is gone
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // QEMUs still exiting remove their sockets under us; scale.sh removes what is left
        }
    }
}
