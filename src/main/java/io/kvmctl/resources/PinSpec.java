package io.kvmctl.resources;

import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which host CPUs each vCPU may use: {@code 0=1,1=0} or, with ranges, {@code 0=0-1;1=2-3} (a semicolon
 * separates vCPUs when a CPU list has commas).
 */
public record PinSpec(Map<Integer, BitSet> pins) {
    public PinSpec {
        pins = Collections.unmodifiableMap(new LinkedHashMap<>(pins));
    }

    public static PinSpec parse(String text) {
        Map<Integer, BitSet> pins = new LinkedHashMap<>();
        String separator = text.contains(";") ? ";" : ",";
        for (String item : text.split(separator)) {
            int eq = item.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(
                        "'" + item + "' is not VCPU=HOSTCPUS; write e.g. 0=1,1=0 or" + " 0=0-1;1=2-3");
            }
            int vcpu;
            try {
                vcpu = Integer.parseInt(item.substring(0, eq).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + item.substring(0, eq) + "' is not a vCPU number");
            }
            if (vcpu < 0) {
                throw new IllegalArgumentException("vCPU numbers start at 0, got " + vcpu);
            }
            if (pins.put(vcpu, CpuList.parse(item.substring(eq + 1))) != null) {
                throw new IllegalArgumentException("vCPU " + vcpu + " is pinned twice; give each vCPU once");
            }
        }
        return new PinSpec(pins);
    }
}
