package com.bluemarble.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small navigation helpers over a CloudFormation template parsed into maps and lists. */
final class TemplateJson {
    private TemplateJson() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (value instanceof List<?> l) return (List<Object>) l;
        return value == null ? List.of() : List.of(value);
    }

    static Map<String, Object> resources(Map<String, Object> template) {
        return map(template.get("Resources"));
    }

    /** Logical id → resource, for one resource type. */
    static Map<String, Map<String, Object>> resourcesOfType(Map<String, Object> template, String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        resources(template).forEach((id, r) -> {
            if (type.equals(map(r).get("Type"))) out.put(id, map(r));
        });
        return out;
    }

    static Map<String, Object> props(Map<String, Object> resource) {
        return map(resource.get("Properties"));
    }

    /** Follows a dotted path of map keys; null when any step is missing. */
    static Object at(Object root, String dottedPath) {
        Object current = root;
        for (String key : dottedPath.split("\\.")) {
            if (!(current instanceof Map<?, ?> m)) return null;
            current = m.get(key);
        }
        return current;
    }

    /**
     * Renders simple intrinsics as text so they can be compared: Ref → ${Ref:id}, GetAtt → ${id.Attr},
     * Fn::Join → concatenation, Fn::Sub → its template, Fn::ImportValue → ${Import:...},
     * Fn::Select / Fn::Split → ${Select:i:...} / ${Split:d:...}.
     */
    static String render(Object value) {
        if (value == null) return "null";
        if (value instanceof String s) return s;
        if (value instanceof Number || value instanceof Boolean) return value.toString();
        Map<String, Object> m = map(value);
        if (m.containsKey("Ref")) return "${Ref:" + m.get("Ref") + "}";
        if (m.containsKey("Fn::GetAtt")) {
            List<Object> parts = list(m.get("Fn::GetAtt"));
            return "${" + parts.get(0) + "." + parts.get(1) + "}";
        }
        if (m.containsKey("Fn::Join")) {
            List<Object> join = list(m.get("Fn::Join"));
            List<String> parts = new ArrayList<>();
            list(join.get(1)).forEach(p -> parts.add(render(p)));
            return String.join(String.valueOf(join.get(0)), parts);
        }
        if (m.containsKey("Fn::Sub")) return render(list(m.get("Fn::Sub")).get(0));
        if (m.containsKey("Fn::ImportValue")) return "${Import:" + render(m.get("Fn::ImportValue")) + "}";
        if (m.containsKey("Fn::Select")) {
            List<Object> select = list(m.get("Fn::Select"));
            return "${Select:" + select.get(0) + ":" + render(select.get(1)) + "}";
        }
        if (m.containsKey("Fn::Split")) {
            List<Object> split = list(m.get("Fn::Split"));
            return "${Split:" + split.get(0) + ":" + render(split.get(1)) + "}";
        }
        return value.toString();
    }

    static boolean isRefTo(Object value, String logicalId) {
        return logicalId.equals(map(value).get("Ref"));
    }

    /** Depth-first walk calling {@code visitor} on every map in the tree. */
    static void walkMaps(Object node, java.util.function.Consumer<Map<String, Object>> visitor) {
        if (node instanceof Map<?, ?>) {
            Map<String, Object> m = map(node);
            visitor.accept(m);
            m.values().forEach(v -> walkMaps(v, visitor));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> walkMaps(v, visitor));
        }
    }
}
