package io.drydock.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.cpio.CpioArchiveEntry;
import org.apache.commons.compress.archivers.cpio.CpioArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitramfsBuilderTest {
    @TempDir
    Path dir;

    @Test
    void write_rootfsPlanAndModules_allInTheArchiveWithTheirModes() throws Exception {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Files.createDirectories(rootfs.resolve("bin"));
        Files.writeString(rootfs.resolve("bin/busybox"), "binary");
        Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("busybox"));
        Path mods = Files.createDirectories(dir.resolve("modules/kernel/drivers"));
        Files.writeString(mods.resolve("virtio.ko"), "module");
        GuestPlan plan = new GuestPlan(List.of(InitramfsBuilder.MODULES_DIR + "/kernel/drivers/virtio.ko"), List.of("sh"),
            List.of(), "/", 0, 0, null);
        Path out = dir.resolve("initrd.cpio");

        InitramfsBuilder.write(rootfs, plan, dir.resolve("modules"), List.of("kernel/drivers/virtio.ko"), out);

        Map<String, CpioArchiveEntry> entries = new HashMap<>();
        Map<String, String> data = new HashMap<>();
        try (InputStream in = Files.newInputStream(out); CpioArchiveInputStream cpio = new CpioArchiveInputStream(in)) {
            CpioArchiveEntry e;
            while ((e = cpio.getNextCPIOEntry()) != null) {
                entries.put(e.getName(), e);
                data.put(e.getName(), new String(cpio.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(entries).containsKeys("bin", "bin/busybox", "bin/sh", ".drydock", ".drydock/init", ".drydock/plan",
            ".drydock/modules/kernel", ".drydock/modules/kernel/drivers", ".drydock/modules/kernel/drivers/virtio.ko");
        assertThat(entries.get("bin/sh").isSymbolicLink()).isTrue();
        assertThat(data.get("bin/sh")).isEqualTo("busybox");
        assertThat(entries.get(".drydock/init").getMode() & 0777).isEqualTo(0755);
        assertThat(data.get(".drydock/plan")).isEqualTo(plan.render());
        assertThat(data.get(".drydock/modules/kernel/drivers/virtio.ko")).isEqualTo("module");
        assertThat(entries.get(".drydock/init").getSize()).isGreaterThan(1000);
    }
}
