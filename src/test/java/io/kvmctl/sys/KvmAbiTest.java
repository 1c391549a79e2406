package io.kvmctl.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles {@code src/native-bindings/kvm_abi.c} against the installed {@code <linux/kvm.h>} and requires its
 * output and the Java bindings to describe exactly the same facts: every C line matches a Java value, and every
 * Java constant and named layout member has a C line.
 */
class KvmAbiTest {
    private static final Path SOURCE = Path.of("src/native-bindings/kvm_abi.c");

    @Test
    void javaConstantsAndLayoutsMatchTheKernelHeaderOneToOne(@TempDir Path dir) throws Exception {
        Map<String, String> c = parse(runCProgram(dir));
        Map<String, String> java = javaFacts();

        List<String> problems = new ArrayList<>();
        c.forEach((key, value) -> {
            String mine = java.get(key);
            if (mine == null) {
                problems.add("C prints '" + key + " " + value + "' but the Java bindings have no such fact");
            } else if (!mine.equals(value)) {
                problems.add(key + ": Java " + mine + ", <linux/kvm.h> " + value);
            }
        });
        java.forEach((key, value) -> {
            if (!c.containsKey(key)) {
                problems.add("Java has '" + key + " " + value + "' but kvm_abi.c does not print it");
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(c.size() > 200, "suspiciously few facts compared: " + c.size());
    }

    @Test
    void factsOfTheJavaSideIncludeTheMembersTheExitDecoderReads() {
        Map<String, String> java = javaFacts();
        assertEquals("34", java.get("offsetof kvm_run.io.port"));
        assertEquals("0xae80", java.get("ioctl KVM_RUN"));
        assertEquals("2352", java.get("sizeof kvm_run"));
        assertEquals(Long.parseLong(java.get("offsetof kvm_run.mmio.is_write")), KvmStructs.RUN_MMIO_IS_WRITE);
        assertEquals(Long.parseLong(java.get("offsetof kvm_run.io.data_offset")), KvmStructs.RUN_IO_DATA_OFFSET);
        assertEquals(Long.parseLong(java.get("offsetof kvm_run.fail_entry.cpu")), KvmStructs.RUN_FAIL_ENTRY_CPU);
        assertEquals(Long.parseLong(java.get("offsetof kvm_run.internal.data")), KvmStructs.RUN_INTERNAL_DATA);
    }

    private static String runCProgram(Path dir) throws IOException, InterruptedException {
        assumeTrue(
                onPath("gcc"),
                "gcc is not installed: cannot compile src/native-bindings/kvm_abi.c"
                        + " (apt-get install gcc linux-libc-dev)");
        Path exe = dir.resolve("kvm_abi");
        run(
                dir,
                "gcc",
                "-Wall",
                "-Werror",
                "-o",
                exe.toString(),
                SOURCE.toAbsolutePath().toString());
        return run(dir, exe.toString());
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Path output = dir.resolve("output.txt");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
        } finally {
            p.destroyForcibly();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed:\n" + text);
        return text;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> parse(String output) {
        Map<String, String> facts = new TreeMap<>();
        for (String line : output.split("\n")) {
            String[] parts = line.trim().split(" ");
            if (parts.length != 3) {
                throw new AssertionError("kvm_abi.c printed a malformed line: '" + line + "'");
            }
            String old = facts.put(parts[0] + " " + parts[1], parts[2]);
            assertEquals(null, old, "kvm_abi.c prints " + parts[1] + " twice");
        }
        return facts;
    }

    /** Every fact the Java side holds: ioctls and constants by reflection, layouts by walking their members. */
    static Map<String, String> javaFacts() {
        Map<String, String> facts = new TreeMap<>();
        for (Class<?> type : List.of(KvmIoctls.class, KvmCapabilities.class, KvmExitReasons.class)) {
            for (Field f : type.getDeclaredFields()) {
                int mods = f.getModifiers();
                if (!Modifier.isPublic(mods) || !Modifier.isStatic(mods) || !Modifier.isFinal(mods)) {
                    continue;
                }
                try {
                    if (f.getType() == long.class) {
                        facts.put("ioctl " + f.getName(), "0x" + Long.toHexString(f.getLong(null)));
                    } else if (f.getType() == int.class) {
                        facts.put("const " + f.getName(), Integer.toString(f.getInt(null)));
                    }
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        for (StructLayout layout : KvmStructs.ALL) {
            String name = layout.name().orElseThrow();
            facts.put("sizeof " + name, Long.toString(layout.byteSize()));
            members(layout, name, 0, facts);
        }
        return facts;
    }

    /**
     * Unnamed groups are C anonymous structs/unions (their members belong to the parent); unnamed values and
     * sequences are padding and not compared.
     */
    private static void members(GroupLayout group, String prefix, long base, Map<String, String> facts) {
        long offset = 0;
        for (MemoryLayout member : group.memberLayouts()) {
            long at = base + (group instanceof StructLayout ? offset : 0);
            if (member.name().isPresent()) {
                String path = prefix + "." + member.name().get();
                facts.put("offsetof " + path, Long.toString(at));
                if (member instanceof GroupLayout nested) {
                    members(nested, path, at, facts);
                }
            } else if (member instanceof GroupLayout anonymous) {
                members(anonymous, prefix, at, facts);
            }
            offset += member.byteSize();
        }
    }
}
