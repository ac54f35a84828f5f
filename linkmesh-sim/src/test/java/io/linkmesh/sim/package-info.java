/** Tests of the fleet simulator against a real in-process server. */
@org.jspecify.annotations.NullMarked
package io.linkmesh.sim;
