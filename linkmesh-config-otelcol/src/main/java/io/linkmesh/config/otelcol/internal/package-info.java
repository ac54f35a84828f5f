/** Internal to linkmesh-config-otelcol; not API. */
@org.jspecify.annotations.NullMarked
package io.linkmesh.config.otelcol.internal;
