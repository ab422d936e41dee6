package io.drydock.vm;

/** The QEMU machine type a guest boots on. */
public enum MachineType {
    /** No PCI, no firmware: the fastest boot where kernel and QEMU support it. */
    MICROVM("microvm"),
    /** i440FX with SeaBIOS. */
    PC("pc"),
    /** Q35 with SeaBIOS. */
    Q35("q35");

    private final String qemuName;

    MachineType(String qemuName) {
        this.qemuName = qemuName;
    }

    /** The name QEMU and libvirt use. */
    public String qemuName() {
        return qemuName;
    }

    /** Parses "microvm", "pc" or "q35". */
    public static MachineType parse(String name) {
        for (MachineType m : values()) {
            if (m.qemuName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("machine type: expected microvm, pc or q35, got " + name);
    }
}
