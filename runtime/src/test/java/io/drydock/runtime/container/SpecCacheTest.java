package io.drydock.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.runtime.spec.DefaultSpec;
import io.drydock.runtime.spec.Spec;
import io.drydock.runtime.spec.SpecException;
import io.drydock.runtime.spec.SpecJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SpecCacheTest {
    private static final Path FILE = Path.of("/b/config.json");

    private static byte[] config(String hostname) {
        Spec spec = DefaultSpec.standard();
        spec = new Spec(spec.ociVersion(), spec.process(), spec.root(), hostname, spec.domainname(), spec.mounts(),
            spec.hooks(), spec.annotations(), spec.linux());
        return SpecJson.write(spec).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parse_sameBytes_returnsTheSameSpec() throws Exception {
        SpecCache cache = new SpecCache();
        Spec first = cache.parse(config("a"), FILE);
        assertThat(cache.parse(config("a"), FILE)).isSameAs(first);
        assertThat(cache.parse(config("b"), FILE)).isNotSameAs(first).extracting(Spec::hostname).isEqualTo("b");
    }

    /** Counts its runs; fails when told to. */
    private static final class CountingCheck implements io.drydock.runtime.spec.SpecCheck {
        final boolean onDisk;
        int runs;
        boolean fail;

        CountingCheck(boolean onDisk) {
            this.onDisk = onDisk;
        }

        @Override
        public String name() {
            return onDisk ? "disk" : "values";
        }

        @Override
        public java.util.List<io.drydock.runtime.spec.Violation> check(Spec spec, Path bundle) {
            runs++;
            return fail ? java.util.List.of(new io.drydock.runtime.spec.Violation(name(), "root.path", "broken"))
                : java.util.List.of();
        }

        @Override
        public boolean readsFileSystem() {
            return onDisk;
        }
    }

    @Test
    void validate_sameSpecAgain_runsOnlyTheFileSystemChecks() throws Exception {
        SpecCache cache = new SpecCache();
        CountingCheck values = new CountingCheck(false);
        CountingCheck disk = new CountingCheck(true);
        io.drydock.runtime.spec.SpecValidator validator = new io.drydock.runtime.spec.SpecValidator(java.util.List.of(values, disk));
        Spec spec = cache.parse(config("a"), FILE);
        cache.validate(spec, Path.of("/b"), validator);
        cache.validate(cache.parse(config("a"), FILE), Path.of("/b"), validator);
        assertThat(values.runs).isEqualTo(1);
        assertThat(disk.runs).isEqualTo(2);
        disk.fail = true;
        assertThatThrownBy(() -> cache.validate(spec, Path.of("/b"), validator))
            .isInstanceOf(SpecException.class).hasMessageContaining("broken");
        // Another spec is checked in full.
        cache.validate(cache.parse(config("b"), FILE), Path.of("/b"), new io.drydock.runtime.spec.SpecValidator(java.util.List.of(values)));
        assertThat(values.runs).isEqualTo(2);
    }

    @Test
    void validate_specThatFailedItsValueChecks_isCheckedInFullAgain() throws Exception {
        SpecCache cache = new SpecCache();
        CountingCheck values = new CountingCheck(false);
        values.fail = true;
        io.drydock.runtime.spec.SpecValidator validator = new io.drydock.runtime.spec.SpecValidator(java.util.List.of(values));
        Spec spec = cache.parse(config("a"), FILE);
        assertThatThrownBy(() -> cache.validate(spec, Path.of("/b"), validator)).isInstanceOf(SpecException.class);
        assertThatThrownBy(() -> cache.validate(spec, Path.of("/b"), validator)).isInstanceOf(SpecException.class);
        assertThat(values.runs).isEqualTo(2);
    }

    @Test
    void parse_malformedBytes_failsNamingTheFileAndCachesNothing() {
        SpecCache cache = new SpecCache();
        byte[] bad = "{\"ociVersion\": 1.0, \"root\": [".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> cache.parse(bad, FILE)).isInstanceOf(SpecException.class).hasMessageContaining("/b/config.json");
        assertThatThrownBy(() -> cache.parse(bad, FILE)).isInstanceOf(SpecException.class);
    }

    @Test
    void forContainer_matchesIdAndCreationTimeOnly() throws Exception {
        SpecCache cache = new SpecCache();
        Spec spec = cache.parse(config("a"), FILE);
        Instant t = Instant.parse("2026-11-28T08:00:00Z");
        cache.remember("c1", t, spec);
        assertThat(cache.forContainer("c1", t)).containsSame(spec);
        // The same id made again (e.g. by another process) at another time is not this entry.
        assertThat(cache.forContainer("c1", t.plusSeconds(1))).isEmpty();
        assertThat(cache.forContainer("c2", t)).isEmpty();
        cache.forget("c1");
        assertThat(cache.forContainer("c1", t)).isEmpty();
    }

    @Test
    void remember_beyondCapacity_dropsTheLeastRecentlyUsed() throws Exception {
        SpecCache cache = new SpecCache();
        Spec spec = cache.parse(config("a"), FILE);
        Instant t = Instant.EPOCH;
        for (int i = 0; i <= SpecCache.CAPACITY; i++) {
            cache.remember("c" + i, t, spec);
        }
        assertThat(cache.forContainer("c0", t)).isEmpty();
        assertThat(cache.forContainer("c" + SpecCache.CAPACITY, t)).isPresent();
    }
}
