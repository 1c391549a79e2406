package io.kvmctl.limits;

import java.nio.file.Path;

/** One value written to one cgroup file, a step of a {@link CgroupPlan}. */
public record CgroupWrite(Path file, String value) {
    @Override
    public String toString() {
        return "'" + value + "' > " + file;
    }
}
