package io.kvmctl.probe;

import io.kvmctl.kvm.Capability;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code --require} condition: a capability with an optional minimum ({@code NR_VCPUS>=8}, {@code irqfd}) or a
 * check id ({@code vhost-net}) that must pass. Parsed strictly so a CI typo is an error, not a silent pass.
 */
public record Requirement(String expression, String name, boolean capability, int minimum) {
    private static final String ID_PREFIX = "require:";
    private static final Pattern ITEM = Pattern.compile("([A-Za-z0-9_-]+)\\s*(?:>=\\s*(\\S+))?");

    /** Thrown for an expression that does not parse; the message is one line saying what to write instead. */
    public static final class BadRequirement extends IllegalArgumentException {
        BadRequirement(String message) {
            super(message);
        }
    }

    /** Parses {@code NAME[>=N],NAME[>=N],...}. */
    public static List<Requirement> parseAll(String text) {
        List<Requirement> out = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            out.add(parse(item.trim()));
        }
        return out;
    }

    static Requirement parse(String item) {
        if (item.isEmpty()) {
            throw new BadRequirement("empty item in --require; write NAME or NAME>=N, separated by commas");
        }
        Matcher m = ITEM.matcher(item);
        if (!m.matches()) {
            throw new BadRequirement("cannot read --require item '" + item + "': write NAME or NAME>=N"
                    + " (e.g. NR_VCPUS>=8,irqfd,vhost-net)");
        }
        String name = m.group(1);
        Optional<Capability> cap = Capability.byName(name);
        String check = name.toLowerCase(Locale.ROOT);
        if (cap.isEmpty() && !HostChecks.IDS.contains(check)) {
            throw new BadRequirement("unknown --require name '" + name + "': use a capability (such as NR_VCPUS,"
                    + " IRQFD) or a check id (" + String.join(", ", HostChecks.IDS) + ")");
        }
        if (m.group(2) != null) {
            if (cap.isEmpty()) {
                throw new BadRequirement("--require " + item + ": check '" + check + "' has no value to compare;"
                        + " write just '" + check + "'");
            }
            int min;
            try {
                min = Integer.parseInt(m.group(2));
            } catch (NumberFormatException e) {
                throw new BadRequirement("--require " + item + ": '" + m.group(2) + "' is not a whole number");
            }
            return new Requirement(item, cap.get().name(), true, min);
        }
        return cap.map(c -> new Requirement(item, c.name(), true, 1))
                .orElseGet(() -> new Requirement(item, check, false, 0));
    }

    static boolean isRequirementId(String id) {
        return id.startsWith(ID_PREFIX);
    }

    /** Evaluates this condition against the probe's checks and capability values. */
    public Check evaluate(List<Check> checks, Map<String, Integer> capabilities) {
        String id = ID_PREFIX + expression;
        if (capability) {
            Integer value = capabilities.get(name);
            if (value == null) {
                return Check.fail(id, name + " unknown: KVM did not answer", "see the failing KVM checks above");
            }
            return value >= minimum
                    ? Check.pass(id, name + "=" + value)
                    : Check.fail(
                            id,
                            name + "=" + value + ", required >= " + minimum,
                            "run on a host (or kernel) whose KVM offers more");
        }
        Check target =
                checks.stream().filter(c -> c.id().equals(name)).findFirst().orElseThrow();
        return target.status() == Status.PASS
                ? Check.pass(id, name + " passes")
                : Check.fail(id, name + " is " + target.status().label() + ": " + target.detail(), target.hint());
    }
}
