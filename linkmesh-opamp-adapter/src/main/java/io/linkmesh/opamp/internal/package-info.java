/** Internal to linkmesh-opamp-adapter; not API. */
@org.jspecify.annotations.NullMarked
package io.linkmesh.opamp.internal;
