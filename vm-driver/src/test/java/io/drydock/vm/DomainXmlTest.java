package io.drydock.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DomainXmlTest {
    private static String golden(String name) throws IOException {
        try (InputStream in = DomainXmlTest.class.getResourceAsStream("golden/" + name)) {
            assertThat(in).as("golden file " + name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static DomainDefinition.Builder base() {
        return DomainDefinition.builder()
            .name("drydock-golden")
            .kernel(Path.of("/boot/vmlinuz-6.1.0-56-cloud-amd64"))
            .initrd(Path.of("/var/lib/drydock/vm/drydock-golden/initrd.cpio"))
            .consoleLog(Path.of("/var/lib/drydock/vm/drydock-golden/console.log"))
            .cmdline("console=ttyS0 quiet rdinit=/.drydock/init");
    }

    @Test
    void write_microvmWithoutDevicesOrRelabel_matchesGolden() throws IOException {
        DomainDefinition d = base().machine(MachineType.MICROVM).accelerator(Accelerator.TCG).memoryMiB(256).vcpus(1)
            .relabel(false).metadata("image", "busybox").metadata("accelerator", "tcg").build();
        assertThat(DomainXml.write(d)).isEqualTo(golden("microvm-tcg.xml"));
    }

    @Test
    void write_pcWithNetworkDiskAndBalloonUnderKvm_matchesGolden() throws IOException {
        DomainDefinition d = base().machine(MachineType.PC).accelerator(Accelerator.KVM).memoryMiB(512).vcpus(2)
            .disk(new DomainDefinition.Disk(Path.of("/var/lib/drydock/vm/drydock-golden/overlay.qcow2"), "vda"))
            .networkInterface(new DomainDefinition.Interface("drydock0", "drydockt1a2b3c", "52:54:00:12:34:56"))
            .balloon(true)
            .metadata("address", "10.88.0.5").build();
        assertThat(DomainXml.write(d)).isEqualTo(golden("pc-kvm-net-disk.xml"));
    }

    @Test
    void write_perPropertyCpuReadback_leavesLibvirtsCapabilitiesAlone() {
        String xml = DomainXml.write(base().machine(MachineType.MICROVM)
            .cpuReadback(DomainDefinition.CpuReadback.PER_PROPERTY).build());
        assertThat(xml).startsWith("<domain type=\"qemu\">").doesNotContain("qemu:", DomainXml.QEMU_NS);
    }

    @Test
    void write_featureWordsCpuReadback_dropsTheCapabilityInLibvirtsQemuNamespace() throws Exception {
        String xml = DomainXml.write(base().build());
        javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        org.w3c.dom.Document doc = f.newDocumentBuilder()
            .parse(new org.xml.sax.InputSource(new java.io.StringReader(xml)));
        org.w3c.dom.NodeList del = doc.getElementsByTagNameNS(DomainXml.QEMU_NS, "del");
        assertThat(del.getLength()).isEqualTo(1);
        assertThat(((org.w3c.dom.Element) del.item(0)).getAttribute("capability")).isEqualTo("cpu-unavailable-features");
        // libvirt reads <qemu:capabilities> only as a child of <domain>.
        assertThat(del.item(0).getParentNode().getParentNode()).isSameAs(doc.getDocumentElement());
    }

    @Test
    void write_withoutRelabel_addsSeclabelNone() {
        String xml = DomainXml.write(base().machine(MachineType.MICROVM).relabel(false).build());
        assertThat(xml).contains("  </devices>\n  <seclabel type=\"none\"/>\n");
    }

    @Test
    void build_disksWithoutRelabel_isRefusedNamingTheField() {
        assertThatThrownBy(() -> base().relabel(false)
            .disk(new DomainDefinition.Disk(Path.of("/var/lib/drydock/vm/x/overlay.qcow2"), "vda")).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("relabel:");
    }

    @Test
    void write_markupInValues_isEscaped() {
        DomainDefinition d = base().cmdline("a<b & \"c\"").metadata("command", "echo </entry>").build();
        String xml = DomainXml.write(d);
        assertThat(xml).contains("<cmdline>a&lt;b &amp; \"c\"</cmdline>");
        assertThat(DomainXml.readMetadata(xml)).containsEntry("command", "echo </entry>");
    }

    @Test
    void readMetadata_writtenEntries_roundTrip() {
        DomainDefinition d = base().metadata("image", "busybox").metadata("kernel-source", "packaged").build();
        assertThat(DomainXml.readMetadata(DomainXml.write(d)))
            .containsEntry("image", "busybox").containsEntry("kernel-source", "packaged").hasSize(2);
    }

    @Test
    void readMetadata_foreignDomain_isEmpty() {
        assertThat(DomainXml.readMetadata("<domain type='qemu'><name>x</name></domain>")).isEmpty();
    }

    @Test
    void build_microvmWithInterface_isRefusedNamingTheMachine() {
        assertThatThrownBy(() -> base().machine(MachineType.MICROVM)
            .networkInterface(new DomainDefinition.Interface("drydock0", "drydockt1", "52:54:00:12:34:56")).build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("machine: microvm");
    }

    @Test
    void build_badNameOrSize_isRefusedNamingTheField() {
        assertThatThrownBy(() -> base().name("bad name").build()).hasMessageStartingWith("name:");
        assertThatThrownBy(() -> base().memoryMiB(8).build()).hasMessageStartingWith("memoryMiB:");
        assertThatThrownBy(() -> base().vcpus(0).build()).hasMessageStartingWith("vcpus:");
        assertThatThrownBy(() -> new DomainDefinition.Interface("drydock0", "a-tap-name-too-long", "52:54:00:12:34:56"))
            .hasMessageStartingWith("interface.tap:");
    }
}
