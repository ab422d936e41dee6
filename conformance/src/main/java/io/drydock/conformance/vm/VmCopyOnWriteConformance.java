package io.drydock.conformance.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.drydock.conformance.Area;
import io.drydock.conformance.EngineFixture;
import io.drydock.conformance.Conformance;
import io.drydock.conformance.Json;
import io.drydock.conformance.Requirement;
import io.drydock.platform.vm.VmPlatform;
import io.drydock.vm.DiskImage;
import io.drydock.vm.VmSpec;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The VM side of copy-on-write: the image as an ext4 base in qcow2, shared, under a per-VM qcow2
 * overlay. Two guests of one image boot together: one writes a file and reads the whole busybox
 * binary, the other looks for that file; the tests then read the base and the overlays.
 */
@Conformance(area = Area.COW, vm = true)
public class VmCopyOnWriteConformance {
    /** What the writer writes: 4 MiB of random bytes, which no image cluster can equal. */
    static final long WRITTEN = 4L << 20;
    /**
     * What an overlay may hold besides the written data: ext4's journal, inode, bitmap and
     * directory blocks for one new file, and the superblock updated at mount, each in 64 KiB qcow2
     * clusters. The guest reads all of /bin/busybox (more than this): a copy of read data would
     * exceed it.
     */
    static final long METADATA_ALLOWANCE = 1L << 20;

    private static VmFixture fixture;
    private static Path base;
    private static String baseBefore;
    private static String writer;
    private static String reader;
    private static VmFixture.Guest wrote;
    private static VmFixture.Guest read;

    @BeforeAll
    static void boot() throws Exception {
        fixture = VmFixture.open();
        // The driver builds the base on the first VM of an image; building it here first lets the
        // test hash it before any guest ran.
        base = DiskImage.base(fixture.rootfs(), fixture.vmStateRoot().resolve("bases"));
        baseBefore = sha256(base);
        writer = VmFixture.newName();
        reader = VmFixture.newName();
        VmPlatform.VmInstance w = fixture.boot(fixture.spec(writer, VmSpec.RootMode.DISK,
            "dd if=/dev/urandom of=/certify.bin bs=65536 count=" + (WRITTEN / 65536) + " 2>/dev/null"
                + " && cat /bin/busybox > /dev/null && echo changed >> /etc/passwd && sync && echo CERTIFY wrote yes"), List.of());
        VmPlatform.VmInstance r = fixture.boot(fixture.spec(reader, VmSpec.RootMode.DISK,
            "if test -e /certify.bin; then echo CERTIFY file present; else echo CERTIFY file absent; fi;"
                + " echo CERTIFY passwd $(tail -n 1 /etc/passwd)"), List.of());
        wrote = VmFixture.awaitExit(w);
        read = VmFixture.awaitExit(r);
    }

    @AfterAll
    static void close() throws Exception {
        if (fixture != null) {
            VmFixture f = fixture;
            fixture = null;
            f.close();
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static Path overlay(String vm) {
        return fixture.vmStateRoot().resolve(vm).resolve("overlay.qcow2");
    }

    /** {@code qemu-img} with JSON output; -U reads an image QEMU may still hold open. */
    private static JsonNode qemuImg(String verb, Path image) throws Exception {
        String out = EngineFixture.sh("qemu-img " + verb + " -U --output=json " + image);
        try {
            return Json.MAPPER.readTree(out);
        } catch (Exception e) {
            throw new AssertionError("qemu-img " + verb + " " + image + " printed no JSON: " + out, e);
        }
    }

    /** Bytes of guest data the overlay itself holds (clusters at depth 0), from {@code qemu-img map}. */
    private static long dataInOverlay(Path overlay) throws Exception {
        long sum = 0;
        for (JsonNode extent : qemuImg("map", overlay)) {
            if (extent.path("depth").asInt(-1) == 0 && extent.path("data").asBoolean()) {
                sum += extent.path("length").asLong();
            }
        }
        return sum;
    }

    @Test
    @DisplayName("a write in a VM does not change the base image, nor what another VM of the image sees")
    @Requirement(section = "claim: copy-on-write, the base image is never written")
    void write_inOneVm_doesNotChangeTheBaseImage() throws Exception {
        assertEquals(0, wrote.exit(), () -> "the writing guest failed: " + wrote.output());
        assertEquals("yes", wrote.value("wrote"), "the writing guest's report");
        assertEquals(baseBefore, sha256(base), "SHA-256 of the base image " + base + " before and after the guests wrote");
        assertEquals("absent", read.value("file"), "another VM of the image sees the file the first wrote");
        assertTrue(!read.value("passwd").equals("changed"), "another VM of the image sees the first one's change to /etc/passwd");
    }

    @Test
    @DisplayName("two VMs of one image share one base: both overlays are backed by it")
    @Requirement(section = "claim: the image's base is made once and shared by every VM")
    void twoVms_shareOneBase() throws Exception {
        for (String vm : List.of(writer, reader)) {
            JsonNode info = qemuImg("info", overlay(vm));
            assertEquals("qcow2", info.path("format").asText(), "format of " + overlay(vm));
            assertEquals(base.toString(), info.path("full-backing-filename").asText(info.path("backing-filename").asText()),
                "backing file of " + overlay(vm));
        }
    }

    @Test
    @DisplayName("a VM's overlay grows by what the guest wrote and holds nothing else of the image")
    @Requirement(section = "claim: a VM's copy-on-write footprint is its changes")
    void overlay_holdsOnlyWhatTheGuestWrote() throws Exception {
        assertEquals("yes", wrote.value("wrote"), "the writing guest's report");
        long writerData = dataInOverlay(overlay(writer));
        long readerData = dataInOverlay(overlay(reader));
        assertTrue(writerData >= WRITTEN && writerData <= WRITTEN + METADATA_ALLOWANCE, "the writer's overlay holds " + writerData
            + " bytes of data after the guest wrote " + WRITTEN + " (allowed: up to " + METADATA_ALLOWANCE + " more for file system metadata)");
        assertTrue(readerData <= METADATA_ALLOWANCE, "the overlay of a VM that wrote no file holds " + readerData
            + " bytes of data (allowed: " + METADATA_ALLOWANCE + " for file system metadata)");
    }
}
