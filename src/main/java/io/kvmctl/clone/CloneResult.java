package io.kvmctl.clone;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/** The clone's profile, its new UUID, the overlays created and what was changed for it to run alongside. */
public record CloneResult(Path profile, UUID uuid, List<Path> overlays, List<String> notes) {
    public CloneResult {
        overlays = List.copyOf(overlays);
        notes = List.copyOf(notes);
    }
}
