package io.drydock.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decides KVM or TCG by trying: /dev/kvm must open and a guest must actually reach userspace
 * under {@code -accel kvm} (nested KVM can accept KVM_CREATE_VM and still hang or fail on MSRs).
 * The answer is cached per kernel in the state directory; {@code DRYDOCK_VM_ACCEL=kvm|tcg} overrides it.
 */
public final class AcceleratorProbe {
    /** A guest that reaches userspace under KVM does so in well under this. */
    static final long PROBE_TIMEOUT_SECONDS = 15;

    /**
     * @param verdict the accelerator chosen
     * @param reason  why, for results and error messages
     */
    public record Result(Accelerator verdict, String reason) {}

    private AcceleratorProbe() {}

    /** Probes (or reads the cached verdict), booting {@code kernel} with a throwaway initramfs in {@code work}. */
    public static Result probe(GuestKernel kernel, Path work) throws VmException {
        String forced = System.getenv("DRYDOCK_VM_ACCEL");
        if (forced != null && !forced.isEmpty()) {
            return switch (forced) {
                case "kvm" -> new Result(Accelerator.KVM, "DRYDOCK_VM_ACCEL=kvm");
                case "tcg" -> new Result(Accelerator.TCG, "DRYDOCK_VM_ACCEL=tcg");
                default -> throw new VmException("probe accelerator", "DRYDOCK_VM_ACCEL: expected kvm or tcg, got " + forced);
            };
        }
        Path cache = work.resolve("accel-" + kernel.release());
        try {
            if (Files.isRegularFile(cache)) {
                String[] parts = Files.readString(cache).trim().split(" ", 2);
                return new Result(Accelerator.valueOf(parts[0]), parts.length > 1 ? parts[1] : "cached");
            }
            Result r = tryKvm(kernel, work);
            Files.createDirectories(work);
            Files.writeString(cache, r.verdict().name() + " " + r.reason() + "\n");
            return r;
        } catch (IOException e) {
            throw new VmException("probe accelerator", "cache " + cache + ": " + e.getMessage(), e);
        }
    }

    private static Result tryKvm(GuestKernel kernel, Path work) throws VmException, IOException {
        Path kvm = Path.of("/dev/kvm");
        if (!Files.isReadable(kvm) || !Files.isWritable(kvm)) {
            return new Result(Accelerator.TCG, "/dev/kvm is missing or not accessible");
        }
        Path dir = Files.createTempDirectory(Files.createDirectories(work), "probe-");
        try {
            Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
            // No workload: the guest init reports ready, fails to exec and reports exit 127; any marker proves the boot.
            GuestPlan plan = new GuestPlan(List.of(), List.of("/drydock-probe"), List.of(), "/", 0, 0, null);
            Path initrd = dir.resolve("initrd.cpio");
            InitramfsBuilder.write(rootfs, plan, kernel.modulesDir(), List.of(), initrd);
            Path log = dir.resolve("console.log");
            List<String> cmd = BareQemu.command(Accelerator.KVM, MachineType.PC, kernel.image(), initrd,
                GuestCmdline.of(MachineType.PC, null), 128, 1, log);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("qemu.out").toFile()).start();
            ConsoleLog console = new ConsoleLog(log);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PROBE_TIMEOUT_SECONDS);
            try {
                while (System.nanoTime() < deadline) {
                    console.poll();
                    if (console.ready() || console.error() != null) {
                        return new Result(Accelerator.KVM, "a guest reached userspace under KVM");
                    }
                    if (!p.isAlive()) {
                        String out = Files.readString(dir.resolve("qemu.out")).strip();
                        return new Result(Accelerator.TCG, "qemu -accel kvm failed: " + lastLine(out));
                    }
                    Thread.sleep(20);
                }
                return new Result(Accelerator.TCG, "a guest under KVM did not reach userspace in " + PROBE_TIMEOUT_SECONDS + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VmException("probe accelerator", "interrupted", e);
            } finally {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmException("probe accelerator", "interrupted", e);
        } finally {
            StateDir.deleteTree(dir);
        }
    }

    private static String lastLine(String s) {
        int nl = s.lastIndexOf('\n');
        return nl >= 0 ? s.substring(nl + 1) : s;
    }
}
