package io.kvmctl.store;

import io.kvmctl.files.AtomicFile;
import io.kvmctl.profile.ProfileException;
import io.kvmctl.profile.ProfileLoader;
import io.kvmctl.text.DiskFull;
import io.kvmctl.vm.RuntimeRoot;
import io.kvmctl.vm.VmHomes;
import io.kvmctl.vm.VmLock;
import io.kvmctl.vm.VmNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * Defines, reads, replaces and removes VM definitions ({@link VmStore}). Each change holds the VM's lock, the same
 * one {@code up} and {@code down} take, so an {@code edit} never races a start; each write is atomic, so a full disk
 * leaves the previous definition (or none) and never half a file; and every definition is validated before it is
 * stored, so what is stored always loads.
 */
public final class VmDefinitions {
    private static final JsonMapper JSON =
            JsonMapper.builder().findAndAddModules().build();

    private final VmStore store;
    private final VmHomes homes;
    private final RuntimeRoot root;
    private final ProfileLoader loader;

    public VmDefinitions(VmStore store, VmHomes homes, RuntimeRoot root, ProfileLoader loader) {
        this.store = store;
        this.homes = homes;
        this.root = root;
        this.loader = loader;
    }

    /** The definitions of this process's user, as its environment chooses them. */
    public static VmDefinitions fromEnvironment() {
        return new VmDefinitions(
                VmStore.fromEnvironment(),
                VmHomes.fromEnvironment(),
                RuntimeRoot.fromEnvironment(),
                ProfileLoader.forThisHost());
    }

    public VmStore store() {
        return store;
    }

    public VmHomes homes() {
        return homes;
    }

    /** What {@link #define} stored: the VM's name, its stored profile and the profile it came from. */
    public record Defined(String name, Path profile, Path source) {}

    /**
     * Validates {@code source} and stores a copy under its name (or {@code name}), relative paths written out in
     * full. The source is only read.
     *
     * @throws ProfileException when the profile is invalid (nothing stored)
     * @throws DefinitionException when the name is defined already or the profile cannot be stored as written
     */
    public Defined define(Path source, Optional<String> name)
            throws ProfileException, DefinitionException, IOException {
        String text;
        try {
            text = Files.readString(source);
        } catch (IOException e) {
            throw new DefinitionException(
                    "cannot read the profile " + source + " (" + reason(e) + "): check the path and its permissions");
        }
        ProfileLoader.Loaded loaded = loader.parse(source, text, name);
        String vmName = loaded.profile().name();
        String copy;
        try {
            copy = DefinitionText.of(text, loaded.relativePaths(), name);
        } catch (IllegalArgumentException e) {
            throw new DefinitionException(source + ": " + e.getMessage());
        }
        Path target = store.profile(vmName);
        checkReadsBack(target, copy);
        try (VmLock _ = VmLock.acquire(root.ensure().vm(vmName))) {
            if (store.isDefined(vmName)) {
                throw new DefinitionException("VM " + vmName + " is defined already (" + target + "): 'kvmctl edit "
                        + vmName + "' changes it, 'kvmctl undefine " + vmName + "' removes it, or give another name"
                        + " with --name");
            }
            boolean newFolder = !Files.exists(store.folder(vmName), LinkOption.NOFOLLOW_LINKS);
            try {
                store.ensure(vmName);
            } catch (IOException e) {
                String reason = reason(e);
                throw new IOException(
                        "could not make the folder of VM " + vmName + " (" + store.folder(vmName) + "): " + reason
                                + DiskFull.hint(reason, store.path()).orElse("") + "; nothing was stored",
                        e);
            }
            try {
                AtomicFile.write(target, copy.getBytes(StandardCharsets.UTF_8), "the definition of VM " + vmName);
            } catch (IOException e) {
                if (newFolder) {
                    Files.deleteIfExists(store.folder(vmName)); // empty: AtomicFile removed its temporary file
                }
                throw e;
            }
        }
        return new Defined(vmName, target, source.toAbsolutePath().normalize());
    }

    /** The stored profile of defined VM {@code name}; the error names close defined names when there are some. */
    public Path profileOf(String name) throws DefinitionException, IOException {
        if (!store.isDefined(name)) {
            throw notDefined(name);
        }
        return store.profile(name);
    }

    /**
     * Replaces defined VM {@code name}'s profile with {@code text} once it validates ({@code kvmctl edit}). A
     * running VM keeps what it started with until its next start.
     *
     * @throws ProfileException when {@code text} is invalid (the stored profile is unchanged)
     */
    public void replace(String name, String text) throws ProfileException, DefinitionException, IOException {
        try (VmLock _ = VmLock.acquire(root.ensure().vm(name))) {
            Path target = profileOf(name);
            ProfileLoader.Loaded loaded = loader.parse(target, text, Optional.empty());
            if (!loaded.profile().name().equals(name)) {
                throw new DefinitionException("the name changed from " + name + " to "
                        + loaded.profile().name()
                        + ": edit keeps the name; define a copy under the new one ('kvmctl define FILE --name "
                        + loaded.profile().name() + "') and undefine " + name);
            }
            String copy;
            try {
                copy = DefinitionText.of(text, loaded.relativePaths(), Optional.empty());
            } catch (IllegalArgumentException e) {
                throw new DefinitionException(e.getMessage());
            }
            AtomicFile.write(target, copy.getBytes(StandardCharsets.UTF_8), "the definition of VM " + name);
        }
    }

    /** What {@link #undefine} removed and what it kept. */
    public record Undefined(String name, Path definition, Optional<Path> removedHome, Optional<Path> keptHome) {}

    /**
     * Removes defined VM {@code name}. Refused while the VM has a runtime directory (running, or exited and not
     * yet cleaned by {@code down}). Its home (disks made for it, UEFI variables, keys) stays unless
     * {@code removeStorage}; then only what is inside the home goes, never an image the profile names elsewhere.
     */
    public Undefined undefine(String name, boolean removeStorage) throws DefinitionException, IOException {
        try (VmLock _ = VmLock.acquire(root.ensure().vm(name))) {
            Path definition = profileOf(name);
            if (Files.exists(root.vm(name).path(), LinkOption.NOFOLLOW_LINKS)) {
                throw new DefinitionException("VM " + name + " is running (or has exited and not been cleaned up):"
                        + " stop it with 'kvmctl down " + name + "', then undefine it");
            }
            Path folder = store.folder(name);
            Path home = homes.of(name);
            boolean homeIsFolder = home.toAbsolutePath()
                    .normalize()
                    .equals(folder.toAbsolutePath().normalize());
            Files.delete(definition); // the commit point: from here the VM is not defined
            Files.deleteIfExists(folder.resolve(LastStop.FILE));
            Files.deleteIfExists(folder.resolve(Autostarts.MARKER));
            Optional<Path> removed = Optional.empty();
            Optional<Path> kept = Optional.empty();
            if (removeStorage && Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS)) {
                removeTree(home);
                removed = Optional.of(home);
            } else if (Files.isDirectory(home, LinkOption.NOFOLLOW_LINKS) && !isEmpty(home)) {
                kept = Optional.of(home);
            }
            if (!homeIsFolder || removeStorage) {
                deleteIfEmpty(folder);
            }
            if (!removeStorage && kept.isEmpty()) {
                deleteIfEmpty(home);
            }
            return new Undefined(name, definition, removed, kept);
        }
    }

    /** Keeps how defined VM {@code name} last stopped (ignored for a VM that is not defined). */
    public void recordStop(String name, LastStop stop) throws IOException {
        if (store.isDefined(name)) {
            AtomicFile.write(store.folder(name).resolve(LastStop.FILE), JSON.writeValueAsBytes(stop), "last stop");
        }
    }

    /** How defined VM {@code name} last stopped, when kvmctl saw it stop. */
    public Optional<LastStop> lastStop(String name) {
        Path file = store.folder(name).resolve(LastStop.FILE);
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(JSON.readValue(file.toFile(), LastStop.class))
                    : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // unreadable history is no reason to fail info or list
        }
    }

    /** Defined names close to {@code typed} (a typo, a prefix), closest first, at most three. */
    public List<String> closeNames(String typed) throws IOException {
        return CloseNames.to(typed, store.names());
    }

    private DefinitionException notDefined(String name) throws IOException {
        if (!VmNames.isValid(name)) {
            return new DefinitionException("'" + name + "' is not a VM name (and no such profile file exists)");
        }
        List<String> close = CloseNames.to(name, store.names());
        return new DefinitionException("no VM named " + name + " is defined (in " + store.path() + ")"
                + (close.isEmpty()
                        ? "; 'kvmctl list --all' lists the defined ones"
                        : "; did you mean " + String.join(" or ", close) + "?"));
    }

    /** The copy must load from where it will live: else kvmctl's rewrite is wrong, and nothing is stored. */
    private void checkReadsBack(Path target, String copy) throws IOException {
        try {
            loader.parse(target, copy, Optional.empty());
        } catch (ProfileException e) {
            throw new IOException("kvmctl's copy of the profile does not load (a kvmctl bug; nothing was stored): "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && isEmpty(dir)) {
            Files.delete(dir);
        }
    }

    /** Deletes {@code dir} and what is in it; symbolic links inside are removed, never followed. */
    private static void removeTree(Path dir) throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.forEach(all::add);
        }
        all.sort(Comparator.reverseOrder());
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
