/** Internal to linkmesh-sim; not API. */
@org.jspecify.annotations.NullMarked
package io.linkmesh.sim.internal;
