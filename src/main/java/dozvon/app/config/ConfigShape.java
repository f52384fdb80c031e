package dozvon.app.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a config tree against the shape of {@link DozvonConfig} before binding: unknown keys and values of
 * the wrong type are all reported at once, each with its key path, so a user fixes a file in one go.
 */
final class ConfigShape {

    private ConfigShape() {}

    static List<String> check(JsonNode root) {
        List<String> problems = new ArrayList<>();
        checkNode(root, DozvonConfig.class, "", problems);
        return problems;
    }

    private static void checkNode(JsonNode node, Type type, String path, List<String> problems) {
        Class<?> raw = rawClass(type);
        if (node == null || node.isNull()) {
            if (raw.isPrimitive()) {
                problems.add(label(path) + ": must not be empty (expected " + describe(raw) + ")");
            }
            return;
        }
        if (raw.isRecord()) {
            if (!node.isObject()) {
                problems.add(label(path) + ": expected a mapping of keys, got " + kind(node));
                return;
            }
            RecordComponent[] components = raw.getRecordComponents();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                RecordComponent c = find(components, field.getKey());
                String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (c == null) {
                    problems.add(childPath + ": unknown key" + suggestion(field.getKey(), components));
                } else {
                    checkNode(field.getValue(), c.getGenericType(), childPath, problems);
                }
            }
        } else if (List.class.isAssignableFrom(raw)) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    checkNode(node.get(i), element, path + "[" + i + "]", problems);
                }
            } else if (isScalarType(rawClass(element)) && node.isValueNode()) {
                checkNode(node, element, path, problems); // a single value stands for a one-element list
            } else {
                problems.add(label(path) + ": expected a list, got " + kind(node));
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            Type value = ((ParameterizedType) type).getActualTypeArguments()[1];
            if (!node.isObject()) {
                problems.add(label(path) + ": expected a mapping of keys, got " + kind(node));
                return;
            }
            node.fields().forEachRemaining(e -> checkNode(e.getValue(), value, path + "." + e.getKey(), problems));
        } else if (raw == int.class || raw == Integer.class) {
            if (!node.canConvertToInt() || !node.isIntegralNumber()) {
                problems.add(label(path) + ": expected a whole number, got " + kind(node));
            }
        } else if (raw == boolean.class || raw == Boolean.class) {
            if (!node.isBoolean()) {
                problems.add(label(path) + ": expected true or false, got " + kind(node));
            }
        } else if (raw == String.class) {
            if (!node.isValueNode()) {
                problems.add(label(path) + ": expected a text value, got " + kind(node));
            }
        }
    }

    private static String label(String path) {
        return path.isEmpty() ? "(top level)" : path;
    }

    private static boolean isScalarType(Class<?> c) {
        return c == String.class || c == Integer.class || c == int.class || c == Boolean.class || c == boolean.class;
    }

    private static RecordComponent find(RecordComponent[] components, String name) {
        for (RecordComponent c : components) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        return null;
    }

    private static String suggestion(String key, RecordComponent[] components) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (RecordComponent c : components) {
            int d = distance(key.toLowerCase(), c.getName().toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = c.getName();
            }
        }
        return best != null && bestDistance <= 2 ? " (did you mean '" + best + "'?)" : "";
    }

    /** Levenshtein distance: good enough to catch a typo'd key. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        return (Class<?>) ((ParameterizedType) type).getRawType();
    }

    private static String describe(Class<?> primitive) {
        return primitive == boolean.class ? "true or false" : "a whole number";
    }

    private static String kind(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return "'" + node.asText() + "'";
        }
        return node.toString();
    }
}
