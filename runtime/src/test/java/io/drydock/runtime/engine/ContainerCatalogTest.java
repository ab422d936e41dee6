package io.drydock.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerCatalogTest {
    @TempDir
    Path root;

    private static EngineContainer container(String id, String name, String created) {
        return new EngineContainer(id, name, "busybox", "sha256:" + "e".repeat(64), created, List.of("sh"), id.substring(0, 12),
                "bridge", List.of("8080:80/tcp"), "10.89.0.2", false, true, EngineContainer.RUNNING, null, null);
    }

    @Test
    void add_thenList_roundTripsRecordsOldestFirst() throws Exception {
        ContainerCatalog catalog = new ContainerCatalog(root);
        EngineContainer b = container("b".repeat(64), "second", "2026-01-02T00:00:00Z");
        EngineContainer a = container("a".repeat(64), "first", "2026-01-01T00:00:00Z");
        catalog.add(b);
        catalog.add(a);
        assertThat(catalog.list()).containsExactly(a, b);
        assertThat(catalog.resolve("bbb")).isEqualTo(b);
        assertThat(catalog.resolve("first")).isEqualTo(a);
    }

    @Test
    void add_takenName_refusedNamingTheOwner() throws Exception {
        ContainerCatalog catalog = new ContainerCatalog(root);
        catalog.add(container("a".repeat(64), "web", "2026-01-01T00:00:00Z"));
        assertThatThrownBy(() -> catalog.add(container("b".repeat(64), "web", "2026-01-01T00:00:00Z")))
                .isInstanceOf(EngineException.class).hasMessageContaining("web").hasMessageContaining("aaaaaaaaaaaa");
    }

    @Test
    void save_newState_replacesTheRecord() throws Exception {
        ContainerCatalog catalog = new ContainerCatalog(root);
        EngineContainer a = container("a".repeat(64), "web", "2026-01-01T00:00:00Z");
        catalog.add(a);
        catalog.save(a.withState(EngineContainer.EXITED, 3, "2026-01-01T00:01:00Z"));
        assertThat(catalog.resolve("web").exitCode()).isEqualTo(3);
        assertThat(catalog.resolve("web").state()).isEqualTo(EngineContainer.EXITED);
    }

    @Test
    void add_oneContainer_leavesOneRecordFileAndNoDirectory() throws Exception {
        ContainerCatalog catalog = new ContainerCatalog(root);
        EngineContainer a = container("a".repeat(64), "web", "2026-01-01T00:00:00Z");
        catalog.add(a);
        try (Stream<Path> entries = Files.list(root)) {
            assertThat(entries.filter(p -> !p.getFileName().toString().equals(".lock")))
                    .containsExactly(root.resolve(a.id() + ".json"));
        }
        assertThat(catalog.recordFile(a.id())).isEqualTo(root.resolve(a.id() + ".json"));
        assertThat(catalog.logFile(a.id())).isEqualTo(root.resolve(a.id() + ".log"));
    }

    @Test
    void remove_deletesTheRecordAndTheLog() throws Exception {
        ContainerCatalog catalog = new ContainerCatalog(root);
        EngineContainer a = container("a".repeat(64), "web", "2026-01-01T00:00:00Z");
        catalog.add(a);
        Files.writeString(catalog.logFile(a.id()), "hello\n");
        catalog.remove(a.id());
        assertThat(catalog.recordFile(a.id())).doesNotExist();
        assertThat(catalog.logFile(a.id())).doesNotExist();
        assertThatThrownBy(() -> catalog.resolve("web")).isInstanceOf(NoSuchContainerException.class);
    }

    @Test
    void legacyDirectoryRecord_isListedSavedAndRemoved() throws Exception {
        ContainerCatalog catalog = new ContainerCatalog(root);
        EngineContainer old = container("c".repeat(64), "old", "2026-01-01T00:00:00Z");
        Path dir = Files.createDirectories(root.resolve(old.id()));
        Files.writeString(dir.resolve("container.json"), ContainerCatalog.toJson(old));
        Files.writeString(dir.resolve("container.log"), "out\n");
        Files.writeString(Files.createDirectories(dir.resolve("etc")).resolve("hosts"), "x");

        assertThat(catalog.list()).containsExactly(old);
        assertThat(catalog.logFile(old.id())).hasContent("out");
        catalog.save(old.withState(EngineContainer.EXITED, 0, "2026-01-01T00:01:00Z"));
        assertThat(catalog.resolve("old").state()).isEqualTo(EngineContainer.EXITED);
        assertThat(root.resolve(old.id() + ".json")).doesNotExist();

        catalog.remove(old.id());
        assertThat(dir).doesNotExist();
        assertThat(catalog.list()).isEmpty();
    }

    @Test
    void save_removedContainer_refusedAndNotBroughtBack() throws Exception {
        ContainerCatalog catalog = new ContainerCatalog(root);
        EngineContainer a = container("a".repeat(64), "web", "2026-01-01T00:00:00Z");
        catalog.add(a);
        catalog.remove(a.id());
        assertThatThrownBy(() -> catalog.save(a.withState(EngineContainer.EXITED, 0, null)))
                .isInstanceOf(java.nio.file.NoSuchFileException.class).hasMessageContaining("web");
        assertThat(catalog.list()).isEmpty();
    }

    @Test
    void recordFile_notAnId_refused() throws Exception {
        ContainerCatalog catalog = new ContainerCatalog(root);
        assertThatThrownBy(() -> catalog.recordFile("../etc")).hasMessageContaining("'../etc'");
    }
}
