package io.kvmctl.qemu;

import io.kvmctl.text.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine types one QEMU binary offers, as its {@code -machine help} lists them: versioned types such as
 * {@code pc-q35-7.2}, whose virtual hardware never changes between QEMU releases, and aliases such as {@code q35}
 * and {@code pc}, which name the newest versioned type of the QEMU that reads them. A VM must run a versioned
 * type: the same alias on QEMU 7.2 and 10.0 is two different machines, and a guest migrated (or restarted) from
 * one to the other would see its hardware change under it. So an alias is resolved here once, at the first start,
 * and the versioned type is what the VM keeps (as libvirt writes {@code pc-q35-7.2} into the domain XML).
 *
 * @param types every machine type in listing order (aliases excluded)
 * @param aliases alias to the versioned type it stands for, e.g. {@code q35 -> pc-q35-7.2}
 */
public record MachineTypes(List<String> types, Map<String, String> aliases) {
    /** A listing line: the name (padded to 20 columns), the description, and maybe "(alias of X)". */
    private static final Pattern LINE = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)\\s+(.*)$");

    private static final Pattern ALIAS_OF = Pattern.compile("\\(alias of ([A-Za-z0-9][A-Za-z0-9._-]*)\\)");

    public MachineTypes {
        types = List.copyOf(types);
        aliases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
    }

    /**
     * Parses {@code qemu-system-x86_64 -machine help}: a header line ({@code Supported machines are:}), then one
     * line per type, an alias on its own line before its target ({@code q35  Standard PC (Q35 + ICH9, 2009) (alias
     * of pc-q35-7.2)}). The format has been the same since QEMU 1.x. Lines that are not a name and a description
     * (a warning on stderr) are skipped.
     */
    public static MachineTypes parse(String help) {
        List<String> types = new ArrayList<>();
        Map<String, String> aliases = new LinkedHashMap<>();
        for (String line : help.lines().toList()) {
            Matcher m = LINE.matcher(line);
            if (!m.matches() || line.endsWith(":")) {
                continue;
            }
            Matcher alias = ALIAS_OF.matcher(m.group(2));
            if (alias.find()) {
                aliases.put(m.group(1), alias.group(1));
            } else {
                types.add(m.group(1));
            }
        }
        return new MachineTypes(types, aliases);
    }

    /** True when QEMU listed no type at all: its output was not a {@code -machine help} listing. */
    public boolean isEmpty() {
        return types.isEmpty();
    }

    /** The versioned type {@code requested} stands for: an alias's target, a type itself, or empty when unknown. */
    public Optional<String> resolve(String requested) {
        String target = aliases.get(requested);
        if (target != null) {
            return Optional.of(target);
        }
        return types.contains(requested) ? Optional.of(requested) : Optional.empty();
    }

    /** Whether this QEMU can run machine type {@code type} (a versioned type, or any other type it lists). */
    public boolean offers(String type) {
        return types.contains(type);
    }

    /**
     * Why {@code requested} is not one of these types and what to use instead, for a message that begins
     * "{@code QEMU X }": a versioned type newer than this QEMU's newest of its family ({@code pc-q35-10.0} on QEMU
     * 7.2) says which is the newest, an older one that this QEMU no longer has says which range it has; a typo
     * gets the closest name.
     */
    public String whyUnknown(String requested) {
        Optional<Map.Entry<String, String>> family = family(requested);
        Optional<int[]> version = family.flatMap(f -> version(requested));
        if (family.isPresent() && version.isPresent()) {
            String alias = family.get().getKey();
            String newest = family.get().getValue();
            if (compare(version.get(), version(newest).orElse(new int[0])) > 0) {
                return "has no machine type '" + requested + "': its newest " + alias + " type is " + newest
                        + ", and a versioned type needs a QEMU at least as new as its version; use a type it "
                        + "lists in '-machine help' (e.g. " + newest + ") or a newer QEMU";
            }
            String prefix = familyPrefix(newest);
            String oldest = types.stream()
                    .filter(t -> t.startsWith(prefix) && version(t).isPresent())
                    .min((a, b) -> compare(version(a).orElseThrow(), version(b).orElseThrow()))
                    .orElse(newest);
            return "has no machine type '" + requested + "': its " + alias + " types go from " + oldest + " to "
                    + newest + " (QEMU drops old types some releases after deprecating them); use a type it lists "
                    + "in '-machine help' (e.g. " + newest + ")";
        }
        List<String> known = new ArrayList<>(aliases.keySet());
        known.addAll(types);
        String hint = Suggestions.closest(requested, known)
                .map(s -> " (did you mean '" + s + "'?)")
                .orElse("");
        List<String> examples = aliases.isEmpty()
                ? types.stream().limit(2).toList()
                : aliases.entrySet().stream()
                        .limit(2)
                        .map(a -> a.getKey() + " (" + a.getValue() + ")")
                        .toList();
        return "has no machine type '" + requested + "'" + hint + "; use one it lists in '-machine help'"
                + (examples.isEmpty() ? "" : ", e.g. " + String.join(" or ", examples));
    }

    /**
     * For a versioned type of a family this QEMU has an alias for ({@code pc-q35-10.0}), that alias and its
     * target, the family's newest type here ({@code q35 -> pc-q35-7.2}).
     */
    public Optional<Map.Entry<String, String>> family(String versioned) {
        return aliases.entrySet().stream()
                .filter(a -> versioned.startsWith(familyPrefix(a.getValue())))
                .findFirst();
    }

    /** The dotted version at the end of a versioned type ({@code 7.2} of {@code pc-q35-7.2}), if it has one. */
    private static Optional<int[]> version(String versioned) {
        String tail = versioned.substring(versioned.lastIndexOf('-') + 1);
        if (!tail.matches("\\d+(\\.\\d+)*")) {
            return Optional.empty();
        }
        return Optional.of(java.util.Arrays.stream(tail.split("\\."))
                .mapToInt(Integer::parseInt)
                .toArray());
    }

    private static int compare(int[] a, int[] b) {
        return java.util.Arrays.compare(a, b);
    }

    /** {@code pc-q35-} of {@code pc-q35-7.2}: the part a family's versioned types share. */
    private static String familyPrefix(String versioned) {
        int dash = versioned.lastIndexOf('-');
        return dash < 0 ? versioned + "-" : versioned.substring(0, dash + 1);
    }
}
