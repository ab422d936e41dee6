package io.drydock.vm.libvirt;

import io.drydock.vm.Hypervisor;
import io.drydock.vm.VmException;
import io.drydock.vm.VmStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainBlockStats;
import org.libvirt.DomainInfo;
import org.libvirt.DomainInterfaceStats;
import org.libvirt.Error;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;
import org.libvirt.MemoryStatistic;

/** {@link Hypervisor} over libvirt-java: the only class in drydock that talks to libvirt. */
public final class LibvirtHypervisor implements Hypervisor {
    /** libvirt's system QEMU driver, where drydock defines its VMs. */
    public static final String SYSTEM_URI = "qemu:///system";
    /** libvirt's in-process test driver: no daemon, no QEMU; for unit tests. */
    public static final String TEST_URI = "test:///default";

    /** libvirt's virDomainMemoryStatTags, by index. */
    private static final String[] MEMORY_TAGS = {"swap_in", "swap_out", "major_fault", "minor_fault", "unused",
        "available", "actual_balloon", "rss", "usable", "last_update", "disk_caches", "hugetlb_pgalloc", "hugetlb_pgfail"};

    private final String uri;
    private final Connect conn;

    private LibvirtHypervisor(String uri, Connect conn) {
        this.uri = uri;
        this.conn = conn;
    }

    /**
     * Connects to libvirt.
     *
     * @throws VmException saying libvirt is unreachable and how to start it, or that libvirt's
     *                     library is not installed
     */
    public static LibvirtHypervisor connect(String uri) throws VmException {
        try {
            // libvirt prints every error to stderr by default, even a lookup drydock expects to miss;
            // errors reach drydock as exceptions, so the printing is switched off.
            Connect.setErrorCallback(new ErrorCallback());
            return new LibvirtHypervisor(uri, new Connect(uri));
        } catch (LibvirtException e) {
            throw new VmException("connect", "libvirt at " + uri + " is unreachable (is libvirtd running? scripts/libvirt start): "
                + message(e), e);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new VmException("connect", "libvirt's C library (libvirt0) is not installed: scripts/setup --vm", e);
        }
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public void define(String domainXml) throws VmException {
        try {
            conn.domainDefineXML(domainXml).free();
        } catch (LibvirtException e) {
            throw new VmException("define", message(e), e);
        }
    }

    @Override
    public void start(String name) throws VmException {
        try {
            Domain d = conn.domainLookupByName(name);
            try {
                d.create();
            } finally {
                d.free();
            }
        } catch (LibvirtException e) {
            throw new VmException("start", name + ": " + message(e), e);
        }
    }

    @Override
    public void destroy(String name) throws VmException {
        try {
            Optional<Domain> d = lookup(name);
            if (d.isPresent()) {
                try {
                    if (d.get().isActive() == 1) {
                        d.get().destroy();
                    }
                } finally {
                    d.get().free();
                }
            }
        } catch (LibvirtException e) {
            // The domain may have powered off between isActive and destroy.
            if (e.getError().getCode() != Error.ErrorNumber.VIR_ERR_OPERATION_INVALID) {
                throw new VmException("destroy", name + ": " + message(e), e);
            }
        }
    }

    @Override
    public void undefine(String name) throws VmException {
        try {
            Optional<Domain> d = lookup(name);
            if (d.isPresent()) {
                try {
                    d.get().undefine();
                } finally {
                    d.get().free();
                }
            }
        } catch (LibvirtException e) {
            throw new VmException("undefine", name + ": " + message(e), e);
        }
    }

    @Override
    public Optional<DomainState> state(String name) throws VmException {
        try {
            Optional<Domain> d = lookup(name);
            if (d.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(switch (d.get().getInfo().state) {
                    case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> DomainState.RUNNING;
                    case VIR_DOMAIN_PAUSED -> DomainState.PAUSED;
                    case VIR_DOMAIN_SHUTDOWN -> DomainState.SHUTTING_DOWN;
                    case VIR_DOMAIN_SHUTOFF -> DomainState.SHUTOFF;
                    case VIR_DOMAIN_CRASHED -> DomainState.CRASHED;
                    default -> DomainState.OTHER;
                });
            } finally {
                d.get().free();
            }
        } catch (LibvirtException e) {
            throw new VmException("state", name + ": " + lost(e), e);
        }
    }

    /**
     * libvirt's message, and when the connection itself is gone (libvirtd restarted or stopped
     * under it: libvirt says only "client socket is closed"), that this connection is lost and a
     * new one is needed; the domains themselves keep running in their QEMU processes.
     */
    private String lost(LibvirtException e) {
        boolean alive;
        try {
            alive = conn.isAlive();
        } catch (LibvirtException | RuntimeException probe) {
            alive = false;
        }
        return alive ? message(e) : "the connection to libvirt at " + uri
            + " was lost (libvirtd restarted or stopped; a new connection is needed): " + message(e);
    }

    @Override
    public List<String> domains() throws VmException {
        try {
            List<String> names = new ArrayList<>();
            for (int id : conn.listDomains()) {
                Domain d;
                try {
                    d = conn.domainLookupByID(id);
                } catch (LibvirtException e) {
                    // A domain that stopped between the listing and the look-up is no longer running.
                    if (e.getError() != null && e.getError().getCode() == Error.ErrorNumber.VIR_ERR_NO_DOMAIN) {
                        continue;
                    }
                    throw e;
                }
                try {
                    names.add(d.getName());
                } finally {
                    d.free();
                }
            }
            names.addAll(List.of(conn.listDefinedDomains()));
            return names;
        } catch (LibvirtException e) {
            throw new VmException("list", message(e), e);
        }
    }

    @Override
    public Optional<String> xml(String name) throws VmException {
        try {
            Optional<Domain> d = lookup(name);
            if (d.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(d.get().getXMLDesc(0));
            } finally {
                d.get().free();
            }
        } catch (LibvirtException e) {
            throw new VmException("xml", name + ": " + message(e), e);
        }
    }

    @Override
    public VmStats stats(String name, List<String> disks, List<String> interfaces) throws VmException {
        try {
            Domain d = conn.domainLookupByName(name);
            try {
                DomainInfo info = d.getInfo();
                Map<String, Long> balloon = new LinkedHashMap<>();
                try {
                    for (MemoryStatistic m : d.memoryStats(MEMORY_TAGS.length)) {
                        int tag = m.getTag();
                        balloon.put(tag >= 0 && tag < MEMORY_TAGS.length ? MEMORY_TAGS[tag] : "tag" + tag, m.getValue());
                    }
                } catch (LibvirtException e) {
                    // No balloon, or a driver without memory stats: leave them empty.
                }
                long rd = 0, wr = 0, rx = 0, tx = 0;
                for (String disk : disks) {
                    DomainBlockStats b = d.blockStats(disk);
                    rd += b.rd_bytes;
                    wr += b.wr_bytes;
                }
                for (String nic : interfaces) {
                    DomainInterfaceStats s = d.interfaceStats(nic);
                    rx += s.rx_bytes;
                    tx += s.tx_bytes;
                }
                return new VmStats(info.cpuTime, info.memory, balloon, -1, rd, wr, rx, tx);
            } finally {
                d.free();
            }
        } catch (LibvirtException e) {
            throw new VmException("stats", name + ": " + message(e), e);
        }
    }

    @Override
    public String version() throws VmException {
        try {
            return "libvirt " + dotted(conn.getLibVersion()) + ", hypervisor " + dotted(conn.getVersion());
        } catch (LibvirtException e) {
            throw new VmException("version", message(e), e);
        }
    }

    @Override
    public void close() throws VmException {
        try {
            conn.close();
        } catch (LibvirtException e) {
            throw new VmException("close", uri + ": " + message(e), e);
        }
    }

    private Optional<Domain> lookup(String name) throws LibvirtException {
        try {
            return Optional.of(conn.domainLookupByName(name));
        } catch (LibvirtException e) {
            if (e.getError().getCode() == Error.ErrorNumber.VIR_ERR_NO_DOMAIN) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String dotted(long v) {
        return (v / 1_000_000) + "." + (v / 1000 % 1000) + "." + (v % 1000);
    }

    private static String message(LibvirtException e) {
        Error err = e.getError();
        return err != null && err.getMessage() != null ? err.getMessage() : String.valueOf(e.getMessage());
    }
}
