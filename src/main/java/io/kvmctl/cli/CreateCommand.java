package io.kvmctl.cli;

import io.kvmctl.create.CreateException;
import io.kvmctl.create.CreateRequest;
import io.kvmctl.create.VmCreator;
import io.kvmctl.image.Images;
import io.kvmctl.profile.ProfileException;
import io.kvmctl.profile.Size;
import io.kvmctl.store.DefinitionException;
import io.kvmctl.store.VmDefinitions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = {
            "Create a VM from a cloud image (--image: it runs on its own overlay, the image is only read) or an"
                    + " installer ISO (--iso: an empty disk, the ISO boots first, VNC on).",
            "Makes disk.qcow2 in the VM's home (/var/lib/kvmctl/vms/NAME as root, else"
                    + " ~/.local/share/kvmctl/vms/NAME), defines the VM with a profile you can read and change"
                    + " ('kvmctl edit NAME'; see 'kvmctl define'), and starts it unless --no-start. Nothing is created"
                    + " when a check fails."
        })
final class CreateCommand extends VmCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The new VM's name")
    String name;

    @ArgGroup(multiplicity = "1")
    SourceOptions source;

    static final class SourceOptions {
        @Option(names = "--image", paramLabel = "FILE", description = "A cloud image (qcow2 or raw) to run on")
        Path image;

        @Option(names = "--iso", paramLabel = "FILE", description = "An installer ISO to boot from")
        Path iso;
    }

    @Option(
            names = "--disk-size",
            paramLabel = "SIZE",
            description = "The disk's size, e.g. 20G: grows an image's overlay; required with --iso")
    String diskSize;

    @Option(names = "--cpus", paramLabel = "N", defaultValue = "2", description = "vCPUs (default: ${DEFAULT-VALUE})")
    int cpus;

    @Option(
            names = "--memory",
            paramLabel = "SIZE",
            defaultValue = "2G",
            description = "Guest memory (default: ${DEFAULT-VALUE})")
    String memory;

    @Option(
            names = "--firmware",
            paramLabel = "bios|uefi",
            defaultValue = "bios",
            description = "Guest firmware (default: ${DEFAULT-VALUE})")
    String firmware;

    @Option(names = "--accel", paramLabel = "kvm|tcg", description = "Accelerator (default: the profile default)")
    String accel;

    @Option(
            names = "--ssh",
            description = "cloud-init puts your ~/.ssh/*.pub keys and kvmctl's own key in the guest;"
                    + " guest port 22 is forwarded ('kvmctl ssh NAME')")
    boolean ssh;

    @Option(names = "--cloud-init", paramLabel = "FILE", description = "A user-data file (#cloud-config) for the guest")
    Path cloudInit;

    @Option(
            names = "--forward",
            paramLabel = "HOST:GUEST",
            description = "Forward a host port to a guest port (TCP, on 127.0.0.1); HOST 0 picks a free port at"
                    + " each start. Repeatable.")
    List<String> forwards = new ArrayList<>();

    @Option(
            names = "--json",
            description = "Print what was made (and, unless --no-start, the started VM) as JSON (kvmctl.create/1,"
                    + " docs/json.md)")
    boolean json;

    @Option(names = "--no-start", description = "Only write the VM's profile and disk")
    boolean noStart;

    @Option(
            names = "--wait",
            paramLabel = "CONDITION",
            description = "Passed to 'up': wait until ssh, serial:REGEX or port:N works (see 'kvmctl up --help')")
    String waitFor;

    @Override
    public Integer call() {
        CreateRequest request;
        try {
            request = request();
        } catch (IllegalArgumentException e) {
            return fail(e.getMessage());
        }
        VmDefinitions definitions = VmDefinitions.fromEnvironment();
        if (definitions.store().isDefined(name)) {
            return fail("a VM named " + name + " already exists (defined in "
                    + definitions.store().profile(name) + "): choose another name, or remove it with 'kvmctl undefine "
                    + name + " --remove-storage'");
        }
        VmCreator creator = new VmCreator(definitions.homes(), Images.fromEnvironment());
        VmCreator.Created created;
        try {
            created = creator.create(
                    request,
                    "kvmctl "
                            + String.join(
                                    " ", spec.commandLine().getParseResult().originalArgs()));
        } catch (CreateException e) {
            return fail(e.getMessage());
        } catch (IOException e) {
            return fail("could not create VM " + name + ": " + e.getMessage());
        }
        Path definition;
        try {
            definition = definitions.define(created.profile(), Optional.empty()).profile();
            java.nio.file.Files.delete(created.profile()); // the definition is the one profile from now on
        } catch (ProfileException | DefinitionException | IOException e) {
            creator.remove(created);
            return fail("could not define VM " + name + " (nothing was created): "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (json) {
            return printJson(definition, created.disk());
        }
        out().println("created " + name + ": " + definition);
        out().println("  disk: " + created.disk());
        if (noStart) {
            out().println("  start it: kvmctl up " + name);
            return 0;
        }
        return up(out(), false);
    }

    private int up(java.io.PrintWriter upOut, boolean upJson) {
        List<String> up = new ArrayList<>(List.of("up", name));
        if (waitFor != null) {
            up.addAll(List.of("--wait", waitFor));
        }
        if (upJson) {
            up.add("--json");
        }
        String[] args = up.toArray(String[]::new);
        // A command line of its own, built as Main builds one: only the invoked subcommand is registered there
        picocli.CommandLine upCommand = KvmctlCommand.newCommandLine(args);
        upCommand.setOut(upOut);
        upCommand.setErr(err());
        return upCommand.execute(args);
    }

    /** One document: the VM made, and the VM started as 'up --json' reports it (null with --no-start or a failed start). */
    private int printJson(Path definition, Path disk) {
        int code = 0;
        tools.jackson.databind.JsonNode vm = null;
        if (!noStart) {
            java.io.StringWriter upOut = new java.io.StringWriter();
            code = up(new java.io.PrintWriter(upOut, true), true);
            if (!upOut.toString().isBlank()) {
                tools.jackson.databind.node.ObjectNode started =
                        (tools.jackson.databind.node.ObjectNode) CliJson.MAPPER.readTree(upOut.toString());
                started.remove("kind");
                vm = started;
            }
        }
        tools.jackson.databind.node.ObjectNode doc = CliJson.MAPPER
                .createObjectNode()
                .put("kind", "kvmctl.create/1")
                .put("name", name)
                .put("definition", definition.toString())
                .put("disk", disk.toString());
        if (vm == null) {
            doc.putNull("vm");
        } else {
            doc.set("vm", vm);
        }
        out().println(CliJson.MAPPER.writeValueAsString(doc));
        return code;
    }

    private CreateRequest request() {
        CreateRequest.Source from = source.image != null
                ? new CreateRequest.Source.Image(source.image.toAbsolutePath())
                : new CreateRequest.Source.Iso(source.iso.toAbsolutePath());
        if (cpus < 1 || cpus > 255) {
            throw new IllegalArgumentException("--cpus " + cpus + ": give 1 to 255");
        }
        CreateRequest.Firmware fw = switch (firmware.toLowerCase(Locale.ROOT)) {
            case "bios" -> CreateRequest.Firmware.BIOS;
            case "uefi" -> CreateRequest.Firmware.UEFI;
            default -> throw new IllegalArgumentException("--firmware " + firmware + ": use bios or uefi");
        };
        if (accel != null && !accel.equals("kvm") && !accel.equals("tcg")) {
            throw new IllegalArgumentException("--accel " + accel + ": use kvm or tcg");
        }
        List<CreateRequest.Forward> parsed = new ArrayList<>();
        for (String f : forwards) {
            parsed.add(forward(f));
        }
        return new CreateRequest(
                name,
                from,
                Optional.ofNullable(diskSize).map(s -> size("--disk-size", s)),
                cpus,
                size("--memory", memory),
                fw,
                Optional.ofNullable(accel),
                ssh,
                Optional.ofNullable(cloudInit).map(Path::toAbsolutePath),
                parsed);
    }

    private static Size size(String option, String text) {
        try {
            return SizeConverter.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }

    private static CreateRequest.Forward forward(String text) {
        String[] parts = text.split(":", -1);
        try {
            if (parts.length == 2) {
                int host = Integer.parseInt(parts[0]);
                int guest = Integer.parseInt(parts[1]);
                if (host >= 0 && host <= 65535 && guest >= 1 && guest <= 65535) {
                    return new CreateRequest.Forward(host, guest);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "--forward " + text + ": write HOST:GUEST ports, e.g. 8080:80 (HOST 0: a free port at each start)");
    }
}
