package io.drydock.runtime.container;

import io.drydock.runtime.spec.Spec;
import io.drydock.runtime.spec.SpecException;
import io.drydock.runtime.spec.SpecJson;
import io.drydock.runtime.spec.SpecValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Parsed specs a long-lived runtime keeps, so that a process creating many containers (the
 * engine, the benchmarks) parses each distinct config.json once and start/delete do not parse the
 * saved copy again just to look for hooks. {@link Spec} is immutable, so sharing one is safe;
 * the checks that look at the bundle on disk still run at every create, those on the spec's
 * values once per cached spec ({@link #validate}).
 *
 * <p>Entries are keyed by the exact bytes of config.json and by container id plus creation time
 * (an id deleted and created again by another process is a different entry). Both maps are
 * bounded; a miss only costs the parse it would have cost anyway.
 */
final class SpecCache {
    static final int CAPACITY = 64;

    private final Map<Content, Spec> byContent = lru();
    private final Map<String, Created> byContainer = lru();
    /**
     * Specs whose value checks passed, by identity (a record's equals would compare, and hash,
     * the whole spec); forgotten wholesale when it outgrows the parse cache.
     */
    private final Map<Spec, Boolean> valuesChecked = new java.util.IdentityHashMap<>();

    /** The spec of these config.json bytes, parsed at most once while it stays cached. */
    synchronized Spec parse(byte[] configJson, Path source) throws SpecException {
        Content key = new Content(configJson);
        Spec spec = byContent.get(key);
        if (spec == null) {
            spec = SpecJson.parseConfig(new String(configJson, StandardCharsets.UTF_8), source);
            byContent.put(key, spec);
        }
        return spec;
    }

    /**
     * Validates a spec this cache returned: every check the first time, afterwards only the
     * checks that read the file system (the others depend on the spec's values alone, and a
     * cached spec is the same immutable object).
     */
    void validate(Spec spec, Path bundle, SpecValidator validator) throws SpecException {
        boolean known;
        synchronized (this) {
            known = valuesChecked.containsKey(spec);
        }
        if (known) {
            validator.requireValidOnDisk(spec, bundle);
            return;
        }
        validator.requireValid(spec, bundle);
        synchronized (this) {
            if (valuesChecked.size() >= CAPACITY) {
                valuesChecked.clear();
            }
            valuesChecked.put(spec, Boolean.TRUE);
        }
    }

    /** Remembers the spec container {@code id} (created at {@code created}) was made from. */
    synchronized void remember(String id, Instant created, Spec spec) {
        byContainer.put(id, new Created(created, spec));
    }

    /** The spec remembered for this container, if this runtime created it. */
    synchronized Optional<Spec> forContainer(String id, Instant created) {
        Created c = byContainer.get(id);
        return c != null && c.created().equals(created) ? Optional.of(c.spec()) : Optional.empty();
    }

    synchronized void forget(String id) {
        byContainer.remove(id);
    }

    private static <K, V> Map<K, V> lru() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > CAPACITY;
            }
        };
    }

    private record Created(Instant created, Spec spec) {
    }

    /** config.json bytes as a map key (arrays compare by identity). */
    private static final class Content {
        private final byte[] bytes;
        private final int hash;

        Content(byte[] bytes) {
            this.bytes = bytes.clone();
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Content c && c.hash == hash && Arrays.equals(c.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
