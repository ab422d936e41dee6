/** The Docker Engine API over drydock's engine, served on a unix socket by {@code drydock daemon}. */
package io.drydock.daemon;
