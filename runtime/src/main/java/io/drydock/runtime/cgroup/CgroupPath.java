package io.drydock.runtime.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cgroup's place in a hierarchy, always absolute from the hierarchy root and normalised
 * ({@code "/drydock/abc"}): the same value names the cgroup in every v1 hierarchy and in the v2
 * one. It never has {@code ..} or {@code .} components and is never the root itself, so that no
 * operation can reach outside, or remove, the hierarchy it was meant for.
 *
 * @param value the normalised absolute path, e.g. {@code "/drydock/abc"}
 */
public record CgroupPath(String value) {
    /** Where containers without an absolute {@code linux.cgroupsPath} are placed. */
    public static final String DEFAULT_PARENT = "/drydock";

    private static final String FIELD = "linux.cgroupsPath";

    public CgroupPath {
        if (value == null) {
            throw new IllegalArgumentException(FIELD + " must not be null");
        }
        if (!value.startsWith("/")) {
            throw new IllegalArgumentException(FIELD + " \"" + value + "\": a resolved cgroup path must be absolute");
        }
        checkSegments(value, value.substring(1).split("/", -1));
    }

    /**
     * Parses an absolute path such as {@code "/drydock/abc"}, collapsing repeated and trailing slashes.
     *
     * @throws IllegalArgumentException naming {@code linux.cgroupsPath} if the path is relative, the
     *     root, or has {@code ..} / {@code .} components
     */
    public static CgroupPath of(String absolute) {
        if (absolute == null || !absolute.startsWith("/")) {
            throw new IllegalArgumentException(FIELD + " \"" + absolute + "\": expected an absolute path");
        }
        return new CgroupPath(normalise(absolute, absolute));
    }

    /**
     * Resolves an OCI {@code linux.cgroupsPath} the way drydock places containers: an absolute
     * path is taken relative to each hierarchy's root; a relative path is placed under
     * {@link #DEFAULT_PARENT} ({@code "x/y"} becomes {@code "/drydock/x/y"}); an absent (null or
     * empty) one becomes {@code "/drydock/<containerId>"}.
     *
     * @throws IllegalArgumentException naming the field if the path has {@code ..} or {@code .}
     *     components or names the root, or if the container id cannot be a path segment
     */
    public static CgroupPath forContainer(String cgroupsPath, String containerId) {
        if (cgroupsPath == null || cgroupsPath.isEmpty()) {
            if (containerId == null || containerId.isEmpty() || containerId.contains("/")
                    || containerId.equals(".") || containerId.equals("..") || containerId.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("container id \"" + containerId
                    + "\" cannot name a cgroup (it must be a non-empty single path segment)");
            }
            return new CgroupPath(DEFAULT_PARENT + "/" + containerId);
        }
        if (cgroupsPath.startsWith("/")) {
            return new CgroupPath(normalise(cgroupsPath, cgroupsPath));
        }
        return new CgroupPath(normalise(DEFAULT_PARENT + "/" + cgroupsPath, cgroupsPath));
    }

    private static String normalise(String path, String asGiven) {
        List<String> kept = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                kept.add(s);
            }
        }
        checkSegments(asGiven, kept.toArray(new String[0]));
        return "/" + String.join("/", kept);
    }

    private static void checkSegments(String asGiven, String[] segments) {
        if (segments.length == 0 || (segments.length == 1 && segments[0].isEmpty())) {
            throw new IllegalArgumentException(FIELD + " \"" + asGiven
                + "\" names the hierarchy root; a container needs a cgroup of its own below it");
        }
        for (String s : segments) {
            if (s.equals("..") || s.equals(".")) {
                throw new IllegalArgumentException(FIELD + " \"" + asGiven + "\": \"" + s
                    + "\" components are not allowed (the path must stay inside the cgroup hierarchy)");
            }
            if (s.isEmpty()) {
                throw new IllegalArgumentException(FIELD + " \"" + asGiven + "\": empty path component");
            }
            if (s.indexOf('\0') >= 0 || s.indexOf('\n') >= 0) {
                throw new IllegalArgumentException(FIELD + " \"" + asGiven.replace("\n", "\\n").replace("\0", "\\0")
                    + "\": NUL and newline are not allowed");
            }
        }
    }

    /** The path's components from the root down, e.g. {@code ["drydock", "abc"]}. */
    public List<String> segments() {
        return List.of(value.substring(1).split("/"));
    }

    /** The cgroup's directory inside a hierarchy mounted at {@code hierarchyRoot}. */
    public Path in(Path hierarchyRoot) {
        return hierarchyRoot.resolve(value.substring(1));
    }

    /** A descendant: {@code child("sub")} of {@code /a} is {@code /a/sub}. */
    public CgroupPath child(String relative) {
        return of(value + "/" + relative);
    }

    @Override
    public String toString() {
        return value;
    }
}
