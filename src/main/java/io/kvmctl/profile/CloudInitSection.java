package io.kvmctl.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The {@code cloud_init} field. A document ({@code user_data}, {@code meta_data}, {@code network_config}) is a
 * file path, text of several lines (or starting with {@code #}), or a YAML mapping written in place, which becomes
 * a {@code #cloud-config} for user data. Keys in {@code ssh_authorized_keys} are key lines or {@code .pub} files.
 */
final class CloudInitSection {
    // cloud-init's own limit is the distribution's useradd: a portable POSIX user name
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern KEY_LINE = Pattern.compile("(ssh-|ecdsa-|sk-)\\S+ \\S+.*");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .build();

    private final Problems problems;
    private final ProfilePaths paths;

    CloudInitSection(Problems problems, ProfilePaths paths) {
        this.problems = problems;
        this.paths = paths;
    }

    Optional<CloudInitSpec> read(YamlObject t) {
        Optional<JsonNode> n = t.node("cloud_init");
        if (n.isEmpty()) {
            return Optional.empty();
        }
        return YamlObject.open(n.get(), "cloud_init", problems, ProfileKeys.CLOUD_INIT)
                .map(c -> {
                    Optional<String> user = c.string("user");
                    user.ifPresent(name -> {
                        if (!USER.matcher(name).matches() || name.equals("root")) {
                            problems.error(
                                    c.field("user"),
                                    "'" + name + "' is not a user name cloud-init can create",
                                    "use 1-32 lower-case letters, digits, '_' or '-', starting with a letter or '_'"
                                            + " (not root)");
                        }
                    });
                    return new CloudInitSpec(
                            document(c, "user_data", true),
                            document(c, "meta_data", false),
                            document(c, "network_config", false),
                            user,
                            c.string("password"),
                            c.bool("ssh").orElse(false),
                            keys(c));
                });
    }

    private Optional<CloudInitSpec.Source> document(YamlObject c, String key, boolean cloudConfig) {
        Optional<JsonNode> n = c.node(key);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        if (n.get().isObject()) {
            String yaml = YAML.writeValueAsString(n.get());
            return Optional.of(new CloudInitSpec.Source.Inline(cloudConfig ? "#cloud-config\n" + yaml : yaml));
        }
        if (!n.get().isString()) {
            problems.error(
                    c.field(key),
                    "expected a file, a text or a mapping, found " + YamlObject.describe(n.get()),
                    "give a file path, or write the document in place under '" + key + ": |'");
            return Optional.empty();
        }
        String text = n.get().asString();
        if (text.contains("\n") || text.startsWith("#")) {
            return Optional.of(new CloudInitSpec.Source.Inline(text));
        }
        return paths.resolve(c.field(key), home(text), true).map(CloudInitSpec.Source.File::new);
    }

    private List<CloudInitSpec.Source> keys(YamlObject c) {
        List<CloudInitSpec.Source> keys = new ArrayList<>();
        List<JsonNode> items = c.list("ssh_authorized_keys");
        for (int i = 0; i < items.size(); i++) {
            String field = c.field("ssh_authorized_keys") + "[" + i + "]";
            Optional<String> item = YamlObject.text(items.get(i), field, problems);
            if (item.isEmpty()) {
                continue;
            }
            if (KEY_LINE.matcher(item.get()).matches()) {
                keys.add(new CloudInitSpec.Source.Inline(item.get()));
            } else if (item.get().endsWith(".pub")) {
                paths.resolve(field, home(item.get()), true).ifPresent(p -> keys.add(new CloudInitSpec.Source.File(p)));
            } else {
                problems.error(
                        field,
                        "'" + abbreviate(item.get()) + "' is neither an ssh public key nor a .pub file",
                        "paste the line of a .pub file ('ssh-ed25519 AAAA... you@host') or give the file's path");
            }
        }
        return keys;
    }

    /** {@code ~/x} is the invoking user's home: how people write key paths. */
    private static String home(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    private static String abbreviate(String text) {
        return text.length() <= 30 ? text : text.substring(0, 30) + "...";
    }
}
