/**
 * Container and VM networking: one bridge per drydock network, an address for every instance on
 * it, and {@code -p} port mapping with DNAT, done by the standard CNI plugins
 * ({@code containernetworking-plugins}: bridge, host-local, portmap, loopback) driven as a CNI
 * runtime drives them (spec 1.0).
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link io.drydock.runtime.network.PortMapping#parseAll} reads {@code -p} values;
 *       {@link io.drydock.runtime.network.NetworkMode} reads {@code --network}.</li>
 *   <li>{@link io.drydock.runtime.network.BridgeNetwork} attaches containers (a netns path),
 *       instances that bring their own interface such as a VM's tap (an address from the same
 *       pool), or maps ports to a given address; and detaches them.</li>
 *   <li>{@link io.drydock.runtime.network.EtcNetworkFiles} writes a container's /etc/hosts,
 *       /etc/resolv.conf and /etc/hostname.</li>
 *   <li>{@link io.drydock.runtime.network.NetworkPrune} removes what a killed drydock left.</li>
 *   <li>{@link io.drydock.runtime.network.CniRuntime} is the general CNI invoker underneath.</li>
 * </ul>
 *
 * <p>Facts about the plugins (Debian's 1.1.1) this package relies on, each exercised by an IT:
 * portmap's {@code snat} option sets {@code route_localnet} on the bridge and masquerades
 * traffic from 127.0.0.1 so that a mapping answers on localhost; portmap never enters the
 * network namespace, so it also maps ports for a VM's address (run with the host's namespace as
 * {@code CNI_NETNS}); the bridge plugin cannot remove its masquerade rule when the namespace is
 * already gone, so drydock removes rules tagged with the attachment's comment; portmap's CHECK
 * also looks in ip6tables and fails for an IPv4-only attachment, so drydock checks its DNAT rule
 * itself; portmap never removes its shared {@code CNI-HOSTPORT-*} chains, which prune removes
 * once no mapping uses them.
 */
package io.drydock.runtime.network;
