package io.kvmctl.firmware;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * One firmware descriptor file, in the format of QEMU's {@code docs/interop/firmware.json}: what a firmware build
 * is (UEFI, for which machines), how it is mapped (two flash devices: read-only code, and a template for the
 * per-VM variables) and what it offers ({@code secure-boot}, {@code enrolled-keys}, {@code requires-smm}). Only
 * the {@code flash} mapping in split mode is kept: it is what OVMF packages install and what lets the variables
 * live apart from the code.
 *
 * @param source   the file it was read from
 * @param code     the executable (mapped read-only on pflash0)
 * @param varsTemplate the variables store to copy for each VM (pflash1)
 * @param format   the format of both files, {@code raw} or {@code qcow2}
 * @param machines glob patterns of the x86_64 machine types it supports ({@code pc-q35-*})
 */
public record FirmwareDescriptor(
        Path source, Path code, Path varsTemplate, String format, List<String> machines, Set<String> features) {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public FirmwareDescriptor {
        machines = List.copyOf(machines);
        features = Set.copyOf(new TreeSet<>(features));
    }

    /** Whether it runs a guest with Secure Boot on. */
    public boolean secureBoot() {
        return features.contains("secure-boot");
    }

    /** Whether QEMU must give the machine SMM ({@code smm=on}) and secure flash for it: Secure Boot builds. */
    public boolean requiresSmm() {
        return features.contains("requires-smm");
    }

    /** Whether Microsoft's (or the distribution's) keys are already in its variables template. */
    public boolean enrolledKeys() {
        return features.contains("enrolled-keys");
    }

    /** Whether it supports the versioned machine type {@code machine}, by the descriptor's glob patterns. */
    public boolean supports(String machine) {
        for (String pattern : machines) {
            String regex = "\\Q" + pattern.replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q") + "\\E";
            if (machine.matches(regex)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses one descriptor; empty when it describes something kvmctl does not run (another architecture, BIOS,
     * a single-file or memory mapping), so such files are skipped rather than refused.
     *
     * @throws IllegalArgumentException when the file is not a descriptor at all (not JSON, fields missing)
     */
    public static Optional<FirmwareDescriptor> parse(Path source, String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + " is not JSON: " + e.getOriginalMessage());
        }
        if (!texts(root.path("interface-types")).contains("uefi")) {
            return Optional.empty();
        }
        JsonNode mapping = root.path("mapping");
        if (!mapping.path("device").asString("").equals("flash")
                || !mapping.path("mode").asString("split").equals("split")
                || !mapping.has("nvram-template")) {
            return Optional.empty();
        }
        List<String> machines = new ArrayList<>();
        for (JsonNode target : root.path("targets")) {
            if (target.path("architecture").asString("").equals("x86_64")) {
                machines.addAll(texts(target.path("machines")));
            }
        }
        if (machines.isEmpty()) {
            return Optional.empty();
        }
        String code = mapping.path("executable").path("filename").asString("");
        String vars = mapping.path("nvram-template").path("filename").asString("");
        if (code.isEmpty() || vars.isEmpty()) {
            throw new IllegalArgumentException(source + " names no executable or nvram-template file");
        }
        String format = mapping.path("executable").path("format").asString("raw");
        return Optional.of(new FirmwareDescriptor(
                source, Path.of(code), Path.of(vars), format, machines, new TreeSet<>(texts(root.path("features")))));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString("")));
        return out;
    }
}
