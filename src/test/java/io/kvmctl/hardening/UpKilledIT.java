package io.kvmctl.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kvmctl.testing.IsolatedVms;
import io.kvmctl.testing.KvmctlProcess;
import io.kvmctl.testing.RootProcesses;
import io.kvmctl.testing.TestGuests;
import io.kvmctl.testing.TestQemu;
import io.kvmctl.vm.RuntimeRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kvmctl up} SIGKILLed at five points of a start, three times each. After every kill the next kvmctl must
 * find a consistent state: each process started for the runtime root (found in {@code /proc}, not through kvmctl)
 * belongs to a VM that {@code kvmctl list} shows with a truthful state, {@code kvmctl down} removes it, and a new
 * {@code up} of the same name works or says why not and what to run.
 *
 * <p>The guest is the boot-sector {@code hello.img} under KVM with an overlay disk (so {@code up} spends a moment
 * in the runtime directory before QEMU runs; over a copy, so that QEMU's lock on it never blocks another test), and QEMU is started through a wrapper that waits 0.3 s before it
 * execs the real one (a slow QEMU start; it keeps the pid, as the QEMU 10 wrapper does).
 */
class UpKilledIT {
    /** Where a killed {@code up} was, read off what it had done when it was frozen. */
    enum Point {
        BEFORE_DIR("before the runtime directory exists"),
        PREPARING("directory made, QEMU not yet spawned (overlay, sockets)"),
        SPAWNED("supervisor/QEMU spawned, no pid file yet"),
        AWAITING_QMP("QEMU wrote its pid file, kvmctl waits for the QMP greeting"),
        RECORDED("state.json written, before up returned");

        final String what;

        Point(String what) {
            this.what = what;
        }
    }

    /** Several kills per point find the races; make test's quick pass ({@code -Dit.quick=true}) lands one each. */
    static final int KILLS_PER_POINT = Boolean.getBoolean("kvmctl.it.quick") ? 1 : 3;

    static final int ATTEMPTS_PER_POINT = 10;
    static final String NAME = "uk";

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();
    final RuntimeRoot root = vms.root();
    Path profile;
    Path slowQemu;

    @BeforeEach
    void setUp() throws Exception {
        TestGuests.requireImages();
        slowQemu = tmp.resolve("slow-qemu");
        Files.writeString(slowQemu, "#!/bin/sh\nsleep 0.3\nexec " + TestQemu.require() + " \"$@\"\n");
        Files.setPosixFilePermissions(slowQemu, PosixFilePermissions.fromString("rwxr-xr-x"));
        profile = Files.writeString(tmp.resolve(NAME + ".yaml"), """
                name: %s
                accel: %s
                memory: 16M
                disks:
                  - file: %s
                    format: raw
                    bus: ide
                    overlay: true
                """.formatted(
                        NAME, TestGuests.KVM_IF_USABLE, Files.copy(TestGuests.HELLO, tmp.resolve("hello.img"))));
    }

    @Test
    void everyKilledUpLeavesAStateTheNextKvmctlHandles() throws Exception {
        Map<Point, Integer> kills = new EnumMap<>(Point.class);
        Map<Point, Integer> attempts = new EnumMap<>(Point.class);
        Map<Point, List<String>> found = new EnumMap<>(Point.class);
        Map<Point, List<Long>> recoverMs = new EnumMap<>(Point.class);
        int notKilled = 0;
        for (Point aim : Point.values()) {
            while (kills.getOrDefault(aim, 0) < KILLS_PER_POINT && attempts.getOrDefault(aim, 0) < ATTEMPTS_PER_POINT) {
                attempts.merge(aim, 1, Integer::sum);
                KilledKvmctl up = new KilledKvmctl(
                        KvmctlProcess.start(root, "up", profile.toString(), "--qemu", slowQemu.toString()));
                awaitTrigger(aim, up.process);
                boolean frozen = up.freeze();
                Point reached = frozen ? observe() : null;
                boolean killed = up.kill() && frozen;
                long killedAt = System.nanoTime();
                if (!killed) {
                    notKilled++; // it finished before the kill: not a fault, just clean up
                    KvmctlProcess.run(root, "down", NAME, "--force");
                    continue;
                }
                kills.merge(reached, 1, Integer::sum);
                String state = checkNextRun(reached, up.output());
                recoverMs
                        .computeIfAbsent(reached, p -> new ArrayList<>())
                        .add((System.nanoTime() - killedAt) / 1_000_000);
                found.computeIfAbsent(reached, p -> new ArrayList<>()).add(state);
                finishCleanly();
            }
        }
        System.out.printf(
                Locale.ROOT,
                "UpKilledIT (%s): %d kills in %d attempts (%d ended before the kill)%n",
                TestQemu.versionLine(),
                kills.values().stream().mapToInt(i -> i).sum(),
                attempts.values().stream().mapToInt(i -> i).sum(),
                notKilled);
        for (Point p : Point.values()) {
            List<Long> ms = recoverMs.getOrDefault(p, List.of());
            System.out.printf(
                    Locale.ROOT,
                    "  %-13s %-62s kills %d, next run found %s, recovered (new up runs) in " + "%s ms%n",
                    p,
                    p.what,
                    kills.getOrDefault(p, 0),
                    summary(found.getOrDefault(p, List.of())),
                    ms);
        }
        for (Point p : Point.values()) {
            assertTrue(kills.getOrDefault(p, 0) >= 1, "no kill landed at " + p + " (" + p.what + "): " + kills);
        }
    }

    /** Waits until the start has reached (about) the aimed point. */
    private void awaitTrigger(Point aim, Process up) throws Exception {
        Path dir = root.vm(NAME).path();
        BooleanSupplier reached = switch (aim) {
            case BEFORE_DIR -> {
                long until = System.nanoTime() + ThreadLocalRandom.current().nextLong(50, 400) * 1_000_000;
                yield () -> System.nanoTime() > until || Files.exists(dir);
            }
            case PREPARING -> () -> Files.exists(dir);
            case SPAWNED -> () -> Files.exists(dir.resolve("qmp.sock")) && hasProcesses();
            case AWAITING_QMP -> () -> Files.exists(dir.resolve("qemu.pid"));
            case RECORDED -> () -> Files.exists(dir.resolve("state.json"));
        };
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!reached.getAsBoolean() && up.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private boolean hasProcesses() {
        try {
            return !RootProcesses.under(root.path()).isEmpty();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** What the frozen kvmctl had done. */
    private Point observe() throws Exception {
        Path dir = root.vm(NAME).path();
        if (!Files.exists(dir)) {
            return Point.BEFORE_DIR;
        }
        if (Files.exists(dir.resolve("state.json"))) {
            return Point.RECORDED;
        }
        if (Files.exists(dir.resolve("qemu.pid"))) {
            return Point.AWAITING_QMP;
        }
        return RootProcesses.under(root.path()).isEmpty() ? Point.PREPARING : Point.SPAWNED;
    }

    /**
     * The next kvmctl runs after a kill: list, then up of the same name (after a down when something runs).
     * Returns the state list showed.
     */
    private String checkNextRun(Point reached, String killedOutput) throws Exception {
        KvmctlProcess list = KvmctlProcess.run(root, "list", "--json");
        assertEquals(0, list.exitCode(), reached + ": " + list);
        JsonNode vmsListed = json(list.output());
        List<RootProcesses.Proc> procs = RootProcesses.under(root.path());
        Map<String, String> stateOf = new HashMap<>();
        for (JsonNode vm : vmsListed.path("vms")) {
            stateOf.put(vm.path("name").asString(), vm.path("state").asString());
        }
        String context = reached + ": list " + stateOf + ", processes " + procs + ", killed up said: " + killedOutput;
        for (RootProcesses.Proc p : procs) {
            String vm = p.vmName(root.path()).orElseThrow();
            assertTrue(stateOf.containsKey(vm), "orphan: process " + p + " of " + vm + " is not listed; " + context);
            assertTrue(
                    List.of("running", "interrupted").contains(stateOf.get(vm)),
                    "process " + p + " runs but its VM is listed as " + stateOf.get(vm) + "; " + context);
        }
        for (Map.Entry<String, String> e : stateOf.entrySet()) {
            boolean hasProcess = procs.stream()
                    .anyMatch(p -> p.vmName(root.path()).orElse("").equals(e.getKey()));
            if (e.getValue().equals("stale")) {
                assertFalse(hasProcess, "listed as stale although a process runs; " + context);
            }
            assertFalse(e.getValue().equals("starting"), "no kvmctl starts it any more; " + context);
        }
        if (reached == Point.BEFORE_DIR) {
            assertTrue(stateOf.isEmpty() && procs.isEmpty(), context);
        }
        String state = stateOf.getOrDefault(NAME, "none");

        KvmctlProcess again = KvmctlProcess.run(root, "up", profile.toString(), "--qemu", slowQemu.toString());
        if (procs.isEmpty()) {
            assertEquals(0, again.exitCode(), "nothing ran, so up works; " + context + "; up: " + again);
        } else {
            assertEquals(2, again.exitCode(), "up of a name whose QEMU runs is refused; " + context);
            assertTrue(again.output().contains("'kvmctl down " + NAME + "'"), "says what to run: " + again);
            KvmctlProcess down = KvmctlProcess.run(root, "down", NAME, "--force");
            assertEquals(0, down.exitCode(), context + "; down: " + down);
            assertEquals(List.of(), RootProcesses.awaitNone(root.path(), 10), "down left processes; " + context);
            assertFalse(Files.exists(root.vm(NAME).path()), "down removed the runtime directory");
            KvmctlProcess third = KvmctlProcess.run(root, "up", profile.toString(), "--qemu", slowQemu.toString());
            assertEquals(0, third.exitCode(), "up after down; " + context + "; up: " + third);
        }
        return state;
    }

    /** The VM the last up started answers, and down leaves nothing. */
    private void finishCleanly() throws Exception {
        KvmctlProcess status = KvmctlProcess.run(root, "status", NAME);
        assertEquals(0, status.exitCode(), status.toString());
        assertTrue(status.output().contains("running"), status.toString());
        KvmctlProcess down = KvmctlProcess.run(root, "down", NAME, "--force");
        assertEquals(0, down.exitCode(), down.toString());
        assertEquals(List.of(), RootProcesses.awaitNone(root.path(), 10), "down left processes");
        assertEquals(List.of(), root.names(), "down left a runtime directory");
    }

    /** The {@code list --json} document ({@code {"kind": "kvmctl.list/1", "vms": [...]}}) in kvmctl's output. */
    static JsonNode json(String output) {
        return JsonMapper.builder()
                .build()
                .readTree(output.substring(output.indexOf('{'), output.lastIndexOf('}') + 1));
    }

    private static String summary(List<String> states) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        states.forEach(s -> counts.merge(s, 1, Integer::sum));
        return counts.toString();
    }
}
