package io.drydock.vm;

/** How the guest's CPU runs: hardware virtualisation or QEMU's emulator. Every result records which. */
public enum Accelerator {
    /** /dev/kvm: libvirt domain type "kvm", QEMU "-accel kvm". */
    KVM("kvm", "kvm"),
    /** QEMU's tiny code generator: libvirt domain type "qemu", QEMU "-accel tcg". */
    TCG("qemu", "tcg");

    private final String domainType;
    private final String qemuAccel;

    Accelerator(String domainType, String qemuAccel) {
        this.domainType = domainType;
        this.qemuAccel = qemuAccel;
    }

    /** The libvirt {@code <domain type=...>}. */
    public String domainType() {
        return domainType;
    }

    /** QEMU's {@code -accel} value. */
    public String qemuAccel() {
        return qemuAccel;
    }

    /** The name results use: "kvm" or "tcg". */
    public String label() {
        return qemuAccel;
    }
}
