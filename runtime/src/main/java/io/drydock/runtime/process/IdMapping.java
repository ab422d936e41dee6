package io.drydock.runtime.process;

/**
 * One line of a uid_map or gid_map (user_namespaces(7)): ids {@code containerId ..
 * containerId+size-1} inside the namespace are {@code hostId ..} outside.
 */
public record IdMapping(long containerId, long hostId, long size) {
  public IdMapping {
    if (containerId < 0 || hostId < 0 || size <= 0
        || containerId + size > 0x1_0000_0000L || hostId + size > 0x1_0000_0000L) {
      throw new IllegalArgumentException(
          "id mapping: bad range " + containerId + " " + hostId + " " + size);
    }
  }
}
