package com.bluemarble.infra.stacks;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.constructs.IConstruct;

/**
 * Keeps the CloudFormation logical ids a stack had before its resources moved into concern constructs: for every
 * element under a concern, {@link Stack#renameLogicalId} maps the id CDK allocates (path with the concern) to the
 * one it allocated when the resource was a direct child of the stack. A changed logical id makes CloudFormation
 * replace the resource (a new VPC, Redis, API URL), so moving code between constructs must not change them.
 *
 * <p>Renames rather than an {@code allocateLogicalId} override: jsii answers every logical-id lookup of an overridden
 * method with a callback into Java, nested on the Java stack, and a synthesis makes tens of thousands of them.
 */
final class StackLevelLogicalIds {

    private final Stack stack;
    private final String stackPath;
    private final Set<String> renamed = new HashSet<>();

    StackLevelLogicalIds(Stack stack) {
        this.stack = stack;
        this.stackPath = stack.getNode().getPath();
    }

    /** Every element created so far under the concern construct. */
    void keep(IConstruct concern) {
        List<IConstruct> all = concern.getNode().findAll();
        // Constructs name some children after another construct's unique id (Names.nodeUniqueId), e.g. a security
        // group rule "from <peer group's unique id>:<port>": those embedded ids drop the concern too.
        Map<String, String> embeddedIds = new LinkedHashMap<>();
        for (IConstruct c : all) {
            List<String> full = pathBelowStack(c);
            if (full.size() < 2) continue;
            embeddedIds.put(uniqueId(withStack(full)), uniqueId(withStack(full.subList(1, full.size()))));
        }
        for (IConstruct c : all) {
            if (c instanceof CfnElement) keepPath(pathBelowStack(c), embeddedIds);
        }
    }

    /**
     * An element about to be created whose logical id is read as soon as it exists (a Lambda function's
     * currentVersion, whose id CDK suffixes with a hash of the function).
     */
    void keepPath(List<String> pathBelowStack) {
        keepPath(pathBelowStack, Map.of());
    }

    private void keepPath(List<String> pathBelowStack, Map<String, String> embeddedIds) {
        String allocated = uniqueId(pathBelowStack);
        if (!renamed.add(allocated)) return;
        List<String> stackLevel = pathBelowStack.subList(1, pathBelowStack.size()).stream()
                .map(component -> {
                    String out = component;
                    for (Map.Entry<String, String> e : embeddedIds.entrySet()) {
                        out = out.replace(e.getKey(), e.getValue());
                    }
                    return out;
                })
                .toList();
        stack.renameLogicalId(allocated, uniqueId(stackLevel));
    }

    private List<String> pathBelowStack(IConstruct construct) {
        String path = construct.getNode().getPath();
        return Arrays.asList(path.substring(stackPath.length() + 1).split("/"));
    }

    private List<String> withStack(List<String> pathBelowStack) {
        List<String> out = new java.util.ArrayList<>();
        out.add(stack.getNode().getId());
        out.addAll(pathBelowStack);
        return out;
    }

    /** CDK's makeUniqueId (aws-cdk-lib core/lib/private/uniqueid.ts), the rule behind logical ids. */
    static String uniqueId(List<String> components) {
        List<String> parts =
                components.stream().filter(c -> !c.equals("Default")).toList();
        if (parts.isEmpty()) throw new IllegalArgumentException("empty construct path");
        if (parts.size() == 1) {
            String candidate = alphanumeric(parts.get(0));
            if (candidate.length() <= 255) return candidate;
        }
        StringBuilder human = new StringBuilder();
        String previous = null;
        for (String part : parts) {
            // A component the previous one ends with adds nothing to the readable part.
            if (previous != null && previous.endsWith(part)) continue;
            previous = part;
            if (!part.equals("Resource")) human.append(alphanumeric(part));
        }
        String readable = human.length() > 240 ? human.substring(0, 240) : human.toString();
        return readable + pathHash(String.join("/", parts));
    }

    private static String alphanumeric(String s) {
        return s.replaceAll("[^A-Za-z0-9]", "");
    }

    private static String pathHash(String path) {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(path.getBytes(StandardCharsets.UTF_8));
            return String.format("%032x", new BigInteger(1, md5))
                    .substring(0, 8)
                    .toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
