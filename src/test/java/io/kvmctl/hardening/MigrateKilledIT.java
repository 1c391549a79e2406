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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * {@code kvmctl migrate NAME --local} SIGKILLed while the destination starts, while the migration runs, and once
 * it has completed (before the source is removed). The Linux guest under TCG prints a heartbeat counter
 * on its serial console, which QEMU appends to {@code serial.log} in the runtime directory of whichever QEMU runs
 * it. After every kill: never two QEMUs running the guest, the counter goes on rising, every QEMU is a VM that
 * {@code kvmctl list} shows, and the next {@code kvmctl migrate} settles what was left and migrates the guest (no
 * reboot), leaving exactly one VM under the old name.
 */
class MigrateKilledIT {
    /** Where a killed migrate was, read off its output and the runtime root while it was frozen. */
    enum Point {
        BEFORE_DEST("before the destination's directory exists"),
        DEST_PREPARING("destination directory made, its QEMU not yet spawned"),
        DEST_SPAWNED("destination QEMU spawned, not yet recorded"),
        DEST_READY("destination recorded, migration not yet sending"),
        MIGRATING("migration running"),
        COMPLETED("migration completed, source not yet removed"),
        SOURCE_STOPPED("source stopped, destination not yet renamed"),
        RENAMED("switch-over done, before migrate returned");

        final String what;

        Point(String what) {
            this.what = what;
        }
    }

    /** How a kill is aimed, and how many kills each aim makes. */
    enum Aim {
        DEST_DIR(1, 1),
        DEST_SPAWNED(2, 1),
        MIGRATING(3, 1),
        // three even in the quick pass: the check below needs one of them in the switch-over window
        COMPLETED(3, 3);

        final int kills;

        /** {@code quickKills}: what make test's quick pass ({@code -Dit.quick=true}) lands; make test-hardening all. */
        Aim(int kills, int quickKills) {
            this.kills = Boolean.getBoolean("kvmctl.it.quick") ? quickKills : kills;
        }
    }

    static final String NAME = "mk";
    static final Pattern HEARTBEAT = Pattern.compile("kvmctl-guest: heartbeat (\\d+)");
    static final int ATTEMPTS_PER_AIM = 8;
    /** For the kills aimed at a running migration: slow enough that it lasts seconds. */
    static final String SLOW = "8M";

    @RegisterExtension
    final IsolatedVms vms = new IsolatedVms();

    final Path tmp = vms.dir();
    final RuntimeRoot root = vms.root();

    @Test
    void everyKilledMigrationLeavesTheGuestRunningOnceAndTheNextMigrateFinishes() throws Exception {
        TestGuests.requireImages();
        // A QEMU start slowed by 0.3 s (a wrapper that execs the real one): the destination inherits the binary
        // from the source's record, so its start is a window a kill can land in.
        Path slowQemu = tmp.resolve("slow-qemu");
        Files.writeString(slowQemu, "#!/bin/sh\nsleep 0.3\nexec " + TestQemu.require() + " \"$@\"\n");
        Files.setPosixFilePermissions(slowQemu, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path profile = Files.writeString(
                tmp.resolve(NAME + ".yaml"), """
                name: %s
                accel: tcg
                memory: 128M
                boot:
                  kernel: %s
                  initrd: %s
                  append: 'console=ttyS0 quiet kvmctl.heartbeat=1 kvmctl.dhcp=0'
                """.formatted(NAME, TestGuests.KERNEL, TestGuests.INITRD));
        KvmctlProcess up = KvmctlProcess.run(root, "up", profile.toString(), "--qemu", slowQemu.toString());
        assertEquals(0, up.exitCode(), up.toString());
        long beat = awaitBeatAbove(1, 120);

        Map<Point, Integer> kills = new EnumMap<>(Point.class);
        Map<Point, List<String>> found = new EnumMap<>(Point.class);
        Map<Point, List<String>> recoverMs = new EnumMap<>(Point.class);
        Map<Aim, Integer> attempts = new EnumMap<>(Aim.class);
        Map<Aim, Integer> landed = new EnumMap<>(Aim.class);
        int notKilled = 0;
        for (Aim aim : Aim.values()) {
            while (landed.getOrDefault(aim, 0) < aim.kills && attempts.getOrDefault(aim, 0) < ATTEMPTS_PER_AIM) {
                attempts.merge(aim, 1, Integer::sum);
                List<String> args = new ArrayList<>(List.of("migrate", NAME, "--local", "--progress"));
                if (aim == Aim.MIGRATING) {
                    args.addAll(List.of("--max-bandwidth", SLOW));
                }
                KilledKvmctl migrate = new KilledKvmctl(KvmctlProcess.start(root, args.toArray(String[]::new)));
                awaitTrigger(aim, migrate);
                boolean frozen = migrate.freeze();
                Point reached = frozen ? observe(migrate.outputSoFar()) : null;
                long beatAtKill = maxBeat();
                boolean killed = migrate.kill() && frozen;
                long killedAt = System.nanoTime();
                if (!killed) {
                    notKilled++;
                    assertTrue(migrate.output().contains("migration completed"), migrate.output());
                    beat = awaitBeatAbove(beat, 30);
                    continue;
                }
                landed.merge(aim, 1, Integer::sum);
                kills.merge(reached, 1, Integer::sum);
                String context = reached + " (aimed at " + aim + "), killed migrate said:\n" + migrate.output();
                found.computeIfAbsent(reached, p -> new ArrayList<>()).add(checkConsistent(context));
                // The guest still runs somewhere, and it is the same guest: its counter goes on.
                long after = awaitBeatAbove(Math.max(beat, beatAtKill), 30);

                long nextStart = System.nanoTime();
                KvmctlProcess next = KvmctlProcess.run(root, "migrate", NAME, "--local");
                assertEquals(0, next.exitCode(), "the next migrate; " + context + "\nnext migrate: " + next);
                if (reached != Point.BEFORE_DEST && reached != Point.RENAMED) {
                    // Something was left behind: the user is told what was done about it.
                    assertTrue(
                            next.output()
                                    .lines()
                                    .anyMatch(l -> l.startsWith("kvmctl migrate: ")
                                            && (l.contains("interrupted") || l.contains("cancelled the migration"))),
                            "the next migrate did not say what it settled; " + context + "\nnext migrate: " + next);
                }
                long now = System.nanoTime();
                recoverMs
                        .computeIfAbsent(reached, p -> new ArrayList<>())
                        .add((now - killedAt) / 1_000_000 + "/" + (now - nextStart) / 1_000_000);
                assertEquals(List.of(NAME), root.names(), "one VM under its name; " + context);
                checkConsistent(context);
                beat = awaitBeatAbove(after, 30);
                assertFalse(
                        Files.readString(root.vm(NAME).serialLog()).contains(TestGuests.READY),
                        "the guest booted again; " + context);
            }
        }
        KvmctlProcess down = KvmctlProcess.run(root, "down", NAME, "--force");
        assertEquals(0, down.exitCode(), down.toString());
        assertEquals(List.of(), RootProcesses.awaitNone(root.path(), 10), "down left processes");

        System.out.printf(
                Locale.ROOT,
                "MigrateKilledIT (%s): %d kills in %d attempts (%d ended before the kill), "
                        + "heartbeat %d at the end%n",
                TestQemu.versionLine(),
                kills.values().stream().mapToInt(i -> i).sum(),
                attempts.values().stream().mapToInt(i -> i).sum(),
                notKilled,
                beat);
        for (Point p : Point.values()) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-14s %-52s kills %d, next list found %s, next migrate "
                            + "done (ms after the kill / ms it took) %s%n",
                    p,
                    p.what,
                    kills.getOrDefault(p, 0),
                    found.getOrDefault(p, List.of()),
                    recoverMs.getOrDefault(p, List.of()));
        }
        for (Aim a : Aim.values()) {
            assertTrue(landed.getOrDefault(a, 0) >= 1, "no kill landed for " + a + ": " + attempts);
        }
        assertTrue(
                kills.getOrDefault(Point.DEST_SPAWNED, 0) + kills.getOrDefault(Point.MIGRATING, 0) >= 1
                        && kills.getOrDefault(Point.COMPLETED, 0) + kills.getOrDefault(Point.SOURCE_STOPPED, 0) >= 1,
                "kills landed at " + kills);
    }

    private void awaitTrigger(Aim aim, KilledKvmctl migrate) throws Exception {
        BooleanSupplier reached = switch (aim) {
            case DEST_DIR -> () -> destination() != null;
            case DEST_SPAWNED ->
                () -> {
                    Path dest = destination();
                    return dest != null && Files.exists(dest.resolve("qmp.sock")) && hasProcess(dest);
                };
            case MIGRATING -> () -> migrate.outputSoFar().lines().anyMatch(l -> l.startsWith("active"));
            case COMPLETED -> () -> migrate.outputSoFar().lines().anyMatch(l -> l.startsWith("completed"));
        };
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!reached.getAsBoolean() && migrate.process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    /**
     * The destination's runtime directory ({@code NAME.incoming}, or {@code NAME.incoming2} while the link of the
     * previous migration holds the first name), or null.
     */
    private Path destination() {
        try (Stream<Path> entries = Files.list(root.path())) {
            return entries.filter(p -> p.getFileName().toString().startsWith(NAME + ".incoming")
                            && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private boolean hasProcess(Path dir) {
        try {
            return RootProcesses.under(root.path()).stream()
                    .anyMatch(p -> p.vmName(root.path())
                            .orElse("")
                            .equals(dir.getFileName().toString()));
        } catch (IOException e) {
            return false;
        }
    }

    private Point observe(String output) {
        Path dest = destination();
        boolean completed = output.lines().anyMatch(l -> l.startsWith("completed"));
        if (dest == null) {
            return completed ? Point.RENAMED : Point.BEFORE_DEST;
        }
        if (!Files.exists(dest.resolve("state.json"))) {
            return hasProcess(dest) ? Point.DEST_SPAWNED : Point.DEST_PREPARING;
        }
        if (completed) {
            return Files.exists(root.vm(NAME).state()) ? Point.COMPLETED : Point.SOURCE_STOPPED;
        }
        return output.lines().anyMatch(l -> l.startsWith("active")) ? Point.MIGRATING : Point.DEST_READY;
    }

    /**
     * What the next kvmctl finds: every QEMU is a listed VM (by pid), every other process belongs to a listed VM
     * that runs, nothing listed as stale or exited hides a process, and at most one VM runs the guest. Returns the
     * listed states.
     */
    private String checkConsistent(String context) throws Exception {
        KvmctlProcess list = KvmctlProcess.run(root, "list", "--json");
        assertEquals(0, list.exitCode(), context + "\nlist: " + list);
        JsonNode listed = UpKilledIT.json(list.output());
        Map<String, String> stateOf = new HashMap<>();
        Set<Integer> pids = new HashSet<>();
        for (JsonNode vm : listed.path("vms")) {
            stateOf.put(vm.path("name").asString(), vm.path("state").asString());
            pids.add(vm.path("pid").asInt());
        }
        List<RootProcesses.Proc> procs = RootProcesses.under(root.path());
        String where = context + "\nlisted " + stateOf + ", processes " + procs;
        for (RootProcesses.Proc p : procs) {
            if (p.isQemu()) {
                assertTrue(pids.contains(p.pid()), "orphan QEMU " + p + " is not listed; " + where);
            } else {
                String vm = resolveAlias(p.vmName(root.path()).orElseThrow());
                assertTrue(stateOf.containsKey(vm), "orphan process " + p + " (" + vm + "); " + where);
                assertFalse(Set.of("stale", "exited").contains(stateOf.get(vm)), where);
            }
        }
        long running =
                stateOf.values().stream().filter(s -> s.equals("running")).count();
        assertTrue(running <= 1, "two QEMUs run the guest; " + where);
        return new java.util.TreeMap<>(stateOf).toString();
    }

    /** A migrated VM's QEMU names its old directory, now a link to the new one (see VmRenamer). */
    private String resolveAlias(String name) throws IOException {
        Path p = root.path().resolve(name);
        return Files.isSymbolicLink(p) ? p.toRealPath().getFileName().toString() : name;
    }

    /** The highest heartbeat in any runtime directory's serial log. */
    private long maxBeat() throws IOException {
        long max = 0;
        try (Stream<Path> dirs = Files.list(root.path())) {
            for (Path d : dirs.filter(d -> Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS))
                    .toList()) {
                Path log = d.resolve("serial.log");
                String text;
                try {
                    text = Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
                } catch (IOException gone) {
                    continue;
                }
                Matcher m = HEARTBEAT.matcher(text);
                while (m.find()) {
                    max = Math.max(max, Long.parseLong(m.group(1)));
                }
            }
        }
        return max;
    }

    private long awaitBeatAbove(long n, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        long max = maxBeat();
        while (max <= n && System.nanoTime() < deadline) {
            Thread.sleep(200);
            max = maxBeat();
        }
        assertTrue(
                max > n,
                "the heartbeat did not go past " + n + " within " + seconds + " s (listed: "
                        + KvmctlProcess.run(root, "list") + ")");
        return max;
    }
}
