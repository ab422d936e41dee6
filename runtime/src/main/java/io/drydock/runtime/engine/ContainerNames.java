package io.drydock.runtime.engine;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Container ids and names as Docker users know them: a random 64-hex id shown as its first 12
 * digits, a unique name ({@code adjective_noun} when none is given), and lookup by name, full id
 * or unique id prefix.
 */
public final class ContainerNames {
    /** Docker's rule for names. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{1,64}");
    private static final List<String> ADJECTIVES = List.of("brave", "calm", "eager", "fond", "happy", "jolly",
            "keen", "lucid", "merry", "nifty", "proud", "quiet", "sharp", "swift", "tender", "vivid", "wise", "zen");
    private static final List<String> NOUNS = List.of("anchor", "barge", "buoy", "cutter", "dinghy", "ferry",
            "galley", "hull", "keel", "ketch", "mast", "pier", "rudder", "schooner", "sloop", "tug", "wharf", "yawl");

    private final Random random;

    /** Names from a {@link SecureRandom}. */
    public ContainerNames() {
        this(new SecureRandom());
    }

    /** Names from {@code random} (tests pass a seeded one). */
    public ContainerNames(Random random) {
        this.random = random;
    }

    /** A new 64-hex-digit id. */
    public String newId() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A generated name not in {@code taken}. */
    public String newName(Collection<String> taken) {
        for (int attempt = 0; ; attempt++) {
            String name = ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "_"
                    + NOUNS.get(random.nextInt(NOUNS.size()));
            if (attempt > 10) {
                name += "_" + random.nextInt(100_000);
            }
            if (!taken.contains(name)) {
                return name;
            }
        }
    }

    /** The first 12 digits of an id, as {@code ps} shows it. */
    public static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    /** Whether {@code name} is a full container id (64 hex digits). */
    public static boolean isId(String name) {
        return name != null && ID.matcher(name).matches();
    }

    /**
     * Checks a full container id (64 hex digits) before it becomes part of a path.
     *
     * @throws IllegalArgumentException naming the value otherwise
     */
    public static String checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("container id '" + id + "' is not 64 hex digits");
        }
        return id;
    }

    /**
     * Checks a user-given name.
     *
     * @throws IllegalArgumentException naming the value when it breaks Docker's rule or looks like an id
     */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("--name '" + name
                    + "' must be 1-128 of [a-zA-Z0-9_.-], starting with a letter or digit");
        }
        if (ID.matcher(name).matches()) {
            throw new IllegalArgumentException("--name '" + name + "' would be mistaken for a container id");
        }
        return name;
    }

    /** A container as lookup sees it. */
    public record Entry(String id, String name) {
    }

    /**
     * Finds the container a user means: an exact name first, then a full id, then a unique id prefix.
     *
     * @throws NoSuchContainerException when nothing matches
     * @throws EngineException          when a prefix matches several containers
     */
    public static Entry resolve(String nameOrId, Collection<Entry> all) throws EngineException {
        if (nameOrId == null || nameOrId.isEmpty()) {
            throw new NoSuchContainerException(String.valueOf(nameOrId));
        }
        for (Entry e : all) {
            if (e.name().equals(nameOrId) || e.id().equals(nameOrId)) {
                return e;
            }
        }
        if (!HEX.matcher(nameOrId).matches()) {
            throw new NoSuchContainerException(nameOrId);
        }
        List<Entry> matches = new ArrayList<>();
        for (Entry e : all) {
            if (e.id().startsWith(nameOrId)) {
                matches.add(e);
            }
        }
        if (matches.isEmpty()) {
            throw new NoSuchContainerException(nameOrId);
        }
        if (matches.size() > 1) {
            throw new EngineException("find container", nameOrId, "ambiguous id prefix: matches "
                    + matches.size() + " containers");
        }
        return matches.get(0);
    }
}
