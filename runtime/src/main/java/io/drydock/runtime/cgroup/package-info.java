/**
 * cgroups for drydock containers, v1 and v2, over cgroupfs files (no native calls).
 *
 * <p>{@link io.drydock.runtime.cgroup.CgroupLayout#detectHost()} reads mountinfo and tells the
 * {@link io.drydock.runtime.cgroup.CgroupMode}; {@link io.drydock.runtime.cgroup.CgroupManager#forLayout}
 * picks {@link io.drydock.runtime.cgroup.CgroupV2Manager} (unified), {@link io.drydock.runtime.cgroup.CgroupV1Manager}
 * (legacy and hybrid) or {@link io.drydock.runtime.cgroup.UnsupportedCgroups}. A container's place is a
 * {@link io.drydock.runtime.cgroup.CgroupPath} resolved from {@code linux.cgroupsPath}; its limits are a
 * {@link io.drydock.runtime.cgroup.CgroupLimits} shaped like {@code linux.resources}; the benchmarks read
 * {@link io.drydock.runtime.cgroup.CgroupStats}. Every class takes its root paths, so unit tests run on
 * fixture trees.
 */
package io.drydock.runtime.cgroup;
