/**
 * Name tables for the kernel's security interfaces as OCI configs spell them: Linux capabilities
 * with their numbers and masks, and the libseccomp action, operator, architecture and flag names.
 * No dependencies.
 */
package io.drydock.runtime.security;
