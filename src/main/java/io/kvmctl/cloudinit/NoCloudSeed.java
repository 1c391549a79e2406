package io.kvmctl.cloudinit;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The files of a NoCloud seed for one VM, from what its profile says: pure, no file system. cloud-init reads
 * {@code meta-data} (the instance id and host name), {@code user-data} (a {@code #cloud-config} document or a
 * script) and, when present, {@code network-config}.
 *
 * <p>The user's own documents are kept as written where possible: defaults are appended to {@code meta-data} only
 * for keys it lacks, and the user shortcut ({@code user}, {@code password}, ssh keys) is appended to a
 * {@code #cloud-config} as a block of its own; only when that document already has a {@code users} list is it
 * parsed and written anew, with kvmctl's user added to the list.
 */
public final class NoCloudSeed {
    private static final String CLOUD_CONFIG = "#cloud-config";
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            // an ssh key stays one line, as in authorized_keys, for whoever reads the seed (folding is valid YAML)
            .disable(YAMLWriteFeature.SPLIT_LINES)
            .build();

    private NoCloudSeed() {}

    /**
     * A document from the profile, inline or read from a file.
     *
     * @param origin what to call it in an error: {@code cloud_init.user_data} or the file's path
     */
    public record Document(String text, String origin) {}

    /**
     * The VM's user, made by cloud-init.
     *
     * @param passwordHash a crypt(3) hash ({@link Sha512Crypt}); empty locks the password (ssh keys only)
     */
    public record User(String name, Optional<String> passwordHash, List<String> sshKeys) {
        public User {
            sshKeys = List.copyOf(sshKeys);
        }

        @Override
        public String toString() {
            return "User[" + name + ", " + sshKeys.size() + " ssh key(s)"
                    + (passwordHash.isPresent() ? ", password set" : "") + "]";
        }
    }

    /** What the seed is made from. */
    public record Input(
            String vmName,
            Optional<Document> userData,
            Optional<Document> metaData,
            Optional<Document> networkConfig,
            Optional<User> user) {}

    /** The seed's files, name to content, in the order they are written. */
    public static Map<String, byte[]> files(Input input) throws SeedException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("meta-data", utf8(metaData(input)));
        files.put("user-data", utf8(userData(input)));
        if (input.networkConfig().isPresent()) {
            Document network = input.networkConfig().get();
            JsonNode tree = parse(network);
            if (!tree.isObject()) {
                throw new SeedException(network.origin() + ": network-config is not a YAML mapping: write "
                        + "'network: {version: 2, ethernets: ...}' (see cloud-init's network config v2)");
            }
            files.put("network-config", utf8(network.text()));
        }
        return files;
    }

    /** The seed as an ISO 9660 volume labelled {@code cidata}. */
    public static byte[] image(Input input) throws SeedException {
        return Iso9660Image.of("cidata", files(input));
    }

    /** The default instance id: stable for a VM, new for a clone (another name), so a clone gets new host keys. */
    public static String instanceId(String vmName) {
        return "kvmctl-" + vmName;
    }

    /** A VM name as a host name: letters, digits and '-' ('.' and '_' become '-'), at most 63 characters. */
    public static String hostname(String vmName) {
        String host = vmName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        host = host.substring(0, Math.min(63, host.length())).replaceAll("-+$", "");
        return host.isEmpty() ? "vm" : host;
    }

    private static String metaData(Input input) throws SeedException {
        StringBuilder text = new StringBuilder();
        ObjectNode given = JsonNodeFactory.instance.objectNode();
        if (input.metaData().isPresent()) {
            Document meta = input.metaData().get();
            JsonNode tree = parse(meta);
            if (!tree.isObject()) {
                throw new SeedException(meta.origin() + ": meta-data is not a YAML mapping: write keys such as "
                        + "'instance-id: NAME' and 'local-hostname: NAME'");
            }
            given = (ObjectNode) tree;
            text.append(withNewline(meta.text()));
        }
        if (!given.has("instance-id")) {
            text.append("instance-id: ").append(instanceId(input.vmName())).append('\n');
        }
        if (!given.has("local-hostname")) {
            text.append("local-hostname: ").append(hostname(input.vmName())).append('\n');
        }
        return text.toString();
    }

    private static String userData(Input input) throws SeedException {
        Optional<Document> given = input.userData();
        if (given.isEmpty()) {
            return input.user().isPresent()
                    ? CLOUD_CONFIG + "\n" + yaml(userBlock(input.user().get()))
                    : CLOUD_CONFIG + "\n";
        }
        Document document = given.get();
        String text = document.text();
        String firstLine = text.lines().findFirst().orElse("").strip();
        boolean cloudConfig = firstLine.equals(CLOUD_CONFIG);
        if (!cloudConfig && !firstLine.startsWith("#!") && !firstLine.startsWith("Content-Type:")) {
            throw new SeedException(document.origin() + ": line 1 is '" + abbreviate(firstLine) + "': user-data must "
                    + "start with '#cloud-config' (or be a '#!' script or a MIME multipart message); "
                    + "add '#cloud-config' as the first line");
        }
        if (!cloudConfig) {
            if (input.user().isPresent()) {
                throw new SeedException(document.origin() + ": user-data is a script, so kvmctl cannot add the user "
                        + "and ssh keys of 'user', 'password', 'ssh' or 'ssh_authorized_keys' to it: write a "
                        + "'#cloud-config' user-data instead, or drop those keys");
            }
            return text;
        }
        JsonNode tree = parse(document);
        if (!tree.isObject() && !tree.isNull() && !tree.isMissingNode()) {
            throw new SeedException(document.origin() + ": the #cloud-config is not a YAML mapping: write top-level "
                    + "keys such as 'packages:' or 'runcmd:'");
        }
        if (input.user().isEmpty()) {
            return text;
        }
        ObjectNode block = userBlock(input.user().get());
        if (tree instanceof ObjectNode config && config.has("users")) {
            if (!config.get("users").isArray()) {
                throw new SeedException(document.origin() + ": 'users' is not a list: write 'users: [...]' or drop "
                        + "the profile's 'user' shortcut");
            }
            ((ArrayNode) config.get("users")).add(block.get("users").get(0));
            return CLOUD_CONFIG + "\n" + yaml(config);
        }
        return withNewline(text) + "# added by kvmctl from the profile's cloud_init shortcuts\n" + yaml(block);
    }

    private static ObjectNode userBlock(User user) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("name", user.name());
        entry.put("shell", "/bin/bash");
        entry.put("sudo", "ALL=(ALL) NOPASSWD:ALL");
        entry.put("lock_passwd", user.passwordHash().isEmpty());
        user.passwordHash().ifPresent(hash -> entry.put("passwd", hash));
        if (!user.sshKeys().isEmpty()) {
            ArrayNode keys = entry.putArray("ssh_authorized_keys");
            user.sshKeys().forEach(keys::add);
        }
        ObjectNode block = JsonNodeFactory.instance.objectNode();
        block.putArray("users").add(entry);
        return block;
    }

    private static JsonNode parse(Document document) throws SeedException {
        try {
            JsonNode tree = YAML.readTree(document.text());
            return tree == null ? JsonNodeFactory.instance.nullNode() : tree;
        } catch (JacksonException e) {
            String where =
                    e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new SeedException(document.origin() + ": not valid YAML" + where + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse("") + "; fix the syntax there");
        }
    }

    private static String yaml(JsonNode tree) {
        return YAML.writeValueAsString(tree);
    }

    private static String withNewline(String text) {
        return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
    }

    private static String abbreviate(String line) {
        return line.length() <= 40 ? line : line.substring(0, 40) + "...";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
