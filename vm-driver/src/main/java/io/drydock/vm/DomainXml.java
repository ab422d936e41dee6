package io.drydock.vm;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Writes a {@link DomainDefinition} as libvirt domain XML with an XML writer (escaping is the writer's job). */
public final class DomainXml {
    /** The namespace of drydock's {@code <metadata>} element. */
    public static final String METADATA_NS = "https://drydock.io/xmlns/vm/1";
    /** libvirt's QEMU namespace, for {@code <qemu:capabilities>}. */
    public static final String QEMU_NS = "http://libvirt.org/schemas/domain/qemu/1.0";
    /** The libvirt QEMU capability whose absence makes libvirt read the guest CPU by feature words. */
    static final String CPU_UNAVAILABLE_FEATURES = "cpu-unavailable-features";

    private final XMLStreamWriter w;
    private int depth;

    private DomainXml(XMLStreamWriter w) {
        this.w = w;
    }

    /** The domain XML, indented two spaces, ending in a newline. */
    public static String write(DomainDefinition d) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            new DomainXml(w).domain(d);
            w.flush();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("domain XML for " + d.name() + ": " + e.getMessage(), e);
        }
        return out + "\n";
    }

    /**
     * drydock's metadata from a domain's XML as libvirt returns it; empty for a domain drydock did
     * not define.
     */
    public static Map<String, String> readMetadata(String domainXml) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList entries = f.newDocumentBuilder().parse(new InputSource(new StringReader(domainXml)))
                .getElementsByTagNameNS(METADATA_NS, "entry");
            for (int i = 0; i < entries.getLength(); i++) {
                Element e = (Element) entries.item(i);
                m.put(e.getAttribute("key"), e.getTextContent());
            }
        } catch (Exception e) {
            throw new IllegalArgumentException("domain XML: not parseable: " + e.getMessage(), e);
        }
        return m;
    }

    private void domain(DomainDefinition d) throws XMLStreamException {
        open("domain", "type", d.accelerator().domainType());
        boolean featureWords = d.cpuReadback() == DomainDefinition.CpuReadback.FEATURE_WORDS;
        if (featureWords) {
            // libvirt looks for <qemu:*> by this namespace declared on the root element.
            w.writeNamespace("qemu", QEMU_NS);
        }
        text("name", d.name());
        text("memory", Long.toString(d.memoryMiB()), "unit", "MiB");
        text("vcpu", Integer.toString(d.vcpus()));
        if (!d.metadata().isEmpty()) {
            open("metadata");
            indent();
            w.writeStartElement("drydock", "vm", METADATA_NS);
            w.writeNamespace("drydock", METADATA_NS);
            depth++;
            for (Map.Entry<String, String> e : new TreeMap<>(d.metadata()).entrySet()) {
                indent();
                w.writeStartElement("drydock", "entry", METADATA_NS);
                w.writeAttribute("key", e.getKey());
                w.writeCharacters(e.getValue());
                w.writeEndElement();
            }
            close();
            close();
        }
        open("os");
        text("type", "hvm", "arch", "x86_64", "machine", d.machine().qemuName());
        text("kernel", d.kernel().toString());
        if (d.initrd() != null) {
            text("initrd", d.initrd().toString());
        }
        text("cmdline", d.cmdline());
        close();
        open("features");
        // ACPI is how the guest's poweroff reaches QEMU on pc/q35 (microvm has its own GED).
        empty("acpi");
        close();
        if (d.accelerator() == Accelerator.KVM) {
            empty("cpu", "mode", "host-passthrough");
        } else {
            empty("cpu", "mode", "maximum");
        }
        text("on_poweroff", "destroy");
        text("on_reboot", "destroy");
        text("on_crash", "destroy");
        open("devices");
        // libvirt adds a USB controller unless told not to; microvm has no bus for it.
        empty("controller", "type", "usb", "model", "none");
        for (DomainDefinition.Disk disk : d.disks()) {
            open("disk", "type", "file", "device", "disk");
            if (disk.format() == DomainDefinition.Disk.Format.RAW) {
                // A volume: I/O goes to the host file with O_DIRECT, as a container's direct I/O does.
                empty("driver", "name", "qemu", "type", "raw", "cache", "none", "io", "native");
            } else {
                empty("driver", "name", "qemu", "type", "qcow2");
            }
            empty("source", "file", disk.file().toString());
            empty("target", "dev", disk.target(), "bus", "virtio");
            close();
        }
        for (DomainDefinition.Interface nic : d.interfaces()) {
            open("interface", "type", "bridge");
            empty("source", "bridge", nic.bridge());
            empty("target", "dev", nic.tap());
            empty("mac", "address", nic.mac());
            empty("model", "type", "virtio");
            close();
        }
        open("serial", "type", "file");
        empty("source", "path", d.consoleLog().toString());
        empty("target", "port", "0");
        close();
        if (d.balloon()) {
            open("memballoon", "model", "virtio");
            empty("stats", "period", "1");
            close();
        } else {
            empty("memballoon", "model", "none");
        }
        close();
        if (!d.relabel()) {
            // No security driver labels (chowns) the files; QEMU still runs as libvirt's user.
            empty("seclabel", "type", "none");
        }
        if (featureWords) {
            // See DomainDefinition.CpuReadback: about 400 fewer monitor round trips per start.
            indent();
            w.writeStartElement("qemu", "capabilities", QEMU_NS);
            depth++;
            indent();
            w.writeEmptyElement("qemu", "del", QEMU_NS);
            w.writeAttribute("capability", CPU_UNAVAILABLE_FEATURES);
            close();
        }
        close();
    }

    private void indent() throws XMLStreamException {
        w.writeCharacters("\n" + "  ".repeat(depth));
    }

    private void open(String name, String... attrs) throws XMLStreamException {
        if (depth > 0) {
            indent();
        }
        w.writeStartElement(name);
        attributes(attrs);
        depth++;
    }

    private void close() throws XMLStreamException {
        depth--;
        indent();
        w.writeEndElement();
    }

    private void empty(String name, String... attrs) throws XMLStreamException {
        indent();
        w.writeEmptyElement(name);
        attributes(attrs);
    }

    private void text(String name, String value, String... attrs) throws XMLStreamException {
        indent();
        w.writeStartElement(name);
        attributes(attrs);
        w.writeCharacters(value);
        w.writeEndElement();
    }

    private void attributes(String... attrs) throws XMLStreamException {
        for (int i = 0; i < attrs.length; i += 2) {
            w.writeAttribute(attrs[i], attrs[i + 1]);
        }
    }
}
