package dozvon.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the configuration: built-in defaults, then the YAML file, then {@code DOZVON_*} environment
 * variables, then a shape check and the semantic checks of {@link ConfigValidator}. Every problem found is
 * reported together in one {@link ConfigException}.
 */
public final class ConfigLoader {

    public static final String ENV_PREFIX = "DOZVON_";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ConfigLoader() {}

    /**
     * @param file the YAML file, or null for defaults only
     * @param env  the environment (System.getenv() in production; tests pass their own)
     */
    public static DozvonConfig load(Path file, Map<String, String> env) throws ConfigException {
        List<String> problems = new ArrayList<>();
        ObjectNode tree = defaults();
        if (file != null) {
            JsonNode user = readFile(file, problems);
            if (user != null && !user.isNull() && !user.isMissingNode()) {
                if (user.isObject()) {
                    merge(tree, (ObjectNode) user);
                } else {
                    problems.add(file + ": expected a mapping of keys at the top level");
                }
            }
        }
        applyEnvironment(tree, env, problems);
        problems.addAll(ConfigShape.check(tree));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        DozvonConfig config;
        try {
            config = YAML.treeToValue(tree, DozvonConfig.class);
        } catch (JsonProcessingException e) {
            // The shape check should have caught this; report it plainly all the same.
            throw new ConfigException(List.of("config: " + e.getOriginalMessage()));
        }
        List<String> semantic = ConfigValidator.validate(config);
        if (!semantic.isEmpty()) {
            throw new ConfigException(semantic);
        }
        return config;
    }

    private static ObjectNode defaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/dozvon/defaults.yaml")) {
            return (ObjectNode) YAML.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("built-in defaults unreadable", e);
        }
    }

    private static JsonNode readFile(Path file, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add(file + ": config file not found");
            return null;
        }
        try {
            return YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : ": line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            problems.add(file + where + ": not valid YAML (" + firstLine(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            problems.add(file + ": cannot read (" + e.getMessage() + ")");
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Objects merge key by key; lists and scalars from the user replace the default. */
    static void merge(ObjectNode base, ObjectNode over) {
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = base.get(e.getKey());
            if (existing instanceof ObjectNode baseChild && e.getValue() instanceof ObjectNode overChild) {
                merge(baseChild, overChild);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    /**
     * {@code DOZVON_HTTP_PORT=8081} sets {@code http.port}. Segments are matched against the config's own key
     * names, ignoring case and underscores ({@code DOZVON_HTTP_ADMIN_TOKEN} and {@code DOZVON_HTTP_ADMINTOKEN}
     * both reach {@code http.adminToken}); a number indexes a list ({@code DOZVON_AGENTS_0_PASSWORD}).
     * A variable that names no key is a problem: a typo'd override silently ignored is an outage later.
     */
    static void applyEnvironment(ObjectNode tree, Map<String, String> env, List<String> problems) {
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            if (!e.getKey().startsWith(ENV_PREFIX)) {
                continue;
            }
            List<String> segments = Arrays.asList(e.getKey().substring(ENV_PREFIX.length()).split("_"));
            if (!apply(tree, DozvonConfig.class, segments, e.getValue())) {
                problems.add(e.getKey() + ": no config key matches this variable");
            }
        }
    }

    private static boolean apply(JsonNode node, Type type, List<String> segments, String value) {
        Class<?> raw = type instanceof Class<?> c ? c : (Class<?>) ((ParameterizedType) type).getRawType();
        if (raw.isRecord() && node instanceof ObjectNode obj) {
            for (int take = 1; take <= segments.size(); take++) {
                String wanted = String.join("", segments.subList(0, take));
                for (RecordComponent c : raw.getRecordComponents()) {
                    if (!c.getName().equalsIgnoreCase(wanted)) {
                        continue;
                    }
                    List<String> rest = segments.subList(take, segments.size());
                    if (rest.isEmpty()) {
                        obj.set(c.getName(), parseValue(value, obj.get(c.getName())));
                        return true;
                    }
                    JsonNode child = obj.get(c.getName());
                    if (child == null || child.isNull()) {
                        child = JsonNodeFactory.instance.objectNode();
                        obj.set(c.getName(), child);
                    }
                    return apply(child, c.getGenericType(), rest, value);
                }
            }
            return false;
        }
        if (List.class.isAssignableFrom(raw) && node instanceof ArrayNode array && !segments.isEmpty()) {
            int index;
            try {
                index = Integer.parseInt(segments.get(0));
            } catch (NumberFormatException ex) {
                return false;
            }
            if (index < 0 || index >= array.size()) {
                return false;
            }
            List<String> rest = segments.subList(1, segments.size());
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            if (rest.isEmpty()) {
                array.set(index, parseValue(value, array.get(index)));
                return true;
            }
            return apply(array.get(index), element, rest, value);
        }
        return false;
    }

    /** Text stays text where the key holds text; numbers, booleans, lists and mappings are read as YAML. */
    private static JsonNode parseValue(String value, JsonNode current) {
        if (current == null || current.isNull() || current.isTextual()) {
            return TextNode.valueOf(value);
        }
        try {
            JsonNode parsed = YAML.readTree(value);
            return parsed == null || parsed.isMissingNode() ? TextNode.valueOf(value) : parsed;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(value); // the shape check then names the key and the bad value
        }
    }
}
