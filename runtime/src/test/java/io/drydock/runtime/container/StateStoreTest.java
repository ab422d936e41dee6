package io.drydock.runtime.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
    @TempDir
    Path root;

    private ContainerRecord record(String id) {
        return new ContainerRecord(ContainerRecord.VERSION, id, Path.of("/b"), Path.of("/b/rootfs"),
            ContainerRecord.Phase.CREATING, null, Instant.parse("2026-01-02T03:04:05Z"), "/drydock/" + id, Map.of("a", "b"));
    }

    @Test
    void claim_twice_failsNamingTheId() throws Exception {
        StateStore store = new StateStore(root);
        store.claim("c1");
        assertThatThrownBy(() -> store.claim("c1"))
            .isInstanceOf(ContainerException.class)
            .hasMessageContaining("c1")
            .hasMessageContaining("already in use");
    }

    @Test
    void saveAndLoad_roundTripsEveryField() throws Exception {
        StateStore store = new StateStore(root);
        store.claim("c1");
        ContainerRecord r = record("c1").withInit(new ProcessIdentity(42, 777)).withPhase(ContainerRecord.Phase.CREATED);
        store.save(r);
        assertThat(store.load("c1")).isEqualTo(r);
        assertThat(store.ids()).containsExactly("c1");
    }

    @Test
    void save_readByAnotherStore_parsesBackToTheSameRecord() throws Exception {
        StateStore writer = new StateStore(root);
        writer.claim("c1");
        ContainerRecord r = new ContainerRecord(ContainerRecord.VERSION, "c1", Path.of("/b x"), null,
            ContainerRecord.Phase.CREATED, new ProcessIdentity(42, 777), Instant.parse("2026-01-02T03:04:05.123456789Z"),
            null, Map.of("quote\"", "back\\slash", "unicode", "\u00e9\n"));
        writer.save(r);
        // A second store has no cached bytes: this is a real parse by the mapper.
        assertThat(new StateStore(root).load("c1")).isEqualTo(r);
        ContainerRecord withRootfs = record("c1").withInit(new ProcessIdentity(7, 8));
        writer.save(withRootfs);
        assertThat(new StateStore(root).load("c1")).isEqualTo(withRootfs);
    }

    @Test
    void encode_writesEveryPropertyTheMapperWould() throws Exception {
        ContainerRecord r = record("c1").withInit(new ProcessIdentity(42, 777));
        var mapper = StateStore.json();
        var fast = mapper.readTree(StateStore.encode(r));
        var bean = mapper.readTree(mapper.writeValueAsBytes(r));
        java.util.List<String> fastNames = new java.util.ArrayList<>();
        fast.fieldNames().forEachRemaining(fastNames::add);
        java.util.List<String> beanNames = new java.util.ArrayList<>();
        bean.fieldNames().forEachRemaining(beanNames::add);
        assertThat(fastNames).containsExactlyElementsOf(beanNames);
        assertThat(fast.get("init")).isEqualTo(bean.get("init"));
        assertThat(fast.get("created")).isEqualTo(bean.get("created"));
    }

    @Test
    void save_cgroupPlacement_readsBack_andARecordWithoutOneStillReads() throws Exception {
        StateStore store = new StateStore(root);
        store.claim("c1");
        ContainerRecord r = record("c1").withInit(new ProcessIdentity(42, 777))
            .withCgroupPlacement(ContainerRecord.CgroupPlacement.CLONED_INTO_CGROUP);
        store.save(r);
        assertThat(new StateStore(root).load("c1").cgroupPlacement()).isEqualTo(ContainerRecord.CgroupPlacement.CLONED_INTO_CGROUP);
        // Written before the field existed: no "cgroupPlacement" key at all.
        String old = Files.readString(store.dir("c1").resolve(StateStore.STATE_FILE))
            .replaceAll(",\\s*\"cgroupPlacement\"\\s*:\\s*\"[A-Z_]+\"", "");
        assertThat(old).doesNotContain("cgroupPlacement");
        Files.writeString(store.dir("c1").resolve(StateStore.STATE_FILE), old);
        assertThat(new StateStore(root).load("c1").cgroupPlacement()).isNull();
    }

    @Test
    void load_fileWrittenByTheBeanSerializer_stillReads() throws Exception {
        StateStore store = new StateStore(root);
        store.claim("c1");
        ContainerRecord r = record("c1").withInit(new ProcessIdentity(42, 777));
        // Earlier versions wrote paths as file: URIs.
        Files.write(store.dir("c1").resolve(StateStore.STATE_FILE), StateStore.json().writeValueAsBytes(r));
        assertThat(new StateStore(root).load("c1")).isEqualTo(r);
    }

    @Test
    void prepare_isInvisibleUntilCommitted_andRemoveTakesTheTemporaryFile() throws Exception {
        StateStore store = new StateStore(root);
        store.claim("c1");
        ContainerRecord creating = record("c1");
        store.save(creating);
        ContainerRecord created = creating.withInit(new ProcessIdentity(42, 777)).withPhase(ContainerRecord.Phase.CREATED);
        StateStore.PendingSave pending = store.prepare(created);
        assertThat(new StateStore(root).load("c1")).isEqualTo(creating);
        pending.commit();
        assertThat(new StateStore(root).load("c1")).isEqualTo(created);
        store.prepare(creating); // never committed, e.g. a create that failed while waiting
        store.remove("c1");
        assertThat(store.dir("c1")).doesNotExist();
    }

    @Test
    void remove_directoryWithForeignContent_removesAll() throws Exception {
        StateStore store = new StateStore(root);
        store.claim("c1");
        store.save(record("c1"));
        Files.createDirectories(store.dir("c1").resolve("sub/deeper"));
        Files.writeString(store.dir("c1").resolve("sub/deeper/f"), "x");
        store.remove("c1");
        assertThat(store.dir("c1")).doesNotExist();
        store.remove("c1"); // already gone: fine
    }

    @Test
    void load_unknownField_isRefusedAsCorrupt() throws Exception {
        StateStore store = new StateStore(root);
        store.claim("c1");
        store.save(record("c1"));
        Path f = store.dir("c1").resolve(StateStore.STATE_FILE);
        Files.writeString(f, Files.readString(f).replaceFirst("\\{", "{\"surprise\":1,"));
        assertThatThrownBy(() -> store.load("c1")).hasMessageContaining("corrupt state file").hasMessageContaining("surprise");
    }

    @Test
    void load_unknownId_namesTheId() {
        assertThatThrownBy(() -> new StateStore(root).load("nope")).hasMessageContaining("nope").hasMessageContaining("no such container");
    }

    @Test
    void remove_deletesTheDirectory() throws Exception {
        StateStore store = new StateStore(root);
        store.claim("c1");
        store.save(record("c1"));
        store.remove("c1");
        assertThat(store.dir("c1")).doesNotExist();
        assertThat(store.ids()).isEmpty();
    }

    @Test
    void find_afterAnotherWriterChangedTheFile_returnsTheNewRecord(@TempDir Path root) throws Exception {
        StateStore store = new StateStore(root);
        store.claim("c1");
        ContainerRecord first = record("c1");
        store.save(first);
        assertThat(store.load("c1")).isSameAs(store.load("c1")).isEqualTo(first);

        // A second runtime process (another StateStore on the same root) moves the container on.
        ContainerRecord created = first.withInit(new ProcessIdentity(42, 777)).withPhase(ContainerRecord.Phase.CREATED);
        new StateStore(root).save(created);

        assertThat(store.load("c1")).isEqualTo(created);
        new StateStore(root).remove("c1");
        assertThat(store.find("c1")).isEmpty();
    }

    @Test
    void status_followsPhaseAndLiveness(@TempDir Path proc) throws Exception {
        Path stat = proc.resolve("42");
        Files.createDirectories(stat);
        // comm with a space and a ')' to prove the parser splits after the last ')'.
        String fields = "S 1 42 42 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 777 1000 10";
        Files.writeString(stat.resolve("stat"), "42 (sh) x) " + fields);
        ContainerRecord created = record("c1").withInit(new ProcessIdentity(42, 777)).withPhase(ContainerRecord.Phase.CREATED);
        assertThat(ContainerStatus.of(created, proc)).isEqualTo(ContainerStatus.CREATED);
        assertThat(ContainerStatus.of(created.withPhase(ContainerRecord.Phase.STARTED), proc)).isEqualTo(ContainerStatus.RUNNING);
        // start removes the exec fifo instead of rewriting the record.
        assertThat(ContainerStatus.of(created, proc, false)).isEqualTo(ContainerStatus.RUNNING);
        assertThat(ContainerStatus.of(created, proc, true)).isEqualTo(ContainerStatus.CREATED);
        // Same pid, other start time: a recycled pid is not our container.
        assertThat(ContainerStatus.of(record("c1").withInit(new ProcessIdentity(42, 778)).withPhase(ContainerRecord.Phase.STARTED), proc))
            .isEqualTo(ContainerStatus.STOPPED);
        Files.writeString(stat.resolve("stat"), "42 (sh) " + fields.replaceFirst("S", "Z"));
        assertThat(ContainerStatus.of(created, proc)).isEqualTo(ContainerStatus.STOPPED);
    }
}
