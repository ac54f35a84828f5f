/** Internal to linkmesh-alloy-adapter; not API. */
@org.jspecify.annotations.NullMarked
package io.linkmesh.alloy.internal;
