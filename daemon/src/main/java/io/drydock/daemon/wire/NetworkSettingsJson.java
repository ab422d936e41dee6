package io.drydock.daemon.wire;

import java.util.List;
import java.util.Map;

/** NetworkSettings: the port bindings in force ({@code 80/tcp -> [{HostIp, HostPort}]}) and the address. */
public record NetworkSettingsJson(Map<String, List<PortBindingJson>> ports, String iPAddress, String gateway,
                                  Map<String, Object> networks) {
}
