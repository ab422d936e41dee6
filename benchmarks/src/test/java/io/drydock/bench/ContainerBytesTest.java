package io.drydock.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drydock.runtime.engine.ContainerStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerBytesTest {
    private static final String ID = "a".repeat(64);

    @TempDir
    Path tmp;

    @Test
    void of_splitsUpperContentAndLogFromTheRestOfTheSnapshotAndTheRecord() throws Exception {
        Path snapshots = Files.createDirectories(tmp.resolve("snapshots"));
        Path upper = Files.createDirectory(snapshots.resolve(ID + ".upper"));
        Path work = Files.createDirectories(snapshots.resolve(ID + ".work/work"));
        Path own = Files.write(upper.resolve("own"), new byte[16 * 1024]);
        Path snapshotRecord = Files.writeString(snapshots.resolve(ID + ".json"), "{}");
        Path record = Files.writeString(tmp.resolve(ID + ".json"), "{\"id\":\"x\"}");
        Path log = Files.writeString(tmp.resolve(ID + ".log"), "hello\n");
        Path bundle = Files.createDirectories(tmp.resolve("run/bundles").resolve(ID));
        Path config = Files.writeString(bundle.resolve("config.json"), "{}");

        ContainerBytes b = ContainerBytes.of(new ContainerStorage(ID, upper, log,
                List.of(snapshotRecord, upper, work.getParent()), record,
                List.of(bundle, tmp.resolve("run/runtime").resolve(ID))));

        assertThat(b.writes()).isEqualTo(AllocatedBytes.tree(own) + AllocatedBytes.tree(log));
        assertThat(b.metadata()).isEqualTo(AllocatedBytes.entry(upper) + AllocatedBytes.tree(work.getParent())
                + AllocatedBytes.tree(snapshotRecord) + AllocatedBytes.tree(record));
        assertThat(b.disk()).as("nothing counted twice or left out").isEqualTo(AllocatedBytes.tree(snapshots)
                - AllocatedBytes.entry(snapshots) + AllocatedBytes.tree(record) + AllocatedBytes.tree(log));
        assertThat(b.runState()).isEqualTo(AllocatedBytes.tree(bundle)).isGreaterThanOrEqualTo(Files.size(config));
    }

    @Test
    void of_snapshotOfTheDirectoryLayout_countsItsDirectoryAsMetadata() throws Exception {
        Path snap = Files.createDirectories(tmp.resolve("snapshots").resolve(ID));
        Path upper = Files.createDirectory(snap.resolve("upper"));
        Files.createDirectories(snap.resolve("work/work"));
        Path own = Files.write(upper.resolve("own"), new byte[16 * 1024]);
        Files.writeString(snap.resolve("snapshot.json"), "{}");
        Path record = Files.writeString(tmp.resolve(ID + ".json"), "{}");
        Path log = tmp.resolve(ID + ".log");

        ContainerBytes b = ContainerBytes.of(new ContainerStorage(ID, upper, log, List.of(snap), record, List.of()));

        assertThat(b.writes()).isEqualTo(AllocatedBytes.tree(own));
        assertThat(b.disk()).isEqualTo(AllocatedBytes.tree(snap) + AllocatedBytes.tree(record));
    }

    @Test
    void of_noSnapshot_countsTheRecordAndLogOnly() throws Exception {
        Path record = Files.writeString(tmp.resolve(ID + ".json"), "{}");
        ContainerBytes b = ContainerBytes.of(new ContainerStorage(ID, null, tmp.resolve(ID + ".log"), List.of(), record, List.of()));
        assertThat(b).isEqualTo(new ContainerBytes(0, AllocatedBytes.tree(record), 0));
    }

    @Test
    void negativeBytes_refused() {
        assertThatThrownBy(() -> new ContainerBytes(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writes -1");
    }
}
