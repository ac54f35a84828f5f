/** Internal to linkmesh-config-alloy; not API. */
@org.jspecify.annotations.NullMarked
package io.linkmesh.config.alloy.internal;
