package io.drydock.runtime.sys;

/**
 * Two file descriptors made together by pipe2(2) ({@code first} is the read end, {@code second}
 * the write end) or socketpair(2) (two connected, equivalent ends).
 */
public record FdPair(int first, int second) {}
